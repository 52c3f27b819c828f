// @ts-check
// The working team file, shared by the screens that edit it (Team, Billing alerts):
// loading it into the store once, and checking it with the Rust validator.

import * as api from './api.js';

/** Read the working team into the store unless a screen already holds one. */
export async function loadWorkingTeam(store) {
  const loaded = await api.teamLoad();
  store.teamPath = loaded.path;
  if (!store.team && loaded.team) {
    store.team = loaded.team;
    store.teamSaved = true;
    store.teamDirty = false;
    store.savedJson = JSON.stringify(loaded.team);
  }
  return loaded;
}

/** The team as the commands expect it: empty optional text left out. @param {any} team */
export function wire(team) {
  const copy = JSON.parse(JSON.stringify(team));
  if (!copy.account.alias) delete copy.account.alias;
  for (const m of copy.members) {
    if (!m.name) delete m.name;
    if (!m.email) delete m.email;
  }
  return copy;
}

/**
 * Throw away the edits not saved yet: the team as it was last saved (nothing else changes:
 * the plan read before still matches the file).
 * @param {any} store
 */
export function discardEdits(store) {
  if (!store.teamSaved || !store.savedJson) return;
  store.team = JSON.parse(store.savedJson);
  store.teamDirty = false;
  store.dirtyScreen = null;
}

/**
 * After an edit on `screen` ('team' or 'billing'): unsaved only while the team differs from
 * what was last saved (a value changed back is saved again), and the plan names the screen
 * that holds the edit. @param {import('./app.js').Store} store @param {'team'|'billing'|'infra'} screen
 */
export function markEdited(store, screen) {
  store.teamDirty = !store.teamSaved || JSON.stringify(store.team) !== store.savedJson;
  store.dirtyScreen = store.teamDirty ? screen : null;
}

/**
 * Validate `team` for a screen's `view` ({ seq, problems, validateError, pending }); an
 * answer that arrives after a newer check started is ignored. Resolves to the problems.
 * @param {any} view @param {any} team the team as the validator takes it
 */
export async function checkTeam(view, team) {
  const seq = ++view.seq;
  view.pending = true;
  try {
    const problems = await api.teamValidate(team);
    if (seq !== view.seq) return problems;
    view.problems = problems;
    view.validateError = null;
  } catch (err) {
    if (seq !== view.seq) return [];
    view.problems = [];
    view.validateError = err;
  }
  view.pending = false;
  return view.problems;
}

/**
 * Write the working team file and mark the store saved; any plan read before is stale.
 * @param {import('./app.js').Store} store @param {any} wired the team as `team_save` takes it
 */
export async function saveWorkingTeam(store, wired) {
  const sent = JSON.stringify(store.team);
  store.teamPath = await api.teamSave(wired);
  store.teamSaved = true;
  store.savedJson = sent;
  // Typing while the file was written leaves those edits unsaved.
  store.teamDirty = JSON.stringify(store.team) !== sent;
  if (!store.teamDirty) store.dirtyScreen = null;
  store.plan = null;
  store.planStale = true;
  store.applyOk = false;
}

/** Take every field's problem text and invalid mark away (before placing new ones). */
export function clearFieldMarks(fields) {
  for (const { error, mark } of fields.values()) {
    error.replaceChildren();
    error.hidden = true;
    if (mark) {
      mark.removeAttribute('aria-invalid');
      delete mark.dataset.invalid;
    }
  }
}
