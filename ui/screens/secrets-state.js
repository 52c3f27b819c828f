// @ts-check
// Secrets screen: the state its parts share, and small helpers to word and draw it.
// Imports nothing from the other secrets-*.js modules, so the module graph has no cycles.

import { focusId } from '../dom.js';
import { t, has } from '../i18n.js';
import { partRedrawer, navRefresher } from '../parts.js';

/** What a hidden value looks like (never its real length). */
export const MASK = '••••••••••';
/** Seconds a revealed value stays on screen. */
export const REVEAL_SECONDS = 30;
/** The account-setup kinds, in the order of the walk (the mailbox comes first). */
export const SETUP_KINDS = ['mailbox-password', 'root-password'];

/** Screen-local state kept across re-renders (language switch, navigation). */
export const view = {
  /** @type {HTMLElement|null} */ root: null,
  ctx: /** @type {import('../app.js').Ctx} */ (/** @type {unknown} */ (null)),
  /** Containers of the parts, each drawn again on its own. */
  parts: /** @type {Record<'setup'|'list'|'retire'|'handoff', HTMLElement|null>} */ ({
    setup: null, list: null, retire: null, handoff: null,
  }),
  /** Draw one part again, load again (set by secrets.js). */
  draw: { setup: () => {}, list: () => {}, retire: () => {}, handoff: () => {} },
  reload: async () => {},

  // The list (secrets_list)
  loading: false,
  loadSeq: 0,
  /** @type {import('../api.js').AppError|null} */ error: null,
  /** @type {Map<string, { value: string, until: number }>} key → value shown until (ms) */ revealed: new Map(),
  /** @type {Set<string>} keys whose value is being read */ revealing: new Set(),
  /** @type {Map<string, number>} key → when the clipboard is cleared (ms) */ copied: new Map(),
  /** @type {Set<string>} keys being copied */ copying: new Set(),
  /** @type {{ key: string, action: 'delete'|'reset' }|null} the inline confirmation shown */ confirm: null,
  /** @type {Set<string>} keys being deleted or reset */ busy: new Set(),
  /** @type {Map<string, import('../api.js').AppError>} key → why its last action failed */ rowErrors: new Map(),
  /** @type {Map<string, string>} key → i18n key of a note after a reset */ rowNotes: new Map(),
  /** @type {Map<string, Record<string, HTMLElement>>} key → the elements a countdown updates */ rowEls: new Map(),
  timer: 0,

  // Account setup (secret_generate)
  gen: { passphrase: false, chars: 24, words: 6, upper: true, lower: true, digits: true, symbols: true, note: '' },
  /** @type {string} the kind being generated */ generating: '',
  /** @type {string} the kind whose replacement waits for a confirmation */ genConfirm: '',
  /** @type {import('../api.js').AppError|null} */ genError: null,
  /** @type {string} the kind just generated (a transient note) */ genDone: '',

  // Retire (retire_check, retire, set_auto_retire)
  /** @type {import('../api.js').Retirable[]|null} */ retirable: null,
  retireLoading: false,
  retireSeq: 0,
  /** @type {import('../api.js').AppError|null} */ retireError: null,
  /** True when the last check deleted what it found (auto-retire on). */
  autoRetired: false,
  retiring: false,
  /** @type {number|null} how many the last Delete removed */ retiredCount: null,
  autoBusy: false,
  /** @type {import('../api.js').AppError|null} */ autoError: null,

  // The handoff dialog (null when closed)
  /** @type {any} the dialog's state (null when closed) */ handoff: null,

  lastStatus: '',
};

/**
 * The last listing, if it was read from the account connected now.
 * @param {import('../app.js').Store} store @returns {import('../api.js').SecretListing|null}
 */
export function currentListing(store) {
  const last = store.secrets;
  if (!last || !store.identity || last.account_id !== store.identity.account_id) return null;
  return last;
}

/** The sidebar dot: to do while a member's console password was not handed off (or nothing read). */
export function screenStatus(store) {
  const listing = currentListing(store);
  if (!listing) return 'todo';
  return listing.entries.some((e) => e.kind === 'console-password' && !e.handed_off) ? 'todo' : 'done';
}

/** Redraw the sidebar only when this screen's dot changes. */
export const refreshNav = navRefresher(view, screenStatus);

/**
 * The password options chosen on the Secrets screen (24 characters of every kind until
 * changed), as secret_generate takes them; the first-hour guide generates with them too.
 * @returns {import('../api.js').PasswordOptions}
 */
export function chosenPasswordOptions() {
  const g = view.gen;
  return {
    length: g.passphrase ? g.words : g.chars,
    uppercase: g.upper, lowercase: g.lower, digits: g.digits, symbols: g.symbols,
    passphrase: g.passphrase,
  };
}

/** The team member with this user name, if the working team has one. */
export function member(store, user) {
  return store.team?.members?.find((m) => m.user === user) ?? null;
}

/** "Kim Min-su (kim.backend)", or the user name alone. */
export function memberLabel(store, user) {
  const name = member(store, user)?.name;
  return name ? `${name} (${user})` : user;
}

/** Whole seconds left until `until` (ms), never below 0. */
export const secondsLeft = (until) => Math.max(0, Math.ceil((until - Date.now()) / 1000));

/** The kind in words ("Console password"). */
export const kindLabel = (kind) => (has(`secrets.kind.${kind}`) ? t(`secrets.kind.${kind}`) : kind);

/** How it was handed off, in words ("printed sheet"). */
export const methodLabel = (method) => (has(`secrets.method.${method}`) ? t(`secrets.method.${method}`) : method);

/** An id fragment from a secret's kind and name (ids must stay the same across redraws). */
export function rowId(entry) {
  return `secret-${entry.kind}-${entry.name}`.replace(/[^A-Za-z0-9_-]/g, '-');
}


/** Tell screen readers once what happened (the visible countdowns are not live regions). */
export function announce(text) {
  const el = document.getElementById('secrets-announce');
  if (!el) return;
  el.textContent = '';
  setTimeout(() => { el.textContent = text; }, 50);
}

/** Draw a part again, keeping the keyboard focus where it was. */
export const redrawPart = partRedrawer(() => view.parts);

/**
 * One step of the handoff dialog for `ho` (reading the sheet, printing, recording, writing
 * the file): the `busy` flag is set while it runs and `error` holds why it failed (cleared
 * first); the dialog is drawn before and after, unless it was closed or opened for another
 * member meanwhile, and the focus then goes to the element `focusAfter` names.
 * @param {any} ho the dialog's state (view.handoff)
 * @param {'sheetLoading'|'printing'|'recording'|'fileBusy'} busy
 * @param {'sheetError'|'recordError'|'fileError'} error
 * @param {() => Promise<void>} work @param {() => string} focusAfter
 */
export async function handoffStep(ho, busy, error, work, focusAfter) {
  ho[busy] = true;
  ho[error] = null;
  view.draw.handoff();
  try {
    await work();
  } catch (err) {
    ho[error] = err;
  } finally {
    ho[busy] = false;
    if (view.handoff === ho) {
      view.draw.handoff();
      focusId(focusAfter());
    }
  }
}
