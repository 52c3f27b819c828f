// @ts-check
// Plan & apply: what apply would change in the account, then apply it with live progress.
// Nothing changes in AWS until Apply; risky changes need a second, deliberate confirmation.

import * as api from '../api.js';
import { h, spinner } from '../dom.js';
import { t } from '../i18n.js';
import { errorPanel, rawDetail } from '../errors.js';
import { notConnected, redrawScreen } from '../parts.js';
import { view } from './plan-state.js';
import { noteText } from '../infra-words.js';
import { changeText, riskText, changeRow, extraSteps, orphans, unchanged, areas } from './plan-changes.js';

/** Sidebar dot: red after a failed apply, green when the account matches the file. */
export function status(store) {
  if (store.applyFailed) return 'attention';
  if (store.applyOk || (store.plan && store.plan.changes.length === 0)) return 'done';
  return 'todo';
}

export function render(main, ctx) {
  view.ctx = ctx;
  view.root = h('div', { class: 'screen plan-screen' });
  main.append(view.root);
  const s = ctx.store;
  const noTeam = s.teamLoaded && !s.teamSaved;
  // Connected to another account since the last plan: what was shown no longer applies.
  const moved = Boolean(s.plan && s.identity && s.plan.account_id !== s.identity.account_id);
  const wanted = s.planStale || moved || (!s.plan && !view.error) || (ctx.opened && !view.report);
  if (!noTeam && !view.applying && !view.planning && wanted) makePlan();
  else redraw();
}

/** Draw the whole screen again, keeping the keyboard focus where it was. */
function redraw() {
  redrawScreen(view.root, (root) => {
    view.rows = new Map();
    draw(root);
  });
}

async function makePlan() {
  const s = view.ctx.store;
  const seq = ++view.seq;
  Object.assign(view, {
    planning: true, error: null, confirming: false, understood: false, report: null, applyError: null,
  });
  view.steps = new Map();
  redraw();
  try {
    const plan = await api.planTeam();
    if (seq !== view.seq) return;
    s.plan = plan;
    s.planStale = false;
    s.applyOk = false;
    if (!plan.changes.length) s.applyFailed = false;
  } catch (err) {
    if (seq !== view.seq) return;
    view.error = err;
    s.plan = null;
  }
  view.planning = false;
  view.ctx.refresh();
  redraw();
}

// ---------------------------------------------------------------------------------------
// Layout

function draw(root) {
  const s = view.ctx.store;
  const noTeam = s.teamLoaded && !s.teamSaved;
  const plan = view.planning ? null : s.plan;
  const parts = [
    h('h1', { 'data-i18n': 'plan.title' }),
    h('p', { class: 'lead', 'data-i18n': 'plan.lead' }),
    h('div', { class: 'toolbar' },
      h('button', {
        type: 'button', id: 'plan-refresh', disabled: view.planning || view.applying || noTeam,
        onclick: makePlan,
      }, view.planning ? spinner() : h('span', { 'aria-hidden': 'true' }, '↻'),
      h('span', { 'data-i18n': view.planning ? 'plan.planning' : 'plan.refresh' })),
      plan ? h('span', { class: 'muted small' }, t('plan.account', { account: plan.account_id })) : null),
    noTeam ? goCallout('plan-no-team', 'plan.no_team', 'plan.no_team_help', 'team', 'plan.open_team') : null,
    // The screen that holds the unsaved edit is the one named (Team or Billing alerts).
    !noTeam && s.teamDirty
      ? goCallout('plan-unsaved', 'plan.unsaved', 'plan.unsaved_help', s.dirtyScreen ?? 'team',
        s.dirtyScreen === 'billing' ? 'plan.open_billing' : s.dirtyScreen === 'infra' ? 'plan.open_infra' : 'plan.open_team') : null,
    view.planning
      ? h('p', { class: 'muted', id: 'plan-loading', role: 'status' }, spinner(), ' ',
        h('span', { 'data-i18n': 'plan.reading' }))
      : null,
    view.error ? planError(view.error) : null,
    plan ? planBody(plan) : null,
  ];
  root.append(...parts.filter(Boolean));
}

/** A calm callout that sends the user to another screen. */
function goCallout(id, title, body, screen, button) {
  return h('div', { class: 'callout info', id, role: 'status' },
    h('strong', { 'data-i18n': title }),
    h('p', { 'data-i18n': body }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: `${id}-button`, onclick: () => view.ctx.go(screen) },
        h('span', { 'data-i18n': button }))));
}

function planError(err) {
  if (err.code === 'not_connected') return notConnected('plan-not-connected', 'error.not_connected.hint', view.ctx.go);
  const panel = errorPanel(err, 'plan-error');
  if (err.code === 'would_lock_out_caller') {
    // The way out: the lead's own MFA first (Members), then an MFA session (Connect).
    panel.append(h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'lockout-members', onclick: () => view.ctx.go('members') },
        h('span', { 'data-i18n': 'plan.lockout_enrol' })),
      h('button', { type: 'button', id: 'lockout-connect', class: 'primary', onclick: () => view.ctx.go('connect') },
        h('span', { 'data-i18n': 'plan.lockout_connect' }))));
  }
  if (err.code === 'invalid_team' || err.code === 'io') {
    panel.append(h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => view.ctx.go('team') },
        h('span', { 'data-i18n': 'plan.open_team' }))));
  }
  return panel;
}

function planBody(plan) {
  const sum = plan.summary;
  const empty = plan.changes.length === 0;
  return h('div', { class: 'plan-body' },
    h('p', { id: 'plan-summary', class: 'plan-summary' },
      h('span', { class: sum.create ? 'sum sum-create' : 'sum' }, t('plan.sum_create', { count: sum.create })),
      h('span', { 'aria-hidden': 'true' }, ' · '),
      h('span', { class: sum.update ? 'sum sum-update' : 'sum' }, t('plan.sum_update', { count: sum.update })),
      h('span', { 'aria-hidden': 'true' }, ' · '),
      h('span', { class: sum.delete ? 'sum sum-delete' : 'sum' }, t('plan.sum_delete', { count: sum.delete })),
      h('span', { 'aria-hidden': 'true' }, ' · '),
      h('span', { class: 'sum' }, t('plan.sum_unchanged', { count: sum.unchanged })),
      sum.risky ? h('span', { 'aria-hidden': 'true' }, ' · ') : null,
      sum.risky ? h('span', { class: 'sum sum-risky' }, t('plan.sum_risky', { count: sum.risky })) : null),
    empty ? inSync() : applyBar(plan),
    view.applyError ? errorPanel(view.applyError, 'apply-error') : null,
    view.report ? resultBanner(view.report) : null,
    view.confirming ? confirmPanel(plan) : null,
    ...areas(plan.changes),
    extraSteps(plan),
    notesPanel(plan),
    plan.orphans.length ? orphans(plan.orphans) : null,
    plan.unchanged.length ? unchanged(plan.unchanged) : null);
}

function inSync() {
  return h('div', { class: 'callout ok in-sync', id: 'plan-in-sync', role: 'status' },
    h('strong', { 'data-i18n': 'plan.in_sync' }),
    h('p', { 'data-i18n': 'plan.in_sync_help' }));
}

function applyBar(plan) {
  const count = plan.changes.length;
  const finished = Boolean(view.report);
  return h('div', { class: 'apply-bar' },
    finished
      ? null
      : h('button', {
        type: 'button', id: 'apply-button', class: 'primary',
        // Unsaved edits are not in the plan: apply waits until they are saved or discarded.
        disabled: view.applying || view.planning || count === 0 || view.confirming || Boolean(view.ctx.store.teamDirty),
        onclick: startApply,
      }, view.applying ? spinner() : null,
      h('span', {}, view.applying ? t('plan.applying') : t('plan.apply', { count }))),
    view.applying || finished
      ? h('span', { id: 'apply-progress', class: 'progress', role: 'status', 'aria-live': 'polite' }, progressText())
      : h('span', { class: 'muted small', 'data-i18n': plan.summary.risky ? 'plan.apply_help_risky' : 'plan.apply_help' }));
}

function progressText() {
  let done = 0;
  let failed = 0;
  let skipped = 0;
  for (const st of view.steps.values()) {
    if (st.state === 'done') done += 1;
    else if (st.state === 'failed') failed += 1;
    else if (st.state === 'skipped') skipped += 1;
  }
  const parts = [t('plan.progress', { done, total: view.steps.size })];
  if (failed) parts.push(t('plan.progress_failed', { count: failed }));
  if (skipped) parts.push(t('plan.progress_skipped', { count: skipped }));
  return parts.join(' · ');
}

function updateProgress() {
  const el = document.getElementById('apply-progress');
  if (el && view.root?.contains(el)) el.textContent = progressText();
}

function resultBanner(report) {
  const ok = report.failed === 0 && report.skipped === 0;
  return h('div', {
    class: `callout ${ok ? 'ok' : 'danger'} result`, id: 'apply-result', role: 'alert',
    dataset: { state: ok ? 'done' : 'failed' },
  },
  h('strong', {}, ok
    ? t('plan.result_ok', { count: report.done })
    : t('plan.result_failed', { failed: report.failed, skipped: report.skipped, done: report.done })),
  h('p', { 'data-i18n': ok ? 'plan.result_ok_help' : 'plan.result_failed_help' }),
  // After a good apply the walk goes on: hand each member their access, then watch their
  // checklists turn green.
  ok ? h('p', { id: 'apply-next' }, h('strong', { 'data-i18n': 'next.title' }), ' ', h('span', { 'data-i18n': 'plan.next_help' })) : null,
  h('div', { class: 'actions' },
    ok ? h('button', { type: 'button', id: 'apply-next-secrets', class: 'primary', onclick: () => view.ctx.go('secrets') },
      h('span', { 'data-i18n': 'plan.next_secrets' })) : null,
    ok ? h('button', { type: 'button', id: 'apply-next-members', onclick: () => view.ctx.go('members') },
      h('span', { 'data-i18n': 'plan.next_members' })) : null,
    h('button', { type: 'button', id: 'replan-button', class: ok ? null : 'primary', onclick: makePlan },
      h('span', { 'data-i18n': 'plan.replan' }))));
}

// ---------------------------------------------------------------------------------------
// Confirm and apply

function confirmPanel(plan) {
  const risky = plan.changes.filter((c) => c.risk);
  const confirm = h('button', {
    type: 'button', id: 'confirm-risky-button', class: 'primary', disabled: !view.understood,
    onclick: () => { if (view.understood) apply(riskyShown(view.ctx.store.plan)); },
  }, h('span', { 'data-i18n': 'plan.confirm_apply' }));
  return h('section', {
    class: 'callout warn confirm', id: 'risky-confirm', role: 'group', 'aria-labelledby': 'risky-confirm-title',
  },
  h('strong', { id: 'risky-confirm-title' }, t('plan.confirm_title', { count: risky.length })),
  h('p', { 'data-i18n': 'plan.confirm_help' }),
  h('ul', { class: 'risk-list' }, ...risky.map((c) => h('li', {},
    h('span', { class: 'change-title' }, changeText(c)),
    h('span', { class: 'small' }, riskText(c.risk))))),
  h('label', { class: 'check', for: 'risky-understood' },
    h('input', {
      type: 'checkbox', id: 'risky-understood', checked: view.understood,
      onchange: (e) => { view.understood = e.target.checked; confirm.disabled = !view.understood; },
    }),
    h('span', { 'data-i18n': 'plan.understand' })),
  h('div', { class: 'actions' },
    confirm,
    h('button', {
      type: 'button', id: 'cancel-risky-button',
      onclick: () => { view.confirming = false; view.understood = false; redraw(); document.getElementById('apply-button')?.focus(); },
    }, h('span', { 'data-i18n': 'common.cancel' }))));
}

function startApply() {
  const plan = view.ctx.store.plan;
  if (!plan || view.applying) return;
  if (plan.summary.risky > 0) {
    view.confirming = true;
    view.understood = false;
    redraw();
    document.getElementById('risky-understood')?.focus();
    return;
  }
  apply([]);
}

/** One step's news from the channel: update its row in place. */
function onStep(step) {
  view.steps.set(step.id, step);
  const row = view.rows.get(step.id);
  const plan = view.ctx.store.plan;
  const index = plan ? plan.changes.findIndex((c) => c.id === step.id) : -1;
  if (row && row.isConnected && index >= 0) {
    row.replaceWith(changeRow(/** @type {import('../api.js').Plan} */ (plan).changes[index], index));
  } else if (index < 0 && plan) {
    const extra = document.getElementById('apply-extra');
    if (extra && view.root?.contains(extra)) extra.replaceWith(extraSteps(plan));
  }
  updateProgress();
}

/** The fingerprints of the risky changes on screen: exactly what the user confirms. */
function riskyShown(plan) {
  return plan ? plan.changes.filter((c) => c.risk).map((c) => c.fingerprint) : [];
}

/** @param {string[]} confirmed fingerprints of the risky changes the user confirmed */
export async function apply(confirmed) {
  const s = view.ctx.store;
  const plan = /** @type {import('../api.js').Plan} */ (s.plan);
  Object.assign(view, { applying: true, confirming: false, understood: false, report: null, applyError: null });
  view.steps = new Map(plan.changes.map((c) => [c.id, {
    id: c.id, title: c.title, kind: c.kind, state: 'pending', detail: null,
  }]));
  s.applyFailed = false;
  s.applyOk = false;
  view.ctx.refresh();
  redraw();
  let again = false;
  try {
    const report = await api.applyTeam(confirmed, onStep);
    for (const st of report.steps) view.steps.set(st.id, st);
    view.report = report;
    s.applyFailed = report.failed > 0 || report.skipped > 0;
    s.applyOk = !s.applyFailed;
  } catch (err) {
    // Nothing ran when no step got past "pending" (keychain, confirmation, connection).
    if ([...view.steps.values()].every((st) => st.state === 'pending')) view.steps = new Map();
    if (err.code === 'confirmation_needed') again = true;
    else view.applyError = err;
    if (err.code === 'not_connected') view.error = err;
  }
  view.applying = false;
  view.ctx.refresh();
  if (again) {
    // The account changed since this plan: show the new plan and ask again.
    await makePlan();
    if (s.plan && s.plan.summary.risky > 0) startApply();
    return;
  }
  redraw();
  document.getElementById(view.report ? 'replan-button' : 'apply-button')?.focus();
}

/** Manual steps and limits the plan cannot act on (e.g. billing alerts set in the console). */
function notesPanel(plan) {
  if (!plan.notes || plan.notes.length === 0) return null;
  return h('section', { class: 'callout', id: 'plan-notes' },
    h('strong', { 'data-i18n': 'plan.notes_title' }),
    h('ul', {}, ...plan.notes.map((n) => {
      const reason = rawDetail(n.params?.reason);
      return h('li', { dataset: { note: n.code } },
        noteText(n),
        // AWS's own words (English) only behind "details", never inside the sentence.
        reason ? h('details', { class: 'small' }, h('summary', { 'data-i18n': 'error.details' }),
          h('span', { class: 'mono wrap' }, reason)) : null);
    })));
}
