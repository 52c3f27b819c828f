// Plan & apply: what apply would change in the account, then apply it with live progress.
// Nothing changes in AWS until Apply; risky changes need a second, deliberate confirmation.

import * as api from '../api.js';
import { h, spinner } from '../dom.js';
import { t, has } from '../i18n.js';
import { errorPanel, errorWords, errorFacts, rawDetail } from './connect.js';

const ACCOUNT_KINDS = new Set(['password_policy', 'alias', 'managed_policy']);
const GROUP_KINDS = new Set(['group', 'group_policy', 'group_inline_policy']);
/** A symbol per action, so colour is never the only sign. */
const MARKS = { create: '+', update: '~', delete: '−' };
const STATE_ICONS = { pending: '○', done: '✓', failed: '!', skipped: '–' };

/** Screen-local state kept across re-renders (language switch, navigation). */
const view = {
  /** @type {HTMLElement|null} */ root: null,
  ctx: null,
  planning: false,
  seq: 0,
  /** @type {import('../api.js').AppError|null} */ error: null,
  confirming: false,
  understood: false,
  applying: false,
  /** @type {Map<string, import('../api.js').Step>} by change id */ steps: new Map(),
  /** @type {import('../api.js').Report|null} */ report: null,
  /** @type {import('../api.js').AppError|null} */ applyError: null,
  /** @type {Map<string, HTMLElement>} change id → its row, for live updates */ rows: new Map(),
};

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
  const root = view.root;
  if (!root || !root.isConnected) return;
  const focused = root.contains(document.activeElement) ? document.activeElement.id : '';
  root.replaceChildren();
  view.rows = new Map();
  draw(root);
  if (focused) document.getElementById(focused)?.focus();
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
      ? goCallout('plan-unsaved', 'plan.unsaved', 'plan.unsaved_help', s.dirtyScreen === 'billing' ? 'billing' : 'team',
        s.dirtyScreen === 'billing' ? 'plan.open_billing' : 'plan.open_team') : null,
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
  if (err.code === 'not_connected') {
    return h('div', { class: 'callout info', id: 'plan-not-connected', role: 'alert' },
      h('strong', { 'data-i18n': 'error.not_connected' }),
      h('p', { 'data-i18n': 'error.not_connected.hint' }),
      h('div', { class: 'actions' },
        h('button', {
          type: 'button', id: 'go-connect-button', class: 'primary', onclick: () => view.ctx.go('connect'),
        }, h('span', { 'data-i18n': 'plan.go_connect' }))));
  }
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
// Changes

/** The line of a change in the user's language (the English title as a fallback). */
function changeText(c) {
  const adopt = c.kind === 'user_tags' && /^manage the existing user/.test(c.title);
  const key = adopt ? 'change.user_tags.adopt' : `change.${c.kind}.${c.action}`;
  if (!has(key)) return c.title;
  const params = { owner: c.owner, target: c.target, alert: '' };
  if (c.kind === 'billing_notification') params.target = alertWhen(c.target) ?? c.target;
  if (c.kind === 'billing_subscriber') {
    // id: billing:budget/ACTUAL:80/subscriber:<email>
    const alert = /^billing:budget\/([A-Z]+:[0-9.]+)\//.exec(c.id);
    params.alert = (alert && alertWhen(alert[1])) ?? '';
  }
  return t(key, params).replace(/\s{2,}/g, ' ').trim();
}

/** A budget alert "ACTUAL:80" / "FORECASTED:100" split into its kind and percent (else null). */
function budgetAlert(target) {
  const m = /^(ACTUAL|FORECASTED):([0-9]+(?:\.[0-9]+)?)$/.exec(target ?? '');
  return m ? { kind: m[1], percent: Number(m[2]) } : null;
}

/** "when actual spend reaches 80% of the budget", in the user's language. */
function alertWhen(target) {
  const a = budgetAlert(target);
  return a ? t(`plan.alert_when.${a.kind}`, { percent: a.percent }) : null;
}

/** "alerts at 80% of actual spend, forecast 100%": the budget alerts kept, in one line. */
function alertsLine(targets) {
  const alerts = targets.map(budgetAlert).filter(Boolean)
    .sort((a, b) => (a.kind === b.kind ? a.percent - b.percent : a.kind === 'ACTUAL' ? -1 : 1));
  const list = alerts.map((a) => t(`plan.alert_short.${a.kind}`, { percent: a.percent })).join(t('plan.list_separator'));
  return t('plan.alerts_at', { list });
}

const riskText = (code) => (has(`risk.${code}`) ? t(`risk.${code}`) : code);

/** Account first, then one block per group and per member. */
function areas(changes) {
  const account = [];
  const billing = [];
  const groups = new Map();
  const members = new Map();
  changes.forEach((c, index) => {
    const entry = { c, index };
    if (ACCOUNT_KINDS.has(c.kind) || c.owner === 'account') account.push(entry);
    else if (c.owner === 'billing') billing.push(entry);
    else {
      const into = GROUP_KINDS.has(c.kind) ? groups : members;
      if (!into.has(c.owner)) into.set(c.owner, []);
      into.get(c.owner).push(entry);
    }
  });
  return [
    account.length ? area('plan-account', 'plan.area_account', [[null, account]], null) : null,
    billing.length ? area('plan-billing', 'plan.area_billing', [[null, billing]], null) : null,
    groups.size ? area('plan-groups', 'plan.area_groups', [...groups], 'group') : null,
    members.size ? area('plan-members', 'plan.area_members', [...members], 'member') : null,
  ];
}

function area(id, title, blocks, ownerKind) {
  return h('section', { class: 'card plan-area', id },
    h('h2', { 'data-i18n': title }),
    ...blocks.map(([owner, entries]) => h('div', { class: 'plan-owner' },
      owner !== null ? h('h3', {}, ownerLabel(owner, ownerKind)) : null,
      h('ul', { class: 'change-list' }, ...entries.map(({ c, index }) => changeRow(c, index))))));
}

function ownerLabel(owner, kind) {
  if (kind === 'group') return h('span', {}, t('plan.owner_group', { name: owner }));
  const member = view.ctx.store.team?.members.find((m) => m.user.toLowerCase() === owner.toLowerCase());
  return h('span', {}, t('plan.owner_member', { name: owner }),
    member?.name ? h('span', { class: 'muted small' }, ` · ${member.name}`) : null);
}

function changeRow(c, index) {
  const step = view.steps.get(c.id);
  const row = h('li', {
    class: `change change-${c.action}`, id: `change-${index}`,
    dataset: { changeId: c.id, action: c.action, state: step ? step.state : 'planned' },
  },
  h('span', { class: `marker marker-${c.action}`, 'aria-hidden': 'true' }, MARKS[c.action] ?? '•'),
  h('div', { class: 'change-body' },
    h('span', { class: 'change-title' },
      h('span', { class: 'sr-only' }, `${t(`plan.action.${c.action}`)}: `),
      changeText(c)),
    beforeAfter(c),
    c.risk
      ? h('span', { class: 'risk' },
        h('span', { class: 'badge badge-risk', 'data-i18n': 'plan.risky' }),
        h('span', { class: 'small' }, riskText(c.risk)))
      : null,
    step ? stepDetail(step) : null),
  step ? stepState(step) : null);
  view.rows.set(c.id, row);
  return row;
}

/**
 * A password policy in the user's language, e.g. "at least 14 characters, uppercase, …".
 * @param {import('../api.js').PasswordPolicy} p absent or null optional numbers are off
 */
function policyText(p) {
  const parts = [t('plan.pp.min_length', { count: p.minimum_length })];
  if (p.require_uppercase) parts.push(t('plan.pp.uppercase'));
  if (p.require_lowercase) parts.push(t('plan.pp.lowercase'));
  if (p.require_numbers) parts.push(t('plan.pp.numbers'));
  if (p.require_symbols) parts.push(t('plan.pp.symbols'));
  if (p.allow_users_to_change) parts.push(t('plan.pp.allow_change'));
  if (p.max_age_days !== null && p.max_age_days !== undefined) {
    parts.push(t('plan.pp.max_age', { days: p.max_age_days }));
  }
  if (p.reuse_prevention !== null && p.reuse_prevention !== undefined) {
    parts.push(t('plan.pp.reuse', { count: p.reuse_prevention }));
  }
  return parts.join(t('plan.pp.separator'));
}

/** Before and after of a change: worded here when the plan sends the values, else its English text. */
function beforeAfterText(c) {
  const v = c.values;
  if (c.kind === 'password_policy' && v && v.after) {
    return { before: v.before ? policyText(v.before) : null, after: policyText(v.after) };
  }
  return { before: c.before, after: c.after };
}

function beforeAfter(c) {
  const { before, after } = beforeAfterText(c);
  if (before && after) {
    return h('span', { class: 'before-after muted small' },
      h('span', { class: 'before' }, before), h('span', { 'aria-hidden': 'true' }, ' → '),
      h('span', { class: 'sr-only' }, ` ${t('plan.becomes')} `), h('span', { class: 'after' }, after));
  }
  // A lone value says something only when the line does not already name it.
  const one = after || before;
  return one && one !== c.target ? h('span', { class: 'before-after muted small' }, one) : null;
}

/** The live state of a step: icon and word (a spinner while running). */
function stepState(step) {
  const icon = step.state === 'running' ? spinner() : h('span', { 'aria-hidden': 'true' }, STATE_ICONS[step.state] ?? '');
  return h('span', { class: `step-state state-${step.state}` }, icon,
    h('span', {}, has(`step.${step.state}`) ? t(`step.${step.state}`) : step.state));
}

function stepDetail(step) {
  if (step.state === 'failed') return stepError(step);
  if (!step.detail) return null;
  const note = step.note;
  if (note?.code === 'already_in_place') {
    return h('span', { class: 'step-detail muted small', 'data-i18n': 'step.already_in_place' });
  }
  if (note?.code === 'skipped_because') {
    const cause = view.ctx.store.plan?.changes.find((c) => c.id === note.change);
    return h('span', { class: 'step-detail muted small' },
      t('step.skipped_because', { change: cause ? changeText(cause) : note.change }));
  }
  return h('span', { class: 'step-detail muted small' }, step.detail);
}

/** A failed step's error, translated, with its hint, next to the change. */
function stepError(step) {
  const err = step.error;
  if (!err) return h('span', { class: 'step-error', role: 'alert' }, step.detail || t('step.failed'));
  const w = errorWords(err);
  return h('span', { class: 'step-error', role: 'alert', dataset: { code: err.code } },
    h('strong', {}, w.title),
    w.hint ? h('span', { class: 'small' }, w.hint) : null,
    errorFacts(w.facts, 'span'),
    err.code === 'alias_taken'
      ? h('span', {}, h('button', { type: 'button', id: 'fix-alias-button', onclick: () => view.ctx.go('team') },
        h('span', { 'data-i18n': 'plan.change_alias' })))
      : null,
    w.detail
      ? h('details', { class: 'small' }, h('summary', { 'data-i18n': 'error.details' }),
        h('span', { class: 'mono wrap' }, w.detail))
      : null);
}

/** Steps apply reported that the plan shown did not have (the account changed meanwhile). */
function extraSteps(plan) {
  const known = new Set(plan.changes.map((c) => c.id));
  const extra = [...view.steps.values()].filter((st) => !known.has(st.id));
  const list = h('ul', { class: 'change-list', id: 'apply-extra-list' },
    ...extra.map((st) => h('li', { class: 'change', dataset: { changeId: st.id, state: st.state } },
      h('span', { class: 'marker', 'aria-hidden': 'true' }, '•'),
      h('div', { class: 'change-body' }, h('span', { class: 'change-title' }, st.title), stepDetail(st)),
      stepState(st))));
  return h('section', { class: 'card plan-area', id: 'apply-extra', hidden: !extra.length },
    h('h2', { 'data-i18n': 'plan.area_other' }), list);
}

function orphans(names) {
  return h('div', { class: 'callout info', id: 'plan-orphans' },
    h('strong', {}, t('plan.orphans', { count: names.length })),
    h('ul', { class: 'orphan-list' }, ...names.map((n) => h('li', { class: 'mono' }, n))),
    h('p', { 'data-i18n': 'plan.orphans_help' }));
}

/** Targets that are not names: the kind alone says it (password policy, billing alerts). */
const UNNAMED = new Set(['password_policy', 'billing_alerts']);

function unchanged(items) {
  // Budget alerts read as one line ("alerts at 80% of actual spend, forecast 100%").
  const alerts = items.filter((u) => u.kind === 'billing_notification' && budgetAlert(u.target));
  const rows = items.filter((u) => !alerts.includes(u));
  const line = (kind, value, mono) => h('li', {},
    h('span', { class: 'state-icon state-done', 'aria-hidden': 'true' }, '✓'),
    h('span', {}, has(`kind.${kind}`) ? t(`kind.${kind}`) : kind),
    value ? h('span', { class: mono ? 'mono' : null }, value) : null);
  return h('details', { class: 'card unchanged', id: 'plan-unchanged' },
    h('summary', {}, t('plan.unchanged', { count: items.length })),
    h('ul', { class: 'unchanged-list' },
      ...rows.map((u) => line(u.kind, UNNAMED.has(u.kind) ? null : u.target, true)),
      alerts.length ? line('billing_notification', alertsLine(alerts.map((u) => u.target)), false) : null));
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
    row.replaceWith(changeRow(plan.changes[index], index));
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
async function apply(confirmed) {
  const s = view.ctx.store;
  const plan = s.plan;
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
        has(`note.${n.code}`) ? t(`note.${n.code}`, n.params) : n.code,
        // AWS's own words (English) only behind "details", never inside the sentence.
        reason ? h('details', { class: 'small' }, h('summary', { 'data-i18n': 'error.details' }),
          h('span', { class: 'mono wrap' }, reason)) : null);
    })));
}
