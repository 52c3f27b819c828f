// Billing screen: checking the billing settings as they are edited, showing problems under
// their fields, and saving the working team (the same file the Team screen edits).

import { h, spinner } from '../dom.js';
import { t } from '../i18n.js';
import { wire, problemLine } from './team-check.js';
import { view } from './billing-state.js';
import { checkTeam, clearFieldMarks, markEdited, saveWorkingTeam } from '../team-store.js';

/** Milliseconds of quiet typing before the team is checked. */
const VALIDATE_DELAY = 250;
/** How long the Save button says "Saved". */
const SAVED_FLASH = 2000;

let errorIds = 0;

/** Where the problems of `field` appear, linked to `input` for screen readers. */
export function fieldError(field, input) {
  const id = `billing-problem-${++errorIds}`;
  const el = h('p', { class: 'field-error', id, hidden: true, 'aria-live': 'polite' });
  view.fields.set(field, { error: el, mark: input });
  if (input && /^(INPUT|SELECT|TEXTAREA)$/.test(input.tagName)) {
    const was = input.getAttribute('aria-describedby');
    input.setAttribute('aria-describedby', was ? `${was} ${id}` : id);
  }
  return el;
}


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
export async function validateNow() {
  clearTimeout(view.timer);
  const team = view.ctx.store.team;
  if (!team) return [];
  const seq = view.seq + 1;
  const checking = checkTeam(view, wire(team));
  updateSaveBar();
  await checking;
  if (seq !== view.seq) return view.problems;
  applyProblems();
  // The live rows compare AWS with the file ("the team file says …").
  view.draw.state();
  view.draw.chart();
  return view.problems;
}

/** Local problems first; a field with one ignores the checker's answer for its old value. */
function allProblems() {
  const local = [...view.local].map(([field, p]) => ({ line: null, field, message: '', ...p }));
  return [...local, ...view.problems.filter((p) => !view.local.has(p.field))];
}

/** A field's own slot, its list's (percents[2] → percents), or none. */
function slotFor(field) {
  return view.fields.get(field) ?? view.fields.get(field.replace(/\[\d+\]$/, '')) ?? null;
}

/** Show every problem under its field (the rest in the list at the top) and update Save. */
export function applyProblems() {
  clearFieldMarks(view.fields);
  const unplaced = [];
  for (const p of allProblems()) {
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
    problemItems.replaceChildren(...unplaced.map((p) => h('li', {}, problemLine(p))));
    if (view.validateError) {
      problemItems.append(h('li', {}, t('team.check_failed', { message: view.validateError.message })));
    }
    problems.hidden = !unplaced.length && !view.validateError;
  }
  updateSaveBar();
}

/** Save button and status text: updated in place so typing keeps its focus. */
function updateSaveBar() {
  const { save, state } = view.els;
  if (!save || !save.isConnected) return;
  const { store } = view.ctx;
  const count = allProblems().length;
  save.disabled = view.saving || count > 0 || Boolean(view.validateError);
  const label = save.querySelector('.save-label');
  const key = view.saving ? 'team.saving' : view.savedFlash ? 'team.saved' : 'billing.save';
  label.dataset.i18n = key;
  label.textContent = t(key);
  save.querySelector('.save-spinner').replaceChildren(view.saving ? spinner() : '');
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
}

export async function saveBilling() {
  if (view.saving) return;
  const { store } = view.ctx;
  view.saving = true;
  view.saveError = null;
  updateSaveBar();
  let saved = false;
  try {
    const problems = await validateNow();
    if (problems.length || view.local.size || view.validateError) return;
    await saveWorkingTeam(store, wire(store.team));
    saved = true;
    view.savedFlash = true;
    clearTimeout(view.flashTimer);
    view.flashTimer = setTimeout(() => { view.savedFlash = false; updateSaveBar(); }, SAVED_FLASH);
  } catch (err) {
    if (err.code === 'invalid_team' && err.problems) view.problems = err.problems;
    else view.saveError = err;
  } finally {
    view.saving = false;
    view.justSaved = saved;
    view.ctx.refresh();
    view.draw.settings();
  }
}
