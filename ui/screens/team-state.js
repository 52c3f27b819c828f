// @ts-check
// Team screen: the state its parts share, and small form helpers the cards use.
// Imports nothing from the other team-*.js modules, so the module graph has no cycles.

import { fieldError as formFieldError, formState } from '../team-form.js';

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
  ctx: /** @type {import('../app.js').Ctx} */ (/** @type {unknown} */ (null)),
  /** @type {import('../api.js').Catalog|null} */ catalog: null,
  /** @type {import('../api.js').AppError|null} */ catalogError: null,
  /** @type {Set<string>|null} services picked for a new team */ services: null,
  /** Reading the working team (the screen opened before the app's own read finished). */
  loadingTeam: false,
  loaded: false,
  /** @type {import('../api.js').AppError|null} why that read failed */ teamError: null,
  creating: false,
  /** @type {import('../api.js').AppError|null} */ createError: null,
  // Checking and saving (problems, fields, the toolbar's save bar)
  ...formState(),
  importing: false,
  /** @type {import('../api.js').AppError|null} */ importError: null,
  /** @type {string|null} */ imported: null,
  exporting: false,
  /** @type {string|null} */ exportPath: null,
  /** @type {import('../api.js').AppError|null} */ exportError: null,
  newGroup: '',
  /** @type {string|null} i18n key of a problem with the new group name */ newGroupError: null,
  lastStatus: '',
};

/**
 * The place where the problems of `field` appear, linked to `input` for screen readers.
 * @param {string} field path as team_validate reports it
 * @param {HTMLElement|null} input the control to mark invalid
 */
export const fieldError = (field, input) => formFieldError(view, field, input);
