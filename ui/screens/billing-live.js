// @ts-check
// Billing screen: the live state card — a checklist read from AWS (billing_status), the
// console steps AWS offers no API for (manual_steps), Resend and Mark as done.

import * as api from '../api.js';
import { h, spinner } from '../dom.js';
import { consoleLink as openOrCopy } from '../links.js';
import { t } from '../i18n.js';
import { errorPanel, rawDetail } from '../errors.js';
import {
  view, currentStatus, teamBilling, unsubscribed, usd, percents, checkRow, planButton, PREFERENCES_URL,
} from './billing-state.js';
import { dateTime, longDate, timeOfDay } from '../format.js';
import { notConnected } from '../parts.js';

/** How long "Sent" stays next to a Resend button. */
const SENT_NOTE = 4000;

/** Read the guard and the confirmed manual steps; the card shows a spinner meanwhile. */
export async function loadStatus() {
  const { store } = view.ctx;
  const seq = ++view.loadSeq;
  view.loading = true;
  view.error = null;
  view.draw.state();
  const [status, steps] = await Promise.allSettled([api.billingStatus(), api.manualSteps()]);
  if (seq !== view.loadSeq) return;
  view.loading = false;
  if (status.status === 'fulfilled') {
    // The account it was read from: connecting to another makes it stale.
    store.billing = { account_id: store.identity?.account_id ?? null, status: status.value };
    view.readAt = new Date();
  } else {
    view.error = status.reason;
    if (status.reason.code === 'not_connected') store.billing = null;
  }
  if (steps.status === 'fulfilled') {
    view.manual = steps.value ?? {};
  } else {
    // They are per account: showing another account's would mislead.
    view.manual = {};
    console.warn('could not read the manual steps', steps.reason);
  }
  view.ctx.refresh();
  view.draw.state();
  view.draw.chart();
}

/** The live state card. */
export function statePart() {
  const { store } = view.ctx;
  const status = currentStatus(store);
  const refresh = h('button', {
    type: 'button', id: 'billing-refresh', disabled: view.loading, onclick: loadStatus,
  }, view.loading ? spinner() : h('span', { 'aria-hidden': 'true' }, '↻'),
  h('span', { 'data-i18n': view.loading ? 'billing.reading' : 'billing.refresh' }));
  const when = status && view.readAt && !view.loading
    ? h('span', { class: 'muted small', id: 'billing-read-at' }, t('billing.read_at', { time: timeOfDay(view.readAt) }))
    : null;
  let body;
  if (view.error && view.error.code === 'not_connected') body = notConnectedPart();
  else if (view.error) body = errorPanel(view.error, 'billing-error');
  else if (status) body = checklist(status, teamBilling(store));
  else if (view.loading) body = null;
  else body = h('p', { class: 'muted', 'data-i18n': 'billing.not_read' });
  return h('section', { class: 'card', id: 'billing-state', 'aria-busy': view.loading ? 'true' : 'false' },
    h('div', { class: 'card-head' },
      h('h2', { 'data-i18n': 'billing.state_title' }),
      h('span', { class: 'spacer' }), when, refresh),
    view.loading
      ? h('p', { class: 'muted', id: 'billing-loading', role: 'status' }, spinner(), ' ',
        h('span', { 'data-i18n': 'billing.reading_help' }))
      : null,
    body);
}

const notConnectedPart = () => notConnected('billing-not-connected', 'billing.not_connected_help', view.ctx.go);

/**
 * @param {import('../api.js').BillingStatus} status
 * @param {import('../api.js').TeamBilling|null} billing the team file's section
 */
function checklist(status, billing) {
  const subs = status.subscriptions;
  const missing = unsubscribed(status, billing);
  const declared = new Set((billing?.notify ?? []).map((e) => e.toLowerCase()));
  return h('div', { class: 'billing-checklist' },
    h('h3', {}, h('span', { 'data-i18n': 'billing.group_preferences' }),
      h('span', { class: 'aws-term', 'data-i18n': 'term.billing_preferences' })),
    h('ul', { class: 'checklist' },
      alertsRow(status.alerts),
      manualRow('billing-invoice', 'invoice_email', 'billing.invoice', 'term.invoice_email', 'billing.invoice_help'),
      manualRow('billing-free-tier', 'free_tier_alerts', 'billing.free_tier', 'term.free_tier', 'billing.free_tier_help')),
    h('h3', {}, h('span', { 'data-i18n': 'billing.group_alarm' }),
      h('span', { class: 'aws-term', 'data-i18n': 'term.alarm' })),
    h('ul', { class: 'checklist', id: 'billing-alarm-list' },
      alarmRow(status.alarm, billing),
      ...subs.map((s, i) => subscriptionRow(s, i, billing && !declared.has(s.email.toLowerCase()))),
      ...missing.map((email, i) => checkRow({
        id: `billing-missing-${i}`, state: 'todo', dataset: { email, subscription: 'none' },
        title: [h('span', { class: 'mono wrap' }, email)],
        evidence: [t('billing.sub_missing')], action: planButton(`billing-missing-${i}-plan`),
      }))),
    status.topic_arn
      ? h('p', { class: 'muted small wrap', id: 'billing-topic' },
        h('span', { 'data-i18n': 'billing.topic' }), ' ', h('span', { class: 'mono selectable' }, status.topic_arn))
      : null,
    budgetRows(status.budget, billing));
}

// ---------------------------------------------------------------------------------------
// Billing preferences

/** The Billing preferences page: open it in the browser or copy its address. */
/** @param {string} rowId the row it is in (the link's ids stay the same across redraws) */
function consoleLink(rowId) {
  return h('span', { class: 'cl-evidence' },
    openOrCopy(PREFERENCES_URL, { id: `${rowId}-console`, label: 'billing.console_at' }));
}

/** "Confirmed by you on …" once marked, else the Mark as done button (and its error). */
/**
 * A manual step's row state: done once the lead confirmed it, else manual with its button.
 * @param {string} step @param {string} rowId
 * @returns {{ state: 'done'|'manual', evidence: (Node|null)[], action: Node|null }}
 */
function manualState(step, rowId) {
  const when = view.manual[step];
  if (when) {
    return {
      state: 'done',
      evidence: [h('span', { class: 'cl-evidence confirmed' }, t('billing.confirmed_by_you', { date: longDate(when) }))],
      action: null,
    };
  }
  const busy = view.marking.has(step);
  const err = view.markErrors.get(step);
  return {
    state: 'manual',
    evidence: [err ? errorPanel(err, `${rowId}-error`) : null],
    action: h('button', {
      type: 'button', id: `${rowId}-mark`, disabled: busy, onclick: () => markDone(step),
    }, busy ? spinner() : null, h('span', { 'data-i18n': 'billing.mark_done' })),
  };
}

function manualRow(id, step, title, term, help) {
  const m = manualState(step, id);
  return checkRow({
    id, state: m.state, term, dataset: { step },
    title: [h('span', { 'data-i18n': title })],
    evidence: [t(help), consoleLink(id), ...m.evidence],
    action: m.action,
  });
}

function alertsRow(alerts) {
  const base = { id: 'billing-alerts', term: 'term.billing_alerts', title: [h('span', { 'data-i18n': 'billing.alerts' })] };
  if (alerts.state === 'enabled') {
    return checkRow({ ...base, state: 'done', dataset: { alerts: 'enabled' }, evidence: [t('billing.alerts_on')] });
  }
  if (alerts.state === 'disabled') {
    return checkRow({
      ...base, state: 'todo', dataset: { alerts: 'disabled' },
      evidence: [t('billing.alerts_off'), alerts.keys.length ? h('span', { class: 'cl-evidence mono' }, alerts.keys.join(', ')) : null],
      action: planButton('billing-alerts-plan'),
    });
  }
  const m = manualState('billing_alerts', 'billing-alerts');
  return checkRow({
    ...base, state: m.state, dataset: { alerts: 'unknown', step: 'billing_alerts' },
    evidence: [t('billing.alerts_unknown'), reasonDetails(alerts.reason), consoleLink('billing-alerts'), ...m.evidence],
    action: m.action,
  });
}

async function markDone(step) {
  view.marking.add(step);
  view.markErrors.delete(step);
  view.draw.state();
  try {
    view.manual = { ...view.manual, [step]: await api.manualStepDone(step) };
  } catch (err) {
    view.markErrors.set(step, err);
  } finally {
    view.marking.delete(step);
    view.draw.state();
  }
}

// ---------------------------------------------------------------------------------------
// Alarm and subscriptions

/** "The team file says $2.00" when the file and AWS disagree (apply will fix it). */
function fileSays(live, wanted) {
  if (wanted === undefined || wanted === null || Math.abs(live - wanted) < 0.005) return null;
  return h('span', { class: 'cl-evidence differs' }, t('billing.file_says', { value: usd(wanted) }));
}

const ALARM_ROW = {
  waiting_for_data: { state: 'todo', title: 'billing.alarm_waiting', help: 'billing.alarm_waiting_help' },
  ok: { state: 'done', title: 'billing.alarm_ok', help: 'billing.alarm_ok_help' },
  over_limit: { state: 'attention', title: 'billing.alarm_over', help: 'billing.alarm_over_help' },
};

function alarmRow(alarm, billing) {
  if (!alarm) {
    return checkRow({
      id: 'billing-alarm', state: 'todo', dataset: { words: 'none' },
      title: [h('span', { 'data-i18n': 'billing.alarm_none' })],
      evidence: [billing ? t('billing.alarm_none_help', { limit: usd(billing.alarm_threshold_usd) }) : t('billing.alarm_none_file')],
      action: billing ? planButton('billing-alarm-plan') : null,
    });
  }
  const kind = ALARM_ROW[alarm.words] ?? ALARM_ROW.waiting_for_data;
  const limit = usd(alarm.threshold);
  return checkRow({
    id: 'billing-alarm', state: kind.state, dataset: { words: alarm.words, alarmState: alarm.state },
    title: [h('span', {}, t(kind.title, { limit }))],
    evidence: [
      t(kind.help, { limit }),
      alarm.updated ? h('span', { class: 'cl-evidence' }, t('billing.since', { time: dateTime(alarm.updated) })) : null,
      billing ? fileSays(alarm.threshold, billing.alarm_threshold_usd) : null,
    ],
  });
}

function subscriptionRow(sub, i, notInFile) {
  const confirmed = sub.state === 'confirmed';
  const busy = view.resending.has(sub.email);
  const err = view.resendErrors.get(sub.email);
  const action = confirmed ? null : h('span', { class: 'resend' },
    view.sent.has(sub.email)
      ? h('span', { class: 'sent-note small', role: 'status', 'data-i18n': 'billing.sent' })
      : null,
    h('button', {
      type: 'button', id: `billing-resend-${i}`, disabled: busy, title: t('billing.resend_help'),
      onclick: () => resend(sub.email),
    }, busy ? spinner() : null, h('span', { 'data-i18n': 'billing.resend' })));
  return checkRow({
    id: `billing-sub-${i}`, state: confirmed ? 'done' : 'todo', dataset: { email: sub.email, subscription: sub.state },
    title: [h('span', { class: 'mono wrap' }, sub.email)],
    evidence: [
      t(confirmed ? 'billing.sub_confirmed' : 'billing.sub_pending'),
      notInFile ? h('span', { class: 'cl-evidence' }, t('billing.sub_not_in_file')) : null,
      err ? errorPanel(err, `billing-sub-${i}-error`) : null,
    ],
    action,
  });
}

async function resend(email) {
  view.resending.add(email);
  view.resendErrors.delete(email);
  view.sent.delete(email);
  view.draw.state();
  try {
    await api.billingResend(email);
    view.sent.add(email);
    setTimeout(() => { view.sent.delete(email); view.draw.state(); }, SENT_NOTE);
  } catch (err) {
    view.resendErrors.set(email, err);
  } finally {
    view.resending.delete(email);
    view.draw.state();
  }
}

// ---------------------------------------------------------------------------------------
// Budget

function budgetRows(budget, billing) {
  const wanted = billing?.monthly_budget_usd;
  if (!budget && !wanted) return null;
  let row;
  if (budget) {
    const actual = budget.notifications.filter((n) => n.kind === 'ACTUAL').map((n) => n.percent);
    const forecast = budget.notifications.filter((n) => n.kind === 'FORECASTED').map((n) => n.percent);
    const parts = [t('billing.budget_per_month', { limit: usd(budget.limit_usd) })];
    if (actual.length) parts.push(t('billing.budget_alerts_at', { list: percents(actual) }));
    if (forecast.length) parts.push(t('billing.budget_forecast', { list: percents(forecast) }));
    row = checkRow({
      id: 'billing-budget-row', state: 'done',
      title: [h('span', { 'data-i18n': 'billing.budget_row' })],
      evidence: [
        parts.join(' · '),
        wanted ? fileSays(budget.limit_usd, wanted) : h('span', { class: 'cl-evidence' }, t('billing.budget_not_in_file')),
      ],
    });
  } else {
    row = checkRow({
      id: 'billing-budget-row', state: 'todo',
      title: [h('span', { 'data-i18n': 'billing.budget_row' })],
      evidence: [t('billing.budget_missing', { limit: usd(wanted) })],
      action: planButton('billing-budget-plan'),
    });
  }
  return h('div', {},
    h('h3', {}, h('span', { 'data-i18n': 'billing.group_budget' }),
      h('span', { class: 'aws-term', 'data-i18n': 'term.budget' })),
    h('ul', { class: 'checklist' }, row),
    budget?.subscribers_unreadable
      ? h('div', { class: 'muted small', id: 'billing-budget-unreadable' },
        h('p', {}, t('billing.subscribers_unreadable')), reasonDetails(budget.subscribers_unreadable))
      : null);
}

/** AWS's own words (English) behind "details", never inside a translated sentence. */
function reasonDetails(reason) {
  const text = rawDetail(reason);
  return text
    ? h('details', { class: 'cl-evidence' }, h('summary', { 'data-i18n': 'error.details' }), h('span', { class: 'mono wrap' }, text))
    : null;
}
