// @ts-check
// Billing screen: the state its parts share, and small helpers to word and draw it.
// Imports nothing from the other billing-*.js modules, so the module graph has no cycles.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { formState } from '../team-form.js';
import { checkRow as row } from '../parts.js';

/** Where the lead turns on what AWS offers no API for (opened in the browser on request). */
export const PREFERENCES_URL = 'https://console.aws.amazon.com/billing/home#/preferences';

/** Screen-local state kept across re-renders (language switch, navigation). */
export const view = {
  /** @type {HTMLElement|null} */ root: null,
  ctx: /** @type {import('../app.js').Ctx} */ (/** @type {unknown} */ (null)),
  /** Containers of the three parts, each drawn again on its own. */
  parts: /** @type {Record<'settings'|'state'|'chart', HTMLElement|null>} */ ({
    settings: null, state: null, chart: null,
  }),
  /** Draw one part again (set by billing.js). */
  draw: { settings: () => {}, state: () => {}, chart: () => {} },

  // Settings (the team file's [billing])
  /** The team object the settings were drawn for (typed text belongs to it). */
  /** @type {import('../api.js').Team|null} the team the settings were drawn for */ team: null,
  loadingTeam: false,
  /** @type {import('../api.js').AppError|null} */ teamError: null,
  // Checking and saving (problems of the whole team, fields, the save bar)
  ...formState(),
  /** @type {Record<string, string>} field → the text typed, while it is not a valid number */
  raw: {},
  /** True after a save from this screen, until the next edit: offer Plan & apply. */
  justSaved: false,
  /** The address being typed in the add field. */
  newEmail: '',

  // Live state (billing_status, manual_steps)
  loading: false,
  loadSeq: 0,
  /** @type {import('../api.js').AppError|null} */ error: null,
  /** @type {Date|null} when the status shown was read */ readAt: null,
  /** @type {Record<string, string>} manual step → when the lead confirmed it (RFC 3339) */
  manual: {},
  /** @type {Set<string>} manual steps being recorded */ marking: new Set(),
  /** @type {Map<string, import('../api.js').AppError>} step → why recording failed */ markErrors: new Map(),
  /** @type {Set<string>} addresses a confirmation mail is being sent to */ resending: new Set(),
  /** @type {Set<string>} addresses that were just sent one (a transient note) */ sent: new Set(),
  /** @type {Map<string, import('../api.js').AppError>} address → why resending failed */ resendErrors: new Map(),
  lastStatus: '',
};

/**
 * The last billing status, if it was read from the account connected now.
 * @param {import('../app.js').Store} store @returns {import('../api.js').BillingStatus|null}
 */
export function currentStatus(store) {
  const last = store.billing;
  if (!last || !store.identity || last.account_id !== store.identity.account_id) return null;
  return last.status;
}

/** A copy of the team file's billing section with its lists filled in, to read; null when absent. */
export function teamBilling(store) {
  const b = store.team?.billing;
  if (!b) return null;
  return { ...b, notify: b.notify ?? [], budget_alert_percents: b.budget_alert_percents ?? [] };
}

/** Team addresses that have no subscription yet (AWS keeps the case; compare without). */
export function unsubscribed(status, billing) {
  if (!billing) return [];
  const known = new Set(status.subscriptions.map((s) => s.email.toLowerCase()));
  return billing.notify.filter((e) => e.includes('@') && !known.has(e.toLowerCase()));
}

/** True when a row of the live state is to do (manual rows and waiting for data aside). */
export function anythingToDo(status, billing) {
  if (status.alerts.state === 'disabled' || !status.alarm) return true;
  if (status.subscriptions.some((s) => s.state === 'pending')) return true;
  if (unsubscribed(status, billing).length) return true;
  return Boolean(billing && billing.monthly_budget_usd && !status.budget);
}

/** "$1,234.50": Baseline's alarms and budgets are in US dollars whatever the language. */
export function usd(n) {
  return `$${Number(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** "80 %, 100 %". */
export const percents = (list) => list.map((p) => `${p} %`).join(', ');

/**
 * One checklist row (parts.js's), its state said in the Billing screen's words.
 * @param {Omit<Parameters<typeof row>[0], 'sr'>} r
 */
export const checkRow = (r) => row({ ...r, sr: t(`billing.state.${r.state}`) });

/** A button that opens Plan & apply (the action of a row that apply will fix). */
export function planButton(id) {
  return h('button', { type: 'button', id, onclick: () => view.ctx.go('plan') },
    h('span', { 'data-i18n': 'billing.open_plan' }));
}
