// @ts-check
// Team: the working team file — account, password policy, user groups and members.
// Edits stay in memory (store.team), are checked as you type and written by Save.
// The cards live in team-account.js, team-groups.js and team-members.js; checking in
// team-check.js; the state they share in team-state.js.

import * as api from '../api.js';
import { h, spinner, focusId } from '../dom.js';
import { t, has } from '../i18n.js';
import { errorPanel } from '../errors.js';
import { readTeam, navRefresher, redrawScreen } from '../parts.js';
import { view } from './team-state.js';
import { validateNow, applyProblems, updateToolbar } from './team-check.js';
import { problemLine } from '../problems.js';
import { saveControls, saveForm, discardForm } from '../team-form.js';
import { accountCard, passwordCard } from './team-account.js';
import { groupsCard } from './team-groups.js';
import { membersCard } from './team-members.js';
import { markEdited } from '../team-store.js';

/** Milliseconds of quiet typing before the team is checked. */
const VALIDATE_DELAY = 250;

/** What the cards may ask of the screen (see Edit in team-state.js). */
const edit = { changed, structural, redraw };

/** Sidebar dot: green once a valid team is saved and nothing is left unsaved. */
export const status = (store) => (store.teamSaved && !store.teamDirty ? 'done' : 'todo');

export function render(main, ctx) {
  view.ctx = ctx;
  view.root = h('div', { class: 'screen team-screen' });
  main.append(view.root);
  redraw();
  if (!ctx.store.team && !view.loadingTeam && (!view.loaded || ctx.opened)) load();
  if (!view.catalog) loadCatalog();
  if (ctx.store.team) validateNow();
}

/** Draw the whole screen again, keeping the keyboard focus where it was. */
function redraw() {
  redrawScreen(view.root, (root) => {
    view.fields = new Map();
    view.els = {};
    draw(root);
    applyProblems();
  });
}

function load() {
  readTeam(view, redraw, () => {
    view.loaded = true;
    redraw();
    if (view.ctx.store.team) validateNow();
  });
}

async function loadCatalog() {
  try {
    view.catalog = await api.teamCatalog();
    view.catalogError = null;
    if (!view.services) view.services = new Set(view.catalog.default_services);
  } catch (err) {
    view.catalogError = err;
  }
  redraw();
}

// ---------------------------------------------------------------------------------------
// Layout

function draw(root) {
  const { store } = view.ctx;
  const team = store.team;
  const parts = [
    h('h1', { 'data-i18n': 'team.title' }),
    h('p', { class: 'lead', 'data-i18n': 'team.lead' }),
    fileInput(),
    team ? toolbar() : null,
    messages(),
    team ? problemList() : null,
    team ? editor(team) : (view.loadingTeam ? loadingLine() : startCard()),
  ];
  root.append(...parts.filter(Boolean));
}

function loadingLine() {
  return h('p', { class: 'muted', id: 'team-loading' }, spinner(), ' ', h('span', { 'data-i18n': 'team.loading' }));
}

/** Errors and results of load, import, export and save, above the editor. */
function messages() {
  const out = h('div', { class: 'team-messages' });
  if (view.teamError) out.append(withProblems(errorPanel(view.teamError, 'team-load-error'), view.teamError));
  if (view.catalogError) out.append(errorPanel(view.catalogError, 'team-catalog-error'));
  if (view.createError) out.append(errorPanel(view.createError, 'team-create-error'));
  if (view.importError) out.append(withProblems(errorPanel(view.importError, 'team-import-error'), view.importError));
  if (view.imported) {
    out.append(h('div', { class: 'callout ok', role: 'status', id: 'team-imported' },
      h('strong', {}, t('team.imported', { file: view.imported }))));
  }
  if (view.exportError) out.append(errorPanel(view.exportError, 'team-export-error'));
  if (view.exportPath) {
    out.append(h('div', { class: 'callout ok', role: 'status' },
      h('strong', { 'data-i18n': 'team.exported' }),
      h('p', { id: 'export-path', class: 'mono wrap selectable' }, view.exportPath)));
  }
  const save = h('div', { id: 'team-save-message' });
  view.els.saveMessage = save;
  out.append(save);
  fillSaveMessage();
  return out;
}

/** Add "line N · field: message" for each problem of an invalid_team error. */
function withProblems(panel, err) {
  if (err.problems && err.problems.length) {
    panel.firstChild.after(h('ul', { class: 'problem-list' },
      // About the file read, not the team in memory: members are named by row only.
      ...err.problems.map((p) => h('li', {}, problemLine(p)))));
  }
  return panel;
}

/** The hidden file picker both Import buttons open. */
function fileInput() {
  return h('input', {
    type: 'file', id: 'team-import-input', accept: '.toml', class: 'sr-only', tabindex: '-1',
    'aria-label': t('team.import'),
    onchange: (e) => importFile(e.target),
  });
}

function importButton(id) {
  return h('button', {
    type: 'button', id, disabled: view.importing, title: t('team.import_help'),
    onclick: () => document.getElementById('team-import-input')?.click(),
  }, view.importing ? spinner() : null, h('span', { 'data-i18n': 'team.import' }));
}

function toolbar() {
  const { store } = view.ctx;
  const { save, state, discard } = saveControls(view, {
    save: 'save-team-button', status: 'team-status', discard: 'discard-team-button',
    onSave: saveTeam, onDiscard: discardTeam,
  });
  const exportBtn = h('button', {
    type: 'button', id: 'export-team-button', disabled: view.exporting || !store.teamSaved,
    onclick: doExport,
  }, view.exporting ? spinner() : null, h('span', { 'data-i18n': 'team.export' }));
  // Saved and nothing pending: the next step of the walk is one click away.
  const next = h('button', {
    type: 'button', id: 'team-next-plan', hidden: true, onclick: () => view.ctx.go('plan'),
  }, h('span', { 'data-i18n': 'team.next_plan' }));
  Object.assign(view.els, { exportBtn, next });
  return h('div', { class: 'toolbar' },
    save, state, discard, next, h('span', { class: 'spacer' }), importButton('toolbar-import-button'), exportBtn);
}

/** Problems that have no visible field (version, billing, file syntax). */
function problemList() {
  const list = h('ul', { class: 'problem-list' });
  const box = h('div', { class: 'callout danger', id: 'team-problems', role: 'alert', hidden: true },
    h('strong', { 'data-i18n': 'team.problems_title' }), list);
  view.els.problems = box;
  view.els.problemItems = list;
  return box;
}

function startCard() {
  const c = view.catalog;
  const services = c
    ? h('div', { class: 'check-grid' }, ...c.services.map((s) => serviceOption(s)))
    : h('p', { class: 'muted' }, spinner(), ' ', h('span', { 'data-i18n': 'team.loading' }));
  return h('section', { class: 'card', id: 'team-start' },
    h('h2', { 'data-i18n': 'team.start_title' }),
    h('p', { class: 'muted', 'data-i18n': 'team.start_help' }),
    h('fieldset', { class: 'plain' },
      h('legend', { 'data-i18n': 'team.services' }),
      h('p', { class: 'muted small', 'data-i18n': 'team.services_help' }),
      services),
    h('div', { class: 'actions' },
      h('button', {
        type: 'button', id: 'new-team-button', class: 'primary', disabled: view.creating || !c,
        onclick: createTeam,
      }, view.creating ? spinner() : null, h('span', { 'data-i18n': 'team.new' })),
      importButton('import-team-button')),
    h('p', { class: 'muted small', 'data-i18n': 'team.import_help' }));
}

function serviceOption(s) {
  const id = `service-${s.id}`;
  return h('label', { class: 'check', for: id },
    h('input', {
      type: 'checkbox', id, checked: view.services?.has(s.id),
      onchange: (e) => {
        if (e.target.checked) view.services?.add(s.id);
        else view.services?.delete(s.id);
      },
    }),
    h('span', { class: 'check-body' },
      h('span', {}, has(`service.${s.id}`) ? t(`service.${s.id}`) : s.id),
      h('span', { class: 'muted small mono' }, s.policy)));
}

function editor(team) {
  return h('div', { class: 'editor' },
    accountCard(team, edit),
    passwordCard(team, edit),
    groupsCard(team, edit),
    membersCard(team, edit));
}

// ---------------------------------------------------------------------------------------
// Checking and saving

/** After a change of a value: mark unsaved and check soon. */
function changed() {
  const { store } = view.ctx;
  markEdited(store, 'team');
  view.imported = null;
  view.pending = true;
  clearTimeout(view.timer);
  view.timer = setTimeout(validateNow, VALIDATE_DELAY);
  updateToolbar();
  refreshNav();
}

/** After adding or removing something: draw again and check now. */
function structural() {
  markEdited(view.ctx.store, 'team');
  view.imported = null;
  redraw();
  validateNow();
  refreshNav();
}

/** The save error (if any) under the toolbar. */
function fillSaveMessage() {
  const box = view.els.saveMessage;
  if (!box) return;
  box.replaceChildren(view.saveError ? errorPanel(view.saveError, 'team-save-error') : '');
}

/** Redraw the sidebar only when this screen's dot changes. */
const refreshNav = navRefresher(view, status);

async function saveTeam() {
  if (view.saving) return;
  view.saveError = null;
  fillSaveMessage();
  await saveForm(view, updateToolbar, validateNow);
  fillSaveMessage();
  applyProblems();
  refreshNav();
}

/** Back to the team as last saved: the edits are thrown away, the saved file stays. */
function discardTeam() {
  discardForm(view);
  view.imported = null;
  redraw();
  validateNow();
  refreshNav();
  focusId('save-team-button');
}

async function createTeam() {
  const { store } = view.ctx;
  view.creating = true;
  view.createError = null;
  redraw();
  try {
    const picked = (view.catalog?.services ?? []).filter((s) => view.services?.has(s.id)).map((s) => s.id);
    store.team = await api.teamNew(picked);
    store.teamDirty = true;
    store.dirtyScreen = 'team';
    view.problems = [];
    view.local.clear();
    view.teamError = null;
    view.importError = null;
  } catch (err) {
    view.createError = err;
  } finally {
    view.creating = false;
    redraw();
    refreshNav();
    if (store.team) {
      focusId('team-alias');
      validateNow();
    }
  }
}

/** @param {HTMLInputElement} input */
async function importFile(input) {
  const file = input.files && input.files[0];
  if (!file) return;
  const { store } = view.ctx;
  view.importing = true;
  view.importError = null;
  view.imported = null;
  redraw();
  try {
    const text = await file.text();
    store.team = await api.teamImport(file.name, text);
    store.teamSaved = true;
    store.teamDirty = false;
    store.savedJson = JSON.stringify(store.team);
    store.dirtyScreen = null;
    store.plan = null;
    store.planStale = true;
    store.applyOk = false;
    view.problems = [];
    view.local.clear();
    view.teamError = null;
    view.imported = file.name;
  } catch (err) {
    view.importError = err;
  } finally {
    input.value = '';
    view.importing = false;
    redraw();
    refreshNav();
    if (store.team) validateNow();
  }
}

async function doExport() {
  view.exporting = true;
  view.exportError = null;
  view.exportPath = null;
  redraw();
  try {
    view.exportPath = await api.teamExport();
  } catch (err) {
    view.exportError = err;
  } finally {
    view.exporting = false;
    redraw();
  }
}
