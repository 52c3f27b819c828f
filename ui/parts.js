// @ts-check
// Small parts several screens draw the same way: a checklist row, a section title, "not
// connected", a part drawn again on its own, the sidebar dot kept in step, the team read by
// a screen itself.

import { h } from './dom.js';
import { loadWorkingTeam } from './team-store.js';

/** A symbol per checklist state, so colour is never the only sign. */
export const ICONS = { done: '✓', todo: '○', attention: '!', manual: '✎' };

/**
 * One row in the checklist style: state icon, a one-line title, grey evidence, the action on
 * the right.
 * @param {{ id?: string, state: 'done'|'todo'|'attention'|'manual', sr: string,
 *   title: (Node|string|null)[], term?: string, evidence?: (Node|string|null)[], action?: Node|null,
 *   dataset?: Record<string, string> }} row `sr`: what the icon means, for screen readers;
 *   `term`: i18n key of the English console term after the title
 */
export function checkRow({ id, state, sr, title, term, evidence = [], action = null, dataset = {} }) {
  return h('li', { class: `cl-row cl-${state}`, id, dataset: { state, ...dataset } },
    h('span', { class: `cl-icon state-${state}`, 'aria-hidden': 'true' }, ICONS[state]),
    h('div', { class: 'cl-body' },
      h('span', { class: 'cl-title' },
        h('span', { class: 'sr-only' }, `${sr}: `),
        ...title,
        term ? h('span', { class: 'aws-term', 'data-i18n': term }) : null),
      ...evidence.filter(Boolean).map((e) => (e instanceof HTMLElement ? e : h('span', { class: 'cl-evidence' }, e)))),
    h('div', { class: 'cl-action' }, action));
}

/** A section title with the English AWS console term in small grey text. */
export function sectionTitle(titleKey, termKey) {
  return h('h2', {},
    h('span', { 'data-i18n': titleKey }),
    termKey ? h('span', { class: 'aws-term', 'data-i18n': termKey }) : null);
}

/**
 * "Not connected", with what the screen needs a connection for and a button to Connect.
 * @param {string} id the callout's id @param {string} helpKey i18n key of the explanation
 * @param {(screen: string) => void} go opens a screen
 */
export function notConnected(id, helpKey, go) {
  return h('div', { class: 'callout info', id, role: 'alert' },
    h('strong', { 'data-i18n': 'error.not_connected' }),
    h('p', { 'data-i18n': helpKey }),
    h('div', { class: 'actions' },
      h('button', {
        type: 'button', id: 'go-connect-button', class: 'primary', onclick: () => go('connect'),
      }, h('span', { 'data-i18n': 'plan.go_connect' }))));
}

/**
 * Run `redraw` on `box`, then give the keyboard focus back to the element that had it (by
 * id), or to `lost` when the focus was not in the box.
 * @param {HTMLElement} box @param {() => void} redraw @param {string} [lost] an id to focus instead
 * @returns {string} the id whose focus could not be given back (disabled now), else ''
 */
function keepingFocus(box, redraw, lost = '') {
  const active = document.activeElement;
  const focused = active && box.contains(active) ? active.id : lost;
  redraw();
  if (!focused) return '';
  const el = document.getElementById(focused);
  if (!el || !box.contains(el)) return '';
  el.focus();
  return document.activeElement === el ? '' : focused;
}

/**
 * Draw a part again (if it is shown) with what `build` makes, keeping the keyboard focus
 * where it was (or giving it to `lost`, see keepingFocus).
 * @param {HTMLElement|null|undefined} box the part's container
 * @param {() => Node|null|undefined|(Node|null)[]} build @param {string} [lost]
 * @returns {string} the id whose focus could not be given back, else ''
 */
export function redrawInto(box, build, lost = '') {
  if (!box || !box.isConnected) return '';
  return keepingFocus(box, () => box.replaceChildren(...[build()].flat().filter((n) => n instanceof Node)), lost);
}

/**
 * Draw a whole screen again (if it is still the one shown): `draw` fills the emptied root;
 * the keyboard focus stays where it was.
 * @param {HTMLElement|null} root @param {(root: HTMLElement) => void} draw
 */
export function redrawScreen(root, draw) {
  if (!root || !root.isConnected) return;
  keepingFocus(root, () => {
    root.replaceChildren();
    draw(root);
  });
}

/**
 * A function that draws one part of a screen again, keeping the keyboard focus where it was;
 * a control disabled meanwhile gets the focus back when a later redraw enables it again.
 * @template {string} K
 * @param {() => Partial<Record<K, HTMLElement|null>>} boxes the parts' containers, by name
 * @returns {(name: K, build: () => Node|null|undefined) => void}
 */
export function partRedrawer(boxes) {
  /** @type {Partial<Record<K, string>>} ids whose focus a redraw could not give back */
  const lostFocus = {};
  return (name, build) => {
    const box = boxes()[name];
    if (!box || !box.isConnected) return;
    lostFocus[name] = redrawInto(box, build, lostFocus[name]);
  };
}

/**
 * A screen's refreshNav: redraws the sidebar only when the screen's dot changes.
 * @param {{ lastStatus: string, ctx: { store: any, refresh: () => void } }} view the screen's state
 * @param {(store: any) => string} status the dot's state (the screen's `status`)
 * @returns {() => void}
 */
export function navRefresher(view, status) {
  return () => {
    const now = status(view.ctx.store);
    if (now === view.lastStatus) return;
    view.lastStatus = now;
    view.ctx.refresh();
  };
}

/**
 * Read the working team for a screen that opened before the app's own read finished:
 * `loadingTeam` while it reads, `teamError` why it failed (null once read). `draw` shows the
 * reading, `done` follows the answer (the sidebar is drawn again first).
 * @param {{ ctx: { store: any, refresh: () => void }, loadingTeam: boolean, teamError: any }} view
 * @param {() => void} draw @param {() => void} done
 */
export async function readTeam(view, draw, done) {
  const { store } = view.ctx;
  view.loadingTeam = true;
  draw();
  try {
    await loadWorkingTeam(store);
    view.teamError = null;
  } catch (err) {
    view.teamError = err;
  } finally {
    store.teamLoaded = true;
    view.loadingTeam = false;
    view.ctx.refresh();
    done();
  }
}
