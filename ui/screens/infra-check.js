// @ts-check
// Server, database & domain: checking [infra] as it is edited, problems under their fields,
// and saving the working team (the same file the Team and Billing screens edit).

import { view, loadPlan } from './infra-state.js';
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
  view.draw.cost?.();
  validateNow();
}

function markDirty() {
  const { store } = view.ctx;
  const was = store.teamDirty;
  markEdited(store, 'infra');
  if (view.justSaved) {
    view.justSaved = false;
    document.getElementById('infra-saved')?.remove();
  }
  if (!was) {
    view.ctx.refresh();
    view.draw.cost?.();
  }
}

/** Check the whole team now; resolves to the problems found. */
export const validateNow = () => checkNow(view, updateSaveBar, applyProblems);

/** A field's own slot, its list's (ssh_from[2] → ssh_from), or its section's. */
function slotFor(field) {
  const f = view.fields;
  return f.get(field) ?? f.get(field.replace(/\[\d+\]$/, '')) ?? f.get(field.replace(/\[\d+\]\.[a-z_]+$/, ''))
    ?? f.get(field.replace(/\.[a-z_]+$/, '')) ?? null;
}

/** Show every problem under its field (the rest in the list at the top) and update Save. */
export function applyProblems() {
  placeProblems(view, slotFor);
  updateSaveBar();
}

/** Save button, status text and Discard: updated in place so typing keeps its focus. */
export const updateSaveBar = () => formSaveBar(view, 'infra.save');

export async function saveInfra() {
  const saved = await saveForm(view, updateSaveBar, validateNow);
  view.justSaved = saved;
  view.ctx.refresh();
  view.draw.settings();
  view.draw.cost?.();
  // The estimate is the saved file's: plan again for it.
  if (saved) loadPlan();
}

/** Back to the team as last saved (the other screens' edits too: they are one file). */
export function discardInfra() {
  discardForm(view);
  view.justSaved = false;
  view.ctx.refresh();
  view.draw.settings();
  view.draw.cost?.();
  validateNow();
  document.getElementById('infra-save')?.focus();
}
