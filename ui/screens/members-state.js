// @ts-check
// Account and Members screens: what they share — one status_checklists read (the account's
// items and every member's), the words for its evidence and details, the checklist row,
// and the Members screen's own state. Imports nothing from account.js or the other
// members-*.js modules, so the module graph has no cycles.

import * as api from '../api.js';
import { h, spinner } from '../dom.js';
import { t, has, language } from '../i18n.js';
import { inputErrorPanel } from '../errors.js';
import { longDate, dateTime, timeOfDay } from '../format.js';
import { ICONS, navRefresher, notConnected } from '../parts.js';

/** Member items in the order of the walk (the columns of the members table). */
export const MEMBER_ITEMS = [
  'user_exists', 'in_groups', 'console_password', 'handed_off', 'password_changed', 'signed_in',
  'mfa', 'access_keys',
];


/** A detail that is a date (RFC 3339) is shown as a local date and time. */
const DATE = /^\d{4}-\d{2}-\d{2}T/;

/** How often the "2 min ago" texts are brought up to date (ms). */
const TICK = 30000;

/** The shared read (both screens show it; one is drawn at a time). */
export const checks = {
  ctx: /** @type {import('../app.js').Ctx} */ (/** @type {unknown} */ (null)),
  loading: false,
  seq: 0,
  /** @type {import('../api.js').AppError|null} */ error: null,
  /** Draw the screen shown now again (set by account.js and members.js). */
  redraw: () => {},
  /** MFA changed here that the credential report may not show yet (AWS regenerates it at
   * most every 4 hours): user (lower case) → { on, at } */
  mfaChanged: /** @type {Map<string, { on: boolean, at: string }>} */ (new Map()),
  timer: 0,
  lastStatus: '',
};

/** The Members screen's state, kept across re-renders (language switch, navigation). */
export const mv = {
  /** @type {HTMLElement|null} */ root: null,
  /** @type {HTMLElement|null} the part made inert under a dialog */ content: null,
  ctx: /** @type {import('../app.js').Ctx} */ (/** @type {unknown} */ (null)),
  parts: /** @type {Record<'main'|'dialog'|'handoff', HTMLElement|null>} */ ({
    main: null, dialog: null, handoff: null,
  }),
  /** Draw one part again (set by members.js). */
  draw: { main: () => {}, dialog: () => {} },
  /** @type {string|null} the user whose page is open */ selected: null,
  /** @type {''|'reset'|'remove_mfa'|'resync'|'offboard'} the confirmation shown */ confirm: '',
  /** The user name typed to confirm offboarding. */
  typed: '',
  /** @type {''|'reset'|'remove_mfa'|'resync'|'offboard'} the action running */ busy: '',
  /** @type {{ action: string, err: import('../api.js').AppError }|null} */ actionError: null,
  /** @type {{ key: string, params: Record<string, string|number> }|null} a note after an action */
  note: null,
  /** @type {import('../api.js').Offboarded|null} what the last offboarding removed */ offboarded: null,
  /** @type {{ user: string, reasons: string[] }|null} the second confirmation offboarding asks for */
  offboardExtra: null,
  /** @type {import('../api.js').AppError|null} the unused MFA device could not be deleted */
  cancelError: null,
  /** @type {any} the MFA dialog's state (null when closed) */ mfa: null,
  /** True while the secrets handoff dialog was opened from this screen. */
  handoff: false,
};

/**
 * The last checklists, if they were read from the account connected now.
 * @param {import('../app.js').Store} store @returns {import('../api.js').Checklists|null}
 */
export function currentChecklists(store) {
  const last = store.checklists;
  if (!last || !store.identity || last.account_id !== store.identity.account_id) return null;
  return last.data;
}

/** The worst state of a list: attention, then to do (manual counts as to do), else done. */
function worst(items) {
  if (items.some((i) => i.state === 'attention')) return 'attention';
  if (items.some((i) => i.state === 'todo' || i.state === 'manual')) return 'todo';
  return 'done';
}

/** The Account screen's sidebar dot. */
export function accountStatus(store) {
  const data = currentChecklists(store);
  return data ? worst(data.account) : 'todo';
}

/** The Members screen's sidebar dot. */
export function membersStatus(store) {
  const data = currentChecklists(store);
  return data ? worst(data.members.flatMap((m) => m.items)) : 'todo';
}

/** The worst state of one member (the table's row). */
export const memberState = (m) => worst(m.items);

/** Redraw the sidebar only when one of the two dots changes. */
export const refreshNav = navRefresher(checks, (store) => `${accountStatus(store)}/${membersStatus(store)}`);

/** Read both checklists (a handful of AWS calls); the screen shows a spinner meanwhile. */
export async function loadChecklists() {
  const { store } = checks.ctx;
  const seq = ++checks.seq;
  const account = store.identity?.account_id ?? null;
  checks.loading = true;
  checks.error = null;
  checks.redraw();
  try {
    const data = await api.statusChecklists();
    if (seq !== checks.seq) return;
    // Connected to another account meanwhile: this answer is not about it.
    if ((store.identity?.account_id ?? null) !== account) {
      checks.loading = false;
      checks.redraw();
      return;
    }
    lagged(data);
    // The account it was read from: connecting to another makes it stale.
    store.checklists = { account_id: store.identity?.account_id ?? null, data };
  } catch (err) {
    if (seq !== checks.seq) return;
    checks.error = err;
    if (err.code === 'not_connected') store.checklists = null;
  }
  checks.loading = false;
  refreshNav();
  checks.redraw();
}

/** Record an MFA change made here, and show it at once in the checklist already read. */
export function mfaChangedHere(user, on) {
  checks.mfaChanged.set(user.toLowerCase(), { on, at: new Date().toISOString() });
  const data = currentChecklists(checks.ctx.store);
  if (data) lagged(data);
  refreshNav();
}

/** The credential report lags behind MFA changed here: say so rather than show the old state. */
function lagged(data) {
  for (const m of data.members) {
    const change = checks.mfaChanged.get(m.user.toLowerCase());
    const item = m.items.find((i) => i.id === 'mfa');
    if (!change || !item) continue;
    const shows = item.state === 'done';
    if (shows === change.on && !item.lag) {
      // AWS caught up.
      checks.mfaChanged.delete(m.user.toLowerCase());
      continue;
    }
    Object.assign(item, change.on
      ? { state: 'done', evidence: "Baseline's record", detail: change.at, action: null, lag: 'on' }
      : { state: 'todo', evidence: "Baseline's record", detail: change.at, action: 'enrol_mfa', lag: 'off' });
  }
}

/** Read the keychain listing again, so the Secrets dot follows a reset, handoff or offboarding. */
export async function refreshSecrets() {
  try {
    checks.ctx.store.secrets = await api.secretsList();
    checks.ctx.refresh();
  } catch (err) {
    console.warn('could not read the secrets again', err);
  }
}

// ---------------------------------------------------------------------------------------
// Words

/** "just now", "2 minutes ago", "2분 전". */
export function ago(iso) {
  const then = Date.parse(iso);
  const seconds = Number.isNaN(then) ? 0 : Math.round((Date.now() - then) / 1000);
  if (seconds < 45) return t('checklist.just_now');
  const rtf = new Intl.RelativeTimeFormat(language(), { numeric: 'auto' });
  if (seconds < 3600) return rtf.format(-Math.max(1, Math.round(seconds / 60)), 'minute');
  if (seconds < 86400) return rtf.format(-Math.round(seconds / 3600), 'hour');
  return rtf.format(-Math.round(seconds / 86400), 'day');
}

/** The title of an item ("Root user has MFA"). */
export const checkTitle = (id) => (has(`check.${id}`) ? t(`check.${id}`) : id);

/** What a state means, in words ("To do"). */
export const stateLabel = (state) => t(`checklist.state.${state}`);

/** "access key 1, access key 2" in the window's language; other names as they are. */
const names = (text) => text.replace(/\baccess key (\d)\b/g, (m, n) => t('checklist.access_key', { n }));

/** The item's detail in words ("Last sign-in 29 Nov 2024, 14:05"), or null. */
export function detailText(item) {
  if (!item.detail) return null;
  if (item.evidence === 'confirmed_by_you') return null;
  if (item.lag) return t(item.lag === 'on' ? 'checklist.mfa_lag_on' : 'checklist.mfa_lag_off', { time: dateTime(item.detail) });
  const detail = DATE.test(item.detail) ? dateTime(item.detail) : names(item.detail);
  const key = `check.${item.id}.detail`;
  return has(key) ? t(key, { detail }) : detail;
}

/** What to do about an item that is not done (words for its state first), or null. */
export function helpText(item) {
  if (item.state === 'done') return null;
  const key = [`check.${item.id}.help_${item.state}`, `check.${item.id}.help`].find(has);
  return key ? t(key) : null;
}

/** "from the credential report, 2 minutes ago" (or when the lead confirmed it). */
function evidenceText(slug, item, readAt) {
  if (slug === 'confirmed_by_you') {
    if (item.detail && DATE.test(item.detail)) return t('checklist.confirmed_on', { date: longDate(item.detail) });
    return t(item.state === 'done' ? 'checklist.confirmed_secret' : 'checklist.not_confirmed');
  }
  return t('checklist.evidence', { source: t(`evidence.${slug}`), ago: ago(readAt) });
}

/** The evidence line; its "… ago" is kept up to date while it is shown. */
export function evidenceLine(item, readAt) {
  const slug = item.evidence;
  const live = slug !== 'confirmed_by_you';
  if (live) startTicker();
  return h('span', {
    class: `cl-evidence${live ? ' cl-ago' : ''}`, dataset: live ? { source: slug, readAt } : {},
  }, evidenceText(slug, item, readAt));
}

function startTicker() {
  if (!checks.timer) checks.timer = setInterval(tick, TICK);
}

function tick() {
  const els = document.querySelectorAll('.cl-ago');
  if (!els.length) {
    clearInterval(checks.timer);
    checks.timer = 0;
    return;
  }
  for (const el of /** @type {HTMLElement[]} */ ([...els])) {
    el.textContent = t('checklist.evidence', { source: t(`evidence.${el.dataset.source}`), ago: ago(el.dataset.readAt) });
  }
}

// ---------------------------------------------------------------------------------------
// Drawing

/**
 * One checklist row: state icon, a one-line title, what to do, the detail, the evidence in
 * grey, and one action on the right.
 * @param {import('../api.js').CheckItem} item
 * @param {{ id: string, readAt: string, action?: Node|null, extra?: (Node|null)[] }} options
 */
export function itemRow(item, { id, readAt, action = null, extra = [] }) {
  const state = item.state;
  const help = helpText(item);
  const detail = detailText(item);
  return h('li', { class: `cl-row cl-${state}`, id, tabindex: '-1', dataset: { check: item.id, state } },
    h('span', { class: `cl-icon state-${state}`, 'aria-hidden': 'true' }, ICONS[state] ?? '?'),
    h('div', { class: 'cl-body' },
      h('span', { class: 'cl-title' },
        h('span', { class: 'sr-only' }, `${stateLabel(state)}: `),
        h('span', {}, checkTitle(item.id))),
      help ? h('span', { class: 'cl-help' }, help) : null,
      detail ? h('span', { class: `cl-evidence cl-detail${item.lag ? ' differs' : ''}` }, detail) : null,
      evidenceLine(item, readAt),
      ...extra.filter(Boolean)),
    h('div', { class: 'cl-action' }, action));
}

/** Console text the lead can select and copy (the app opens no browser). */
/** @param {string} url @param {string} [id] */
export function consoleLine(url, id = undefined) {
  return h('span', { class: 'cl-evidence' },
    h('span', { 'data-i18n': 'checklist.console_at' }), ' ',
    h('span', { class: 'mono selectable wrap console-url', id }, url));
}

/** A Refresh button with its spinner. */
export function refreshButton(id) {
  return h('button', {
    type: 'button', id, disabled: checks.loading, onclick: loadChecklists,
  }, checks.loading ? spinner() : h('span', { 'aria-hidden': 'true' }, '↻'),
  h('span', { 'data-i18n': checks.loading ? 'checklist.reading' : 'checklist.refresh' }));
}

/** "Read from AWS at 14:05", once read. */
export function readAt(id, data) {
  if (!data || checks.loading || checks.error) return null;
  return h('span', { class: 'muted small', id }, t('checklist.read_at', { time: timeOfDay(data.read_at) }));
}

/** What the card shows instead of the checklist when the read failed (or nothing yet). */
export function readProblem(prefix, go) {
  const err = checks.error;
  const store = checks.ctx.store;
  if (!err) return null;
  if (err.code === 'not_connected') return notConnected(`${prefix}-not-connected`, 'checklist.not_connected_help', go);
  const noTeam = err.code === 'io' && store.teamLoaded && !store.teamSaved;
  if (noTeam || err.code === 'invalid_team') {
    return h('div', { class: noTeam ? 'callout info' : 'callout danger', id: `${prefix}-no-team`, role: 'alert' },
      h('strong', { 'data-i18n': noTeam ? 'checklist.no_team' : 'checklist.invalid_team' }),
      h('p', { 'data-i18n': 'checklist.no_team_help' }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', id: `${prefix}-open-team`, onclick: () => go('team') },
          h('span', { 'data-i18n': 'plan.open_team' }))));
  }
  return inputErrorPanel(err, `${prefix}-error`);
}

/** The "reading…" line under the card's head. */
export function readingLine(id) {
  if (!checks.loading) return null;
  // Reading again: say that what was shown is hidden until the new answer arrives.
  const again = Boolean(currentChecklists(checks.ctx.store));
  return h('p', { class: 'muted', id, role: 'status', dataset: { again: String(again) } },
    spinner(), ' ', h('span', { 'data-i18n': again ? 'checklist.reloading' : 'checklist.reading_help' }));
}

/** An id fragment from a name (ids must stay the same across redraws). */
export const safeId = (name) => name.replace(/[^A-Za-z0-9_-]/g, '-');

/** "Kim Min-su (kim.backend)", or the user name alone. */
export const label = (m) => (m.name ? `${m.name} (${m.user})` : m.user);
