// @ts-check
// Billing screen: checking the billing settings as they are edited, showing problems under
// their fields, and saving the working team (the same file the Team screen edits); the
// controller is form-check.js's, as for the Server screen's settings.

import { view } from './billing-state.js';
import { formCheck } from '../form-check.js';

/** A field's own slot, its list's (percents[2] → percents), or none. */
function slotFor(field) {
  return view.fields.get(field) ?? view.fields.get(field.replace(/\[\d+\]$/, '')) ?? null;
}

export const card = formCheck(view, {
  section: 'billing', saveKey: 'billing.save', slotFor,
  redraw: () => view.draw.settings(),
  // The live rows compare AWS with the file ("the team file says …").
  checked: () => {
    view.draw.state();
    view.draw.chart();
  },
});

export const { fieldError, changed, structural, validateNow, applyProblems } = card;
