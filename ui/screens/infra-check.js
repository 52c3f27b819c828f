// @ts-check
// Server, database & domain: checking [infra] as it is edited, problems under their fields,
// and saving the working team (the same file the Team and Billing screens edit); the
// controller is form-check.js's, as for the Billing screen's settings.

import { view, loadPlan } from './infra-state.js';
import { formCheck } from '../form-check.js';

/** A field's own slot, its list's (ssh_from[2] → ssh_from), or its section's. */
function slotFor(field) {
  const f = view.fields;
  return f.get(field) ?? f.get(field.replace(/\[\d+\]$/, '')) ?? f.get(field.replace(/\[\d+\]\.[a-z_]+$/, ''))
    ?? f.get(field.replace(/\.[a-z_]+$/, '')) ?? null;
}

export const card = formCheck(view, {
  section: 'infra', saveKey: 'infra.save', slotFor,
  // The cost follows the values (and whether they are saved).
  redraw: () => {
    view.draw.settings();
    view.draw.cost?.();
  },
  edited: () => view.draw.cost?.(),
  // The estimate is the saved file's: plan again for it.
  saved: loadPlan,
});

export const { fieldError, changed, structural, validateNow, applyProblems } = card;
