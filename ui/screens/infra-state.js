// @ts-check
// Server, database & domain: the state its parts share (the form, the live status read from
// AWS, the cost estimate's plan, the teardown dialog) and small drawing helpers. Imports
// nothing from the other infra-*.js modules, so the module graph has no cycles.

import * as api from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { formState } from '../team-form.js';
import { copyText } from '../links.js';
import { navRefresher } from '../parts.js';

/**
 * @typedef {import('../api.js').CheckItem} CheckItem
 * @typedef {{ found: string[], missing: string[], wrong: string[], ok: boolean, error?: string|null }} Delegation
 * @typedef {{ engine: string, endpoint: string, port: number, user: string, password: string,
 *   tunnel: string, client: string }} DbCard
 * @typedef {{ host: string, user: string, key_file: string, ssh: string, database?: DbCard|null }} Card
 * @typedef {{ stack: string, region: string, items: CheckItem[], card?: Card|null,
 *   name_servers?: string[]|null, delegation?: Delegation|null }} InfraStatus
 */

/** Screen-local state kept across re-renders (language switch, navigation). */
export const view = {
  ctx: /** @type {import('../app.js').Ctx} */ (/** @type {unknown} */ (null)),
  ...formState(),
  /** @type {any} the team whose [infra] the form shows (another one resets what was typed) */ team: null,
  /** @type {Record<string, string>} text typed into list fields (CIDRs, ports), by field */ raw: {},
  /** @type {Record<string, HTMLElement>} */ parts: {},
  /** @type {Record<string, () => void>} */ draw: {},
  lastStatus: '',
  justSaved: false,
  loadingTeam: false,
  /** @type {any} */ teamError: null,
  // The live status (infra_status), for the account it was read from.
  /** @type {{ account_id: string|null, data: InfraStatus|null }|null} */ status: null,
  statusLoading: false,
  statusSeq: 0,
  /** @type {import('../api.js').AppError|null} */ statusError: null,
  // The plan whose estimate the cost card shows.
  planLoading: false,
  /** @type {import('../api.js').AppError|null} */ planError: null,
  // The connection card's key file.
  keyPath: '',
  keySaving: false,
  /** @type {string|null} */ keySaved: null,
  /** @type {import('../api.js').AppError|null} */ keyError: null,
  // The registrar step.
  registrarMarking: false,
  /** @type {import('../api.js').AppError|null} */ registrarError: null,
  /** @type {'gabia'|'other'|null} the guide shown (null: the file's registrar) */ guide: null,
};

/** The working team's [infra], or null. @param {import('../app.js').Store} store @returns {any} */
export const teamInfra = (store) => /** @type {any} */ (store.team)?.infra ?? null;

/** The status read for the connected account (null: not read, or another account's). */
export function currentStatus(store) {
  const s = view.status;
  if (!s || !store.identity || s.account_id !== store.identity.account_id) return null;
  return s.data;
}

/**
 * Sidebar dot: done when every item is done, red when one needs attention, to do otherwise;
 * `none` when the team has no [infra].
 * @param {import('../app.js').Store} store
 */
export function infraStatus(store) {
  if (!teamInfra(store)) return 'none';
  const live = currentStatus(store);
  if (!live || !live.items.length) return 'todo';
  if (live.items.some((i) => i.state === 'attention')) return 'attention';
  return live.items.every((i) => i.state === 'done') ? 'done' : 'todo';
}

/** Read the status again; nothing old is shown meanwhile. */
export async function loadStatus() {
  const { store } = view.ctx;
  if (!store.identity) return;
  const seq = ++view.statusSeq;
  view.statusLoading = true;
  view.statusError = null;
  view.status = null;
  view.draw.live?.();
  try {
    const data = await api.infraStatus();
    if (seq !== view.statusSeq) return;
    view.status = { account_id: store.identity?.account_id ?? null, data };
  } catch (err) {
    if (seq !== view.statusSeq) return;
    view.statusError = err;
  }
  view.statusLoading = false;
  redrawLive();
}

/** Redraw the parts that show what AWS says, and the sidebar dot. */
export function redrawLive() {
  view.draw.live?.();
  view.draw.dns?.();
  view.draw.remove?.();
  refreshNav();
}

/** Redraw the sidebar only when this screen's dot changes. */
export const refreshNav = navRefresher(view, infraStatus);

/** Plan (for the estimate) when the saved team can be compared with the account. */
export async function loadPlan() {
  const { store } = view.ctx;
  if (!store.identity || !store.teamSaved || store.teamDirty || view.planLoading) return;
  view.planLoading = true;
  view.planError = null;
  view.draw.cost?.();
  try {
    store.plan = await api.planTeam();
    store.planStale = false;
    store.applyOk = false;
  } catch (err) {
    view.planError = err;
  }
  view.planLoading = false;
  view.ctx.refresh();
  view.draw.cost?.();
}

/** The plan to read the estimate from: the saved team's, for the connected account. */
export function currentPlan(store) {
  const p = /** @type {any} */ (store.plan);
  if (!p || store.planStale || !store.identity || p.account_id !== store.identity.account_id) return null;
  return p;
}

// ---------------------------------------------------------------------------------------
// Drawing helpers

/** How long the "copied" note stays (ms). */
const NOTE_MS = 4000;

/**
 * A command or value as selectable monospace text with a Copy button.
 * @param {string} id @param {string} text @param {string} [labelKey] i18n key of the Copy button's name
 */
export function copyLine(id, text, labelKey = 'infra.copy') {
  const value = h('code', { class: 'mono selectable wrap copy-value', id }, text);
  const note = h('span', { class: 'link-note small', id: `${id}-note`, role: 'status', 'aria-live': 'polite' });
  let timer = 0;
  const button = h('button', {
    type: 'button', class: 'link-button', id: `${id}-copy`, 'aria-describedby': id,
    onclick: async () => {
      const ok = await copyText(text, value);
      note.textContent = t(ok ? 'link.copied' : 'link.copy_failed');
      note.dataset.kind = ok ? 'ok' : 'error';
      clearTimeout(timer);
      timer = setTimeout(() => { note.textContent = ''; delete note.dataset.kind; }, NOTE_MS);
    },
  }, h('span', { 'data-i18n': labelKey }));
  return h('div', { class: 'copy-line', dataset: { value: text } }, value, button, note);
}


/** "$36.33" with two decimals. @param {number} usd */
export const usd = (usd) => `$${Number(usd).toFixed(2)}`;
