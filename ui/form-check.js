// @ts-check
// A card that edits one section of the working team on a screen of its own (Billing's
// [billing], the Server screen's [infra]; the Team screen edits the rest of the same file):
// its controller — a change marks the team unsaved and checks it soon, problems go under
// their fields, Save and Discard. team-form.js has what all three editing screens share.

import { markEdited } from './team-store.js';
import { fieldError, checkNow, placeProblems, updateSaveBar, saveForm, discardForm } from './team-form.js';

/** Milliseconds of quiet typing before the team is checked. */
const VALIDATE_DELAY = 250;

const noop = () => {};

/**
 * @typedef {import('./team-form.js').Slot} Slot
 * @typedef {import('./team-form.js').Problem} Problem
 * The state of a screen with a section card: the form, and whether it was just saved.
 * @typedef {import('./team-form.js').FormView & { justSaved: boolean }} CardView
 * What a section card's controller offers its screen.
 * @typedef {{ fieldError: (field: string, input: HTMLElement|null) => HTMLElement,
 *   changed: () => void, structural: () => void, validateNow: () => Promise<Problem[]>,
 *   applyProblems: () => void, save: () => Promise<void>, discard: () => void }} CardForm
 */

/**
 * The controller of a section card.
 * @param {CardView} view the screen's state
 * @param {{ section: 'billing'|'infra', saveKey: string, slotFor: (field: string) => Slot|null,
 *   redraw: () => void, edited?: () => void, checked?: () => void, saved?: () => void }} how
 *   `section`: what markEdited is told, and the start of the card's ids (`<section>-save`,
 *   `<section>-saved`); `saveKey`: i18n key of the idle Save label; `slotFor`: where a
 *   field's problems go; `redraw`: draw the card again (and what follows from its values);
 *   `edited`: the team just became unsaved; `checked`: a check answered (its problems are
 *   placed); `saved`: a save wrote the file.
 * @returns {CardForm}
 */
export function formCheck(view, { section, saveKey, slotFor, redraw, edited = noop, checked = noop, saved = noop }) {
  /** Save button, status text and Discard: updated in place so typing keeps its focus. */
  const update = () => updateSaveBar(view, saveKey);

  /** Show every problem under its field (the rest in the list at the top) and update Save. */
  function applyProblems() {
    placeProblems(view, slotFor);
    update();
  }

  /** Check the whole team now; resolves to the problems found. */
  const validateNow = () => checkNow(view, update, () => {
    applyProblems();
    checked();
  });

  function markDirty() {
    const { store } = view.ctx;
    const was = store.teamDirty;
    markEdited(store, section);
    if (view.justSaved) {
      view.justSaved = false;
      document.getElementById(`${section}-saved`)?.remove();
    }
    if (!was) {
      view.ctx.refresh();
      edited();
    }
  }

  return {
    /** Where the problems of `field` appear, linked to `input` for screen readers. */
    fieldError: (field, input) => fieldError(view, field, input),

    /** After a change of a value: mark unsaved and check soon. */
    changed() {
      markDirty();
      view.pending = true;
      clearTimeout(view.timer);
      view.timer = setTimeout(validateNow, VALIDATE_DELAY);
      update();
    },

    /** After adding or removing something: draw the card again and check now. */
    structural() {
      markDirty();
      redraw();
      validateNow();
    },

    validateNow,
    applyProblems,

    /** Check, then write the working team file. */
    async save() {
      const wrote = await saveForm(view, update, validateNow);
      view.justSaved = wrote;
      view.ctx.refresh();
      redraw();
      if (wrote) saved();
    },

    /** Back to the team as last saved (the other screens' edits too: they are one file). */
    discard() {
      discardForm(view);
      view.justSaved = false;
      view.ctx.refresh();
      redraw();
      validateNow();
      document.getElementById(`${section}-save`)?.focus();
    },
  };
}
