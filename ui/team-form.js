// @ts-check
// What the two screens that edit the team file (Team, Billing alerts) share: checking it as it
// is edited, problems under their fields, the save bar (Save, its state, Discard) and saving.

import { h, spinner } from './dom.js';
import { t } from './i18n.js';
import { checkTeam, clearFieldMarks, saveWorkingTeam, discardEdits, wire } from './team-store.js';
import { problemLine } from './problems.js';

/** How long the Save button says "Saved". */
const SAVED_FLASH = 2000;

/**
 * A problem under a field, or the field it belongs to.
 * @typedef {{ error: HTMLElement, mark: HTMLElement|null }} Slot
 * @typedef {import('./api.js').Problem} Problem
 * @typedef {import('./api.js').AppError} AppError
 * The form state of a screen that edits the team (team-state.js, billing-state.js).
 * @typedef {{ ctx: any, problems: Problem[],
 *   local: Map<string, { code: string, params: Record<string, string|number> }>,
 *   validateError: AppError|null, pending: boolean, timer: any, seq: number, saving: boolean,
 *   savedFlash: boolean, flashTimer: any, saveError: AppError|null, fields: Map<string, Slot>,
 *   els: Record<string, HTMLElement> }} FormView
 */

/**
 * A fresh form state, spread into a screen's `view` (it adds its own fields around it).
 * @returns {Omit<FormView, 'ctx'>}
 */
export function formState() {
  return {
    problems: [], local: new Map(), validateError: null, pending: false, timer: 0, seq: 0,
    saving: false, savedFlash: false, flashTimer: 0, saveError: null, fields: new Map(), els: {},
  };
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

let errorIds = 0;

/**
 * The place where the problems of `field` appear, linked to `input` for screen readers.
 * @param {FormView} view @param {string} field path as team_validate reports it
 * @param {HTMLElement|null} input the control to mark invalid
 */
export function fieldError(view, field, input) {
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
 * Local problems first; a field with one ignores the checker's answer for its old value.
 * @param {FormView} view @returns {Problem[]}
 */
export function allProblems(view) {
  const local = [...view.local].map(([field, p]) => /** @type {Problem} */ (
    { line: null, field, message: '', code: p.code, params: /** @type {Record<string, string>} */ (p.params ?? {}) }));
  return [...local, ...view.problems.filter((p) => !view.local.has(p.field))];
}

/**
 * Show every problem under its field (the rest in the list at the top).
 * @param {FormView} view
 * @param {(field: string) => Slot|null} slotFor where a field's problems go
 */
export function placeProblems(view, slotFor) {
  clearFieldMarks(view.fields);
  const unplaced = [];
  for (const p of allProblems(view)) {
    const slot = slotFor(p.field);
    if (!slot) {
      unplaced.push(p);
      continue;
    }
    slot.error.append(h('span', {}, problemLine({ ...p, line: null, field: '' })));
    slot.error.hidden = false;
    if (slot.mark) {
      slot.mark.dataset.invalid = 'true';
      if (/^(INPUT|SELECT|TEXTAREA)$/.test(slot.mark.tagName)) slot.mark.setAttribute('aria-invalid', 'true');
    }
  }
  const { problems, problemItems } = view.els;
  if (problems) {
    const team = view.ctx.store.team;
    problemItems.replaceChildren(...unplaced.map((p) => h('li', {}, problemLine(p, team))));
    if (view.validateError) {
      problemItems.append(h('li', {}, t('team.check_failed', { message: view.validateError.message })));
    }
    problems.hidden = !unplaced.length && !view.validateError;
  }
}

/**
 * Check the team now; `update` shows the pending state, `done` the answer (a newer check
 * started meanwhile: not called). Resolves to the problems found.
 * @param {FormView} view @param {() => void} update @param {() => void} done
 * @returns {Promise<Problem[]>}
 */
export async function checkNow(view, update, done) {
  clearTimeout(view.timer);
  const team = view.ctx.store.team;
  if (!team) return [];
  const seq = view.seq + 1;
  const checking = checkTeam(view, wire(team));
  update();
  await checking;
  if (seq !== view.seq) return view.problems;
  done();
  return view.problems;
}

/**
 * The Save button, the status text and Discard (shown only while saved edits are changed).
 * @param {FormView} view
 * @param {{ save: string, status: string, discard: string, onSave: () => void,
 *   onDiscard: () => void }} ids_and_actions element ids, and what the buttons do
 */
export function saveControls(view, { save: saveId, status, discard: discardId, onSave, onDiscard }) {
  const save = h('button', { type: 'button', id: saveId, class: 'primary', onclick: onSave },
    h('span', { class: 'save-spinner' }), h('span', { class: 'save-label' }));
  const state = h('span', { id: status, class: 'small', role: 'status', 'aria-live': 'polite' });
  const discard = h('button', {
    type: 'button', id: discardId, hidden: true, title: t('team.discard_help'), onclick: onDiscard,
  }, h('span', { 'data-i18n': 'team.discard' }));
  Object.assign(view.els, { save, state, discard });
  return { save, state, discard };
}

/**
 * Save button, status text and Discard: updated in place so typing keeps its focus.
 * @param {FormView} view @param {string} saveKey i18n key of the idle Save label
 * @returns {string} the state shown (`saving`, `invalid`, `checking`, `dirty`, `saved`), '' when not drawn
 */
export function updateSaveBar(view, saveKey) {
  const { save, state, discard } = view.els;
  if (!save || !save.isConnected) return '';
  const { store } = view.ctx;
  const count = allProblems(view).length;
  /** @type {HTMLButtonElement} */ (save).disabled = view.saving || count > 0 || Boolean(view.validateError);
  const label = /** @type {HTMLElement} */ (save.querySelector('.save-label'));
  const key = view.saving ? 'team.saving' : view.savedFlash ? 'team.saved' : saveKey;
  label.dataset.i18n = key;
  label.textContent = t(key);
  save.querySelector('.save-spinner')?.replaceChildren(view.saving ? spinner() : '');
  let text;
  let st;
  if (view.saving) [st, text] = ['saving', t('team.saving')];
  else if (count) [st, text] = ['invalid', t('team.status_invalid', { count })];
  else if (view.validateError) [st, text] = ['invalid', t('team.status_unchecked')];
  else if (view.pending) [st, text] = ['checking', t('team.status_checking')];
  else if (store.teamDirty) [st, text] = ['dirty', t(store.teamSaved ? 'team.status_dirty' : 'team.status_new')];
  else [st, text] = ['saved', t('team.status_saved', { path: store.teamPath ?? '' })];
  state.textContent = text;
  state.dataset.state = st;
  if (discard) {
    discard.hidden = !(store.teamSaved && store.teamDirty && store.savedJson);
    /** @type {HTMLButtonElement} */ (discard).disabled = view.saving;
  }
  return st;
}

/**
 * Check, then write the working team file; problems found go under their fields.
 * @param {FormView} view @param {() => void} update redraws the save bar
 * @param {() => Promise<Problem[]>} validate checks now
 * @returns {Promise<boolean>} true when written
 */
export async function saveForm(view, update, validate) {
  if (view.saving) return false;
  const { store } = view.ctx;
  view.saving = true;
  view.saveError = null;
  update();
  try {
    const problems = await validate();
    if (problems.length || view.local.size || view.validateError) return false;
    await saveWorkingTeam(store, wire(store.team));
    view.savedFlash = true;
    clearTimeout(view.flashTimer);
    view.flashTimer = setTimeout(() => { view.savedFlash = false; update(); }, SAVED_FLASH);
    return true;
  } catch (err) {
    const e = /** @type {AppError} */ (err);
    if (e.code === 'invalid_team' && e.problems) view.problems = e.problems;
    else view.saveError = e;
    return false;
  } finally {
    view.saving = false;
  }
}

/**
 * Throw the unsaved edits away: the team as last saved, no problems of the edits left.
 * @param {FormView} view
 */
export function discardForm(view) {
  clearTimeout(view.timer);
  discardEdits(view.ctx.store);
  view.local.clear();
  view.problems = [];
  view.validateError = null;
  view.pending = false;
  view.saveError = null;
}
