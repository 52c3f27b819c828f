// @ts-check
// Billing screen: the Settings card — the team file's [billing], checked as you type and
// saved with the rest of the working team (the same file the Team screen edits).

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { inputWithValue } from '../team-form.js';
import { teamStandIn, addCard, formCard } from '../form-check.js';
import { view } from './billing-state.js';
import { card, fieldError, changed, structural } from './billing-check.js';

/** The seed's guard: any charge at all mails the lead. */
const SEED = { alarm_threshold_usd: 1, notify: [], budget_alert_percents: [80, 100] };
const DEFAULT_BUDGET = 20;
const DEFAULT_PERCENTS = [80, 100];

/** The settings card, or what stands in for it while there is no team. */
export function settingsPart() {
  const standIn = teamStandIn(card, 'billing.no_team_help', resetLocal);
  if (standIn) return standIn;
  const b = /** @type {import('../api.js').Team} */ (view.ctx.store.team).billing;
  if (!b) return addCard(card, 'billing-enable', 'billing.enable', enable);
  // Rust leaves empty lists out of the file; the form edits them in place.
  b.notify ??= [];
  b.budget_alert_percents ??= [];
  return form(b);
}

function form(b) {
  const budgetOn = b.monthly_budget_usd !== undefined && b.monthly_budget_usd !== null;
  const threshold = amountInput('billing-threshold', 'billing.alarm_threshold_usd', b.alarm_threshold_usd,
    (n) => { b.alarm_threshold_usd = n; }, { 'aria-describedby': 'billing-threshold-help', min: 0.01 });
  const budget = amountInput('billing-budget', 'billing.monthly_budget_usd', b.monthly_budget_usd,
    (n) => { b.monthly_budget_usd = n; }, { disabled: !budgetOn, min: 0.01 });
  const percentsText = view.raw['billing.budget_alert_percents'] ?? b.budget_alert_percents.join(', ');
  const percentsInput = inputWithValue({
    type: 'text', id: 'billing-percents', class: 'percents', inputmode: 'numeric', autocomplete: 'off',
    spellcheck: 'false', disabled: !budgetOn, placeholder: '80, 100', 'aria-describedby': 'billing-percents-help',
    oninput: (e) => readPercents(b, e.target.value),
  }, percentsText);
  const toggle = h('input', {
    type: 'checkbox', id: 'billing-budget-on', checked: budgetOn, 'aria-describedby': 'billing-budget-help',
    onchange: (e) => toggleBudget(b, e.target.checked),
  });

  return formCard(card, [
    h('div', { class: 'field' },
      h('label', { for: 'billing-threshold' },
        h('span', { 'data-i18n': 'billing.threshold' }), h('span', { class: 'aws-term', 'data-i18n': 'term.threshold' })),
      h('div', { class: 'inline' },
        h('span', { class: 'unit', 'aria-hidden': 'true' }, '$'), threshold),
      h('p', { id: 'billing-threshold-help', class: 'muted small', 'data-i18n': 'billing.threshold_help' }),
      fieldError('billing.alarm_threshold_usd', threshold)),
    emailsField(b),
    h('fieldset', { class: 'plain billing-budget' },
      h('legend', {}, h('span', { 'data-i18n': 'billing.budget_title' }),
        h('span', { class: 'aws-term', 'data-i18n': 'term.budget' })),
      h('label', { class: 'check', for: 'billing-budget-on' }, toggle,
        h('span', { class: 'check-body' },
          h('span', { 'data-i18n': 'billing.budget_on' }),
          h('span', { id: 'billing-budget-help', class: 'muted small', 'data-i18n': 'billing.budget_help' }))),
      h('div', { class: 'budget-fields', hidden: !budgetOn },
        h('div', { class: 'field' },
          h('label', { for: 'billing-budget', 'data-i18n': 'billing.budget' }),
          h('div', { class: 'inline' },
            h('span', { class: 'unit', 'aria-hidden': 'true' }, '$'), budget,
            h('span', { class: 'muted small', 'data-i18n': 'billing.per_month' })),
          fieldError('billing.monthly_budget_usd', budget)),
        h('div', { class: 'field' },
          h('label', { for: 'billing-percents', 'data-i18n': 'billing.percents' }),
          percentsInput,
          h('p', { id: 'billing-percents-help', class: 'muted small', 'data-i18n': 'billing.percents_help' }),
          fieldError('billing.budget_alert_percents', percentsInput)))),
    difference(),
  ], {
    remove: { id: 'billing-remove', key: 'billing.remove', help: 'billing.remove_help', onclick: removeGuard },
    // Problems of other parts of the team are fixed on Team; once saved, Plan & apply is next.
    problemsAction: h('button', { type: 'button', id: 'billing-problems-team', onclick: () => view.ctx.go('team') },
      h('span', { 'data-i18n': 'plan.open_team' })),
    savedAction: h('button', { type: 'button', id: 'billing-go-plan', class: 'primary', onclick: () => view.ctx.go('plan') },
      h('span', { 'data-i18n': 'billing.open_plan' })),
  });
}

/** How the budget differs from the alarm, in plain words. */
function difference() {
  return h('div', { class: 'billing-compare', id: 'billing-compare' },
    h('h3', { 'data-i18n': 'billing.compare_title' }),
    h('ul', {},
      h('li', {}, h('strong', { 'data-i18n': 'billing.compare_alarm_name' }), ' ',
        h('span', { 'data-i18n': 'billing.compare_alarm' })),
      h('li', {}, h('strong', { 'data-i18n': 'billing.compare_budget_name' }), ' ',
        h('span', { 'data-i18n': 'billing.compare_budget' }))));
}

function emailsField(b) {
  const addInput = inputWithValue({
    type: 'text', id: 'billing-add-email', autocomplete: 'off', spellcheck: 'false', inputmode: 'email',
    placeholder: 'lead@example.com', 'aria-describedby': 'billing-notify-help',
    oninput: (e) => { view.newEmail = e.target.value; },
    onkeydown: (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        addEmail(b);
      }
    },
  }, view.newEmail);
  const list = h('ul', { class: 'email-list', id: 'billing-emails' },
    ...b.notify.map((email, i) => {
      const remove = h('button', {
        type: 'button', class: 'icon-button', id: `billing-email-${i}-remove`,
        'aria-label': t('billing.remove_email', { email }), title: t('billing.remove_email', { email }),
        onclick: () => removeEmail(b, i),
      }, '×');
      const line = h('div', { class: 'email-line' }, h('span', { class: 'mono wrap' }, email), remove);
      return h('li', { class: 'email-item', id: `billing-email-${i}`, dataset: { notify: email } },
        line, fieldError(`billing.notify[${i}]`, line));
    }));
  return h('fieldset', { class: 'plain' },
    h('legend', {}, h('span', { 'data-i18n': 'billing.notify' }),
      h('span', { class: 'aws-term', 'data-i18n': 'term.subscriptions' })),
    h('p', { id: 'billing-notify-help', class: 'muted small', 'data-i18n': 'billing.notify_help' }),
    b.notify.length ? list : h('p', { class: 'muted', id: 'billing-no-emails', 'data-i18n': 'billing.no_emails' }),
    h('label', { for: 'billing-add-email', class: 'small', 'data-i18n': 'billing.add_email_label' }),
    h('div', { class: 'add-row' },
      addInput,
      h('button', { type: 'button', id: 'billing-add-email-button', onclick: () => addEmail(b) },
        h('span', { 'aria-hidden': 'true' }, '+'), h('span', { 'data-i18n': 'billing.add_email' }))),
    fieldError('billing.notify', addInput));
}

// ---------------------------------------------------------------------------------------
// Inputs

/** A USD amount; text that is not a number becomes a local problem of `field`. */
function amountInput(id, field, value, set, attrs = {}) {
  const read = (e) => {
    const raw = e.target.value.trim();
    const n = Number(raw);
    if (raw !== '' && Number.isFinite(n)) {
      view.local.delete(field);
      delete view.raw[field];
      set(n);
    } else {
      view.local.set(field, { code: 'usd_amount', params: { value: raw } });
      view.raw[field] = raw;
    }
    changed();
  };
  return inputWithValue({
    type: 'number', id, step: 0.01, inputmode: 'decimal', class: 'num', ...attrs,
    oninput: read,
    onchange: read,
  }, view.raw[field] ?? value);
}

/** "80, 100" → [80, 100]; anything else is a local problem until corrected. */
function readPercents(b, text) {
  const field = 'billing.budget_alert_percents';
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.every((s) => /^\d{1,9}$/.test(s))) {
    view.local.delete(field);
    b.budget_alert_percents = parts.map(Number);
  } else {
    view.local.set(field, { code: 'whole_number', params: { min: 1, max: 1000 } });
  }
  view.raw[field] = text;
  changed();
}

function toggleBudget(b, on) {
  view.local.delete('billing.monthly_budget_usd');
  delete view.raw['billing.monthly_budget_usd'];
  if (on) {
    b.monthly_budget_usd ??= DEFAULT_BUDGET;
    if (!b.budget_alert_percents.length) {
      b.budget_alert_percents = [...DEFAULT_PERCENTS];
      delete view.raw['billing.budget_alert_percents'];
      view.local.delete('billing.budget_alert_percents');
    }
  } else {
    delete b.monthly_budget_usd;
  }
  structural();
}

/** Add what was typed or pasted: the seed and the console separate addresses with commas,
 * spaces or new lines, so each becomes its own entry (a repeat is not added twice). */
function addEmail(b) {
  const emails = view.newEmail.split(/[\s,;]+/).filter((e) => e);
  if (emails.length === 0) {
    document.getElementById('billing-add-email')?.focus();
    return;
  }
  for (const email of emails) {
    if (!b.notify.some((x) => x.toLowerCase() === email.toLowerCase())) b.notify.push(email);
  }
  view.newEmail = '';
  structural();
  document.getElementById('billing-add-email')?.focus();
}

function removeEmail(b, i) {
  b.notify.splice(i, 1);
  // Problems name addresses by index: drop the old ones until the new check answers.
  view.problems = view.problems.filter((p) => !p.field.startsWith('billing.notify'));
  structural();
  const next = document.getElementById(`billing-email-${i}-remove`)
    ?? document.getElementById(`billing-email-${i - 1}-remove`)
    ?? document.getElementById('billing-add-email');
  next?.focus();
}

function enable() {
  const team = /** @type {import('../api.js').Team} */ (view.ctx.store.team);
  team.billing = JSON.parse(JSON.stringify(SEED));
  resetLocal();
  structural();
  document.getElementById('billing-threshold')?.focus();
}

function removeGuard() {
  delete /** @type {import('../api.js').Team} */ (view.ctx.store.team).billing;
  resetLocal();
  structural();
  document.getElementById('billing-enable')?.focus();
}

function resetLocal() {
  view.local.clear();
  view.raw = {};
  view.newEmail = '';
  view.problems = view.problems.filter((p) => !p.field.startsWith('billing'));
}
