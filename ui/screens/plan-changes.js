// @ts-check
// Plan screen: the changes in words — one row per change, grouped by area, with its live step
// state during an apply, and what stays unchanged.

import { h, spinner } from '../dom.js';
import { t, has } from '../i18n.js';
import { errorWords, errorFacts } from '../errors.js';
import { waitingText } from '../infra-words.js';
import { ACCOUNT_KINDS, GROUP_KINDS, MARKS, STATE_ICONS, view } from './plan-state.js';

// ---------------------------------------------------------------------------------------
// Changes

/** The line of a change in the user's language (the English title as a fallback). */
export function changeText(c) {
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

export const riskText = (code) => (has(`risk.${code}`) ? t(`risk.${code}`) : code);

/** Account first, then one block per group and per member. */
export function areas(changes) {
  const account = [];
  const billing = [];
  const infra = [];
  const groups = new Map();
  const members = new Map();
  changes.forEach((c, index) => {
    const entry = { c, index };
    if (ACCOUNT_KINDS.has(c.kind) || c.owner === 'account') account.push(entry);
    else if (c.owner === 'billing') billing.push(entry);
    else if (c.kind.startsWith('infra_')) infra.push(entry);
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
    infra.length ? area('plan-infra', 'plan.area_infra', [[null, infra]], null) : null,
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

export function changeRow(c, index) {
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
  if (c.action === 'create' && v?.after === undefined && v?.instance_type) {
    return { before: null, after: t('plan.infra_server_after', { type: v.instance_type, disk: v.disk_gb }) + (v.protect ? t('plan.infra_protected') : '') };
  }
  if (c.action === 'create' && v?.after === undefined && v?.engine) {
    return {
      before: null,
      after: t('plan.infra_database_after', {
        engine: v.engine, version: v.version ?? '', class: v.instance_class, storage: v.storage_gb, days: v.backup_days,
      }) + (v.protect ? t('plan.infra_protected') : '') + t(`plan.infra_password.${v.password === 'aws-managed' ? 'aws' : 'keychain'}`),
    };
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

/** The live state of a step: icon and word (a spinner while running); teardown shows it too. */
export function stepState(step) {
  const icon = step.state === 'running' ? spinner() : h('span', { 'aria-hidden': 'true' }, STATE_ICONS[step.state] ?? '');
  return h('span', { class: `step-state state-${step.state}` }, icon,
    h('span', {}, has(`step.${step.state}`) ? t(`step.${step.state}`) : step.state));
}

function stepDetail(step) {
  if (step.state === 'failed') return stepError(step);
  const note = step.note;
  // Waiting for AWS (an instance starting, a database being created): its state and the time.
  if (note?.code === 'waiting' && step.state === 'running') {
    return h('span', { class: 'step-detail muted small step-waiting' }, waitingText(note));
  }
  if (!step.detail) return null;
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
export function extraSteps(plan) {
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

export function orphans(names) {
  return h('div', { class: 'callout info', id: 'plan-orphans' },
    h('strong', {}, t('plan.orphans', { count: names.length })),
    h('ul', { class: 'orphan-list' }, ...names.map((n) => h('li', { class: 'mono' }, n))),
    h('p', { 'data-i18n': 'plan.orphans_help' }));
}

/** Targets that are not names: the kind alone says it (password policy, billing alerts). */
const UNNAMED = new Set(['password_policy', 'billing_alerts']);

export function unchanged(items) {
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
