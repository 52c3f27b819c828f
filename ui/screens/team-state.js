// @ts-check
// Team screen: the state its parts share, and small form helpers the cards use.
// Imports nothing from the other team-*.js modules, so the module graph has no cycles.

import { h } from '../dom.js';

/**
 * What a card may ask the screen to do after the user changed something.
 * @typedef {{
 *   changed: () => void,
 *   structural: () => void,
 *   redraw: () => void,
 * }} Edit
 * `changed`: a value changed (mark unsaved, check soon); `structural`: something was
 * added or removed (draw again, check now); `redraw`: draw again without a change.
 */

/** Screen-local state kept across re-renders (language switch, navigation). */
export const view = {
  /** @type {HTMLElement|null} */ root: null,
  ctx: null,
  /** @type {import('../api.js').Catalog|null} */ catalog: null,
  /** @type {import('../api.js').AppError|null} */ catalogError: null,
  /** @type {Set<string>|null} services picked for a new team */ services: null,
  loading: false,
  loaded: false,
  /** @type {import('../api.js').AppError|null} */ loadError: null,
  creating: false,
  /** @type {import('../api.js').AppError|null} */ createError: null,
  /** @type {import('../api.js').Problem[]} from the last check */ problems: [],
  /** @type {Map<string, {code: string, params: Record<string, string|number>}>} input that is not a number */
  local: new Map(),
  /** @type {import('../api.js').AppError|null} */ validateError: null,
  pending: false,
  timer: 0,
  seq: 0,
  saving: false,
  savedFlash: false,
  flashTimer: 0,
  /** @type {import('../api.js').AppError|null} */ saveError: null,
  importing: false,
  /** @type {import('../api.js').AppError|null} */ importError: null,
  /** @type {string|null} */ imported: null,
  exporting: false,
  /** @type {string|null} */ exportPath: null,
  /** @type {import('../api.js').AppError|null} */ exportError: null,
  newGroup: '',
  /** @type {string|null} i18n key of a problem with the new group name */ newGroupError: null,
  /** @type {Map<string, {error: HTMLElement, mark: HTMLElement|null}>} field path → where its problems go */
  fields: new Map(),
  /** Elements the toolbar updates in place. */
  els: /** @type {Record<string, HTMLElement>} */ ({}),
  lastStatus: '',
};

/** Move the focus to an element by id after a redraw. */
export function focus(id) {
  const el = document.getElementById(id);
  if (el) el.focus();
}

/** A section title with the English AWS console term in small grey text. */
export function sectionTitle(titleKey, termKey) {
  return h('h2', {},
    h('span', { 'data-i18n': titleKey }),
    termKey ? h('span', { class: 'aws-term', 'data-i18n': termKey }) : null);
}

let errorIds = 0;

/**
 * The place where the problems of `field` appear, linked to `input` for screen readers.
 * @param {string} field path as team_validate reports it
 * @param {HTMLElement|null} input the control to mark invalid
 */
export function fieldError(field, input) {
  const id = `problem-${++errorIds}`;
  const el = h('p', { class: 'field-error', id, hidden: true, 'aria-live': 'polite' });
  view.fields.set(field, { error: el, mark: input });
  if (input) {
    const was = input.getAttribute('aria-describedby');
    input.setAttribute('aria-describedby', was ? `${was} ${id}` : id);
  }
  return el;
}

/**
 * An input whose current value is set as a property, not as the `value` attribute: a
 * default value would make WebDriver's typing replace the text instead of adding to it.
 */
export function inputWithValue(attrs, value) {
  const el = h('input', attrs);
  el.value = value ?? '';
  return el;
}
