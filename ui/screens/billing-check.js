// @ts-check
// Billing screen: checking the billing settings as they are edited, showing problems under
// their fields, and saving the working team (the same file the Team screen edits).

import { view } from './billing-state.js';
import { markEdited } from '../team-store.js';
import {
  fieldError as formFieldError, checkNow, placeProblems, updateSaveBar as formSaveBar, saveForm, discardForm,
} from '../team-form.js';

/** Milliseconds of quiet typing before the team is checked. */
const VALIDATE_DELAY = 250;

/** Where the problems of `field` appear, linked to `input` for screen readers. */
export const fieldError = (field, input) => formFieldError(view, field, input);

/** After a change of a value: mark unsaved and check soon. */
export function changed() {
  markDirty();
  view.pending = true;
  clearTimeout(view.timer);
  view.timer = setTimeout(validateNow, VALIDATE_DELAY);
  updateSaveBar();
}

/** After adding or removing something: draw the card again and check now. */
export function structural() {
  markDirty();
  view.draw.settings();
  validateNow();
}

function markDirty() {
  const { store } = view.ctx;
  const was = store.teamDirty;
  markEdited(store, 'billing');
  if (view.justSaved) {
    view.justSaved = false;
    document.getElementById('billing-saved')?.remove();
  }
  if (!was) view.ctx.refresh();
}

/** Check the whole team now; resolves to the problems found. */
export const validateNow = () => checkNow(view, updateSaveBar, () => {
  applyProblems();
  // The live rows compare AWS with the file ("the team file says …").
  view.draw.state();
  view.draw.chart();
});

/** A field's own slot, its list's (percents[2] → percents), or none. */
function slotFor(field) {
  return view.fields.get(field) ?? view.fields.get(field.replace(/\[\d+\]$/, '')) ?? null;
}

/** Show every problem under its field (the rest in the list at the top) and update Save. */
export function applyProblems() {
  placeProblems(view, slotFor);
  updateSaveBar();
}

/** Save button, status text and Discard: updated in place so typing keeps its focus. */
const updateSaveBar = () => formSaveBar(view, 'billing.save');

export async function saveBilling() {
  const saved = await saveForm(view, updateSaveBar, validateNow);
  view.justSaved = saved;
  view.ctx.refresh();
  view.draw.settings();
}

/** Back to the team as last saved (the Team screen's edits too: they are one file). */
export function discardBilling() {
  discardForm(view);
  view.justSaved = false;
  view.ctx.refresh();
  view.draw.settings();
  validateNow();
  document.getElementById('billing-save')?.focus();
}
