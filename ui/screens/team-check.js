// @ts-check
// Team screen: checking the team as it is edited, showing problems and the toolbar state.

import { t } from '../i18n.js';
import { view } from './team-state.js';
import { checkNow, placeProblems, updateSaveBar } from '../team-form.js';

/** Check the team now; resolves to the problems found. */
export const validateNow = () => checkNow(view, updateToolbar, applyProblems);

/** Where a field's problems go: the field itself, or the nearest enclosing one shown. */
function slotFor(field) {
  let path = field;
  while (path) {
    const slot = view.fields.get(path);
    if (slot) return slot;
    const shorter = path.replace(/(\[\d+\]|\.[^.[\]]*)$/, '');
    if (shorter === path) break;
    path = shorter;
  }
  return null;
}

/** Show every problem under its field (or in the list at the top) and update the toolbar. */
export function applyProblems() {
  placeProblems(view, slotFor);
  updateToolbar();
}

/** Save button, status text, Discard, Export: updated in place so typing keeps its focus. */
export function updateToolbar() {
  const st = updateSaveBar(view, 'team.save');
  if (!st) return;
  const { store } = view.ctx;
  if (view.els.next) view.els.next.hidden = st !== 'saved';
  const exportBtn = /** @type {HTMLButtonElement} */ (view.els.exportBtn);
  exportBtn.disabled = view.exporting || !store.teamSaved || store.teamDirty;
  exportBtn.title = store.teamDirty ? t('team.export_save_first') : t('team.export_help');
}
