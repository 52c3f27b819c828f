// Team screen: checking the team as it is edited, showing problems and the toolbar state.

import { h, spinner } from '../dom.js';
import { t, has } from '../i18n.js';
import { view } from './team-state.js';
import { checkTeam, clearFieldMarks } from '../team-store.js';

/** The team as the commands expect it: empty optional text left out. */
export function wire(team) {
  const copy = JSON.parse(JSON.stringify(team));
  if (!copy.account.alias) delete copy.account.alias;
  for (const m of copy.members) {
    if (!m.name) delete m.name;
    if (!m.email) delete m.email;
  }
  return copy;
}

/** Check the team now; resolves to the problems found. */
export async function validateNow() {
  clearTimeout(view.timer);
  const team = view.ctx.store.team;
  if (!team) return [];
  const seq = view.seq + 1;
  const checking = checkTeam(view, wire(team));
  updateToolbar();
  await checking;
  if (seq !== view.seq) return view.problems;
  applyProblems();
  return view.problems;
}

/** Local problems first; a field with one ignores the checker's answer for its old value. */
function allProblems() {
  const local = [...view.local].map(([field, p]) => ({ line: null, field, message: '', ...p }));
  return [...local, ...view.problems.filter((p) => !view.local.has(p.field))];
}

const invalid = () => allProblems().length > 0 || Boolean(view.validateError);

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

/** Text of one problem in the user's language. */
function problemText(p) {
  const key = p.code === 'user_name' && !p.params?.value ? 'problem.user_required' : `problem.${p.code}`;
  return has(key) ? t(key, p.params ?? {}) : p.message;
}

/** "line N · field: message", leaving out what is not known. */
export function problemLine(p) {
  const where = [p.line ? t('team.line', { line: p.line }) : null, p.field || null].filter(Boolean).join(' · ');
  return where ? `${where}: ${problemText(p)}` : problemText(p);
}

/** Show every problem under its field (or in the list at the top) and update the toolbar. */
export function applyProblems() {
  clearFieldMarks(view.fields);
  const unplaced = [];
  for (const p of allProblems()) {
    const slot = slotFor(p.field);
    if (!slot) {
      unplaced.push(p);
      continue;
    }
    slot.error.append(h('span', {}, problemText(p)));
    slot.error.hidden = false;
    if (slot.mark) {
      slot.mark.dataset.invalid = 'true';
      if (/^(INPUT|SELECT|TEXTAREA)$/.test(slot.mark.tagName)) slot.mark.setAttribute('aria-invalid', 'true');
    }
  }
  if (view.els.problems) {
    view.els.problemItems.replaceChildren(...unplaced.map((p) => h('li', {}, problemLine(p))));
    if (view.validateError) {
      view.els.problemItems.append(h('li', {}, t('team.check_failed', { message: view.validateError.message })));
    }
    view.els.problems.hidden = !unplaced.length && !view.validateError;
  }
  updateToolbar();
}

/** Save button, status text: updated in place so typing keeps its focus. */
export function updateToolbar() {
  const { save, state, exportBtn } = view.els;
  if (!save) return;
  const { store } = view.ctx;
  const count = allProblems().length;
  save.disabled = view.saving || invalid();
  const label = save.querySelector('.save-label');
  const key = view.saving ? 'team.saving' : view.savedFlash ? 'team.saved' : 'team.save';
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
  if (view.els.next) view.els.next.hidden = st !== 'saved';
  exportBtn.disabled = view.exporting || !store.teamSaved || store.teamDirty;
  exportBtn.title = store.teamDirty ? t('team.export_save_first') : t('team.export_help');
}
