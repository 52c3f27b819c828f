// Team: the working team file — account, password policy, user groups and members.
// Edits stay in memory (store.team), are checked as you type and written by Save.

import * as api from '../api.js';
import { h, spinner } from '../dom.js';
import { t, has } from '../i18n.js';
import { errorPanel } from './connect.js';

const REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ap-northeast-2', 'ap-northeast-1',
  'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ap-south-1', 'ca-central-1',
  'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'sa-east-1',
];
/** Milliseconds of quiet typing before the team is checked. */
const VALIDATE_DELAY = 250;
/** How long the Save button says "Saved". */
const SAVED_FLASH = 2000;
const GROUP_NAME = /^[\w+=,.@-]{1,128}$/;
const DEFAULT_MAX_AGE = 90;
const DEFAULT_REUSE = 24;

/** Screen-local state kept across re-renders (language switch, navigation). */
const view = {
  /** @type {HTMLElement|null} */ root: null,
  ctx: null,
  /** @type {import('../api.js').Catalog|null} */ catalog: null,
  /** @type {import('../api.js').AppError|null} */ catalogError: null,
  /** @type {Set<string>|null} services picked for a new team */ services: null,
  loading: false,
  loaded: false,
  /** @type {import('../api.js').AppError|null} */ loadError: null,
  creating: false,
  /** @type {import('../api.js').AppError|null} */ createError: null,
  /** @type {import('../api.js').Problem[]} from the last check */ problems: [],
  /** @type {Map<string, {code: string, params: Record<string, string|number>}>} input that is not a number */
  local: new Map(),
  /** @type {import('../api.js').AppError|null} */ validateError: null,
  pending: false,
  timer: 0,
  seq: 0,
  saving: false,
  savedFlash: false,
  flashTimer: 0,
  /** @type {import('../api.js').AppError|null} */ saveError: null,
  importing: false,
  /** @type {import('../api.js').AppError|null} */ importError: null,
  /** @type {string|null} */ imported: null,
  exporting: false,
  /** @type {string|null} */ exportPath: null,
  /** @type {import('../api.js').AppError|null} */ exportError: null,
  newGroup: '',
  /** @type {string|null} i18n key of a problem with the new group name */ newGroupError: null,
  /** @type {Map<string, {error: HTMLElement, mark: HTMLElement|null}>} field path → where its problems go */
  fields: new Map(),
  /** Elements the toolbar updates in place. */
  els: /** @type {Record<string, HTMLElement>} */ ({}),
  lastStatus: '',
};

/** Sidebar dot: green once a valid team is saved and nothing is left unsaved. */
export const status = (store) => (store.teamSaved && !store.teamDirty ? 'done' : 'todo');

export function render(main, ctx) {
  view.ctx = ctx;
  view.root = h('div', { class: 'screen team-screen' });
  main.append(view.root);
  redraw();
  if (!ctx.store.team && !view.loading && (!view.loaded || ctx.opened)) load();
  if (!view.catalog) loadCatalog();
  if (ctx.store.team) validateNow();
}

/** Draw the whole screen again, keeping the keyboard focus where it was. */
function redraw() {
  const root = view.root;
  if (!root || !root.isConnected) return;
  const focused = root.contains(document.activeElement) ? document.activeElement.id : '';
  root.replaceChildren();
  view.fields = new Map();
  view.els = {};
  draw(root);
  applyProblems();
  if (focused) document.getElementById(focused)?.focus();
}

/** Move the focus to an element by id after a redraw. */
function focus(id) {
  const el = document.getElementById(id);
  if (el) el.focus();
}

async function load() {
  const { store } = view.ctx;
  view.loading = true;
  redraw();
  try {
    const loaded = await api.teamLoad();
    store.teamPath = loaded.path;
    if (!store.team && loaded.team) {
      store.team = loaded.team;
      store.teamSaved = true;
      store.teamDirty = false;
    }
    view.loadError = null;
  } catch (err) {
    view.loadError = err;
  } finally {
    store.teamLoaded = true;
    view.loading = false;
    view.loaded = true;
    view.ctx.refresh();
    redraw();
    if (store.team) validateNow();
  }
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
    team ? editor(team) : (view.loading ? loadingLine() : startCard()),
  ];
  root.append(...parts.filter(Boolean));
}

function loadingLine() {
  return h('p', { class: 'muted', id: 'team-loading' }, spinner(), ' ', h('span', { 'data-i18n': 'team.loading' }));
}

/** Errors and results of load, import, export and save, above the editor. */
function messages() {
  const out = h('div', { class: 'team-messages' });
  if (view.loadError) out.append(withProblems(errorPanel(view.loadError, 'team-load-error'), view.loadError));
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
    onclick: () => document.getElementById('team-import-input').click(),
  }, view.importing ? spinner() : null, h('span', { 'data-i18n': 'team.import' }));
}

function toolbar() {
  const { store } = view.ctx;
  const save = h('button', {
    type: 'button', id: 'save-team-button', class: 'primary', onclick: saveTeam,
  }, h('span', { class: 'save-spinner' }), h('span', { class: 'save-label' }));
  const exportBtn = h('button', {
    type: 'button', id: 'export-team-button', disabled: view.exporting || !store.teamSaved,
    onclick: doExport,
  }, view.exporting ? spinner() : null, h('span', { 'data-i18n': 'team.export' }));
  const state = h('span', { id: 'team-status', class: 'small', role: 'status', 'aria-live': 'polite' });
  Object.assign(view.els, { save, exportBtn, state });
  return h('div', { class: 'toolbar' },
    save, state, h('span', { class: 'spacer' }), importButton('toolbar-import-button'), exportBtn);
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
        if (e.target.checked) view.services.add(s.id);
        else view.services.delete(s.id);
      },
    }),
    h('span', { class: 'check-body' },
      h('span', {}, has(`service.${s.id}`) ? t(`service.${s.id}`) : s.id),
      h('span', { class: 'muted small mono' }, s.policy)));
}

function editor(team) {
  return h('div', { class: 'editor' },
    accountCard(team),
    passwordCard(team),
    groupsCard(team),
    membersCard(team));
}

/** A section title with the English AWS console term in small grey text. */
function sectionTitle(titleKey, termKey) {
  return h('h2', {},
    h('span', { 'data-i18n': titleKey }),
    termKey ? h('span', { class: 'aws-term', 'data-i18n': termKey }) : null);
}

let errorIds = 0;

/**
 * The place where the problems of `field` appear, linked to `input` for screen readers.
 * @param {string} field path as team_validate reports it
 * @param {HTMLElement|null} input the control to mark invalid
 */
function fieldError(field, input) {
  const id = `problem-${++errorIds}`;
  const el = h('p', { class: 'field-error', id, hidden: true, 'aria-live': 'polite' });
  view.fields.set(field, { error: el, mark: input });
  if (input) {
    const was = input.getAttribute('aria-describedby');
    input.setAttribute('aria-describedby', was ? `${was} ${id}` : id);
  }
  return el;
}

/**
 * An input whose current value is set as a property, not as the `value` attribute: a
 * default value would make WebDriver's typing replace the text instead of adding to it.
 */
function inputWithValue(attrs, value) {
  const el = h('input', attrs);
  el.value = value ?? '';
  return el;
}

// ---------------------------------------------------------------------------------------
// Account

function accountCard(team) {
  const a = team.account;
  const preview = h('p', { id: 'team-alias-preview', class: 'muted small wrap', 'aria-live': 'polite' });
  const showPreview = () => {
    preview.replaceChildren(a.alias
      ? h('span', {}, h('span', { 'data-i18n': 'team.alias_preview' }), ' ',
        h('span', { class: 'mono selectable' }, `https://${a.alias}.signin.aws.amazon.com/console`))
      : h('span', { 'data-i18n': 'team.alias_none' }));
  };
  showPreview();
  const alias = inputWithValue({
    type: 'text', id: 'team-alias', autocomplete: 'off', spellcheck: 'false',
    class: 'mono', 'aria-describedby': 'team-alias-help team-alias-preview',
    oninput: (e) => {
      a.alias = e.target.value === '' ? null : e.target.value;
      showPreview();
      changed();
    },
  }, a.alias);
  const regions = REGIONS.includes(a.home_region) ? REGIONS : [a.home_region, ...REGIONS];
  const region = h('select', {
    id: 'team-region', 'aria-describedby': 'team-region-help',
    onchange: (e) => { a.home_region = e.target.value; changed(); },
  }, ...regions.map((r) => h('option', { value: r, selected: r === a.home_region },
    has(`region.${r}`) ? `${r} · ${t(`region.${r}`)}` : r)));
  const mfa = h('input', {
    type: 'checkbox', id: 'team-require-mfa', checked: a.require_mfa, 'aria-describedby': 'team-mfa-help',
    onchange: (e) => { a.require_mfa = e.target.checked; changed(); },
  });
  return h('section', { class: 'card', id: 'team-account' },
    h('h2', { 'data-i18n': 'team.account' }),
    h('div', { class: 'field' },
      h('label', { for: 'team-alias' },
        h('span', { 'data-i18n': 'team.alias' }), h('span', { class: 'aws-term', 'data-i18n': 'term.alias' })),
      alias,
      h('p', { id: 'team-alias-help', class: 'muted small', 'data-i18n': 'team.alias_help' }),
      preview,
      fieldError('account.alias', alias)),
    h('div', { class: 'field' },
      h('label', { for: 'team-region', 'data-i18n': 'team.region' }),
      region,
      h('p', { id: 'team-region-help', class: 'muted small', 'data-i18n': 'team.region_help' }),
      fieldError('account.home_region', region)),
    h('div', { class: 'field wide' },
      h('label', { class: 'check', for: 'team-require-mfa' }, mfa,
        h('span', { class: 'check-body' },
          h('span', {}, h('span', { 'data-i18n': 'team.require_mfa' }),
            h('span', { class: 'aws-term', 'data-i18n': 'term.mfa' })),
          h('span', { id: 'team-mfa-help', class: 'muted small', 'data-i18n': 'team.require_mfa_help' })))));
}

// ---------------------------------------------------------------------------------------
// Password policy

/**
 * A whole-number input; text that is not a number becomes a local problem of `field`.
 * @param {(n: number) => void} set
 */
function numberInput(id, field, value, min, max, set, attrs = {}) {
  const read = (e) => {
    const raw = e.target.value.trim();
    if (/^\d{1,9}$/.test(raw)) {
      view.local.delete(field);
      set(Number(raw));
    } else {
      view.local.set(field, { code: 'whole_number', params: { value: raw, min, max } });
    }
    changed();
  };
  return inputWithValue({
    type: 'number', id, min, max, step: 1, inputmode: 'numeric', class: 'num', ...attrs,
    oninput: read,
    onchange: read,
  }, value);
}

function passwordCard(team) {
  const p = team.password_policy;
  const check = (key, label) => {
    const id = `pp-${key.replace(/_/g, '-')}`;
    return h('label', { class: 'check', for: id },
      h('input', {
        type: 'checkbox', id, checked: p[key],
        onchange: (e) => { p[key] = e.target.checked; changed(); },
      }),
      h('span', { 'data-i18n': label }));
  };
  const minLength = numberInput('pp-minimum-length', 'password_policy.minimum_length', p.minimum_length, 8, 128,
    (n) => { p.minimum_length = n; }, { 'aria-describedby': 'pp-minimum-length-help' });
  return h('section', { class: 'card', id: 'team-password' },
    sectionTitle('team.password', 'term.password_policy'),
    h('p', { class: 'muted small', 'data-i18n': 'team.password_help' }),
    h('div', { class: 'field' },
      h('label', { for: 'pp-minimum-length', 'data-i18n': 'team.min_length' }),
      minLength,
      h('p', { id: 'pp-minimum-length-help', class: 'muted small', 'data-i18n': 'team.min_length_help' }),
      fieldError('password_policy.minimum_length', minLength)),
    h('fieldset', { class: 'plain' },
      h('legend', { 'data-i18n': 'team.require_chars' }),
      h('div', { class: 'check-grid' },
        check('require_uppercase', 'team.uppercase'),
        check('require_lowercase', 'team.lowercase'),
        check('require_numbers', 'team.numbers'),
        check('require_symbols', 'team.symbols'))),
    h('div', { class: 'field wide' }, check('allow_users_to_change', 'team.allow_change')),
    optionalNumber(p, 'max_age_days', 'pp-max-age', ['team.max_age', 'team.max_age_unit', 'team.max_age_label'],
      1, 1095, DEFAULT_MAX_AGE),
    optionalNumber(p, 'reuse_prevention', 'pp-reuse', ['team.reuse', 'team.reuse_unit', 'team.reuse_label'],
      1, 24, DEFAULT_REUSE));
}

/**
 * A checkbox that turns an optional number on, and the number.
 * @param {string[]} keys i18n keys of the checkbox label, the unit after the number and its label
 */
function optionalNumber(p, key, id, [label, unit, inputLabel], min, max, fallback) {
  const field = `password_policy.${key}`;
  const on = p[key] !== null && p[key] !== undefined;
  const input = numberInput(id, field, p[key], min, max, (n) => { p[key] = n; },
    { disabled: !on, 'aria-label': t(inputLabel) });
  const toggle = h('input', {
    type: 'checkbox', id: `${id}-on`, checked: on,
    onchange: (e) => {
      input.disabled = !e.target.checked;
      view.local.delete(field);
      if (e.target.checked) {
        const n = Number(input.value);
        p[key] = Number.isInteger(n) && n >= min && n <= max ? n : fallback;
        input.value = String(p[key]);
      } else {
        p[key] = null;
      }
      changed();
    },
  });
  return h('div', { class: 'field wide' },
    h('div', { class: 'inline' },
      h('label', { class: 'check', for: `${id}-on` }, toggle, h('span', { 'data-i18n': label })),
      input,
      h('span', { class: 'muted small', 'aria-hidden': 'true', 'data-i18n': unit })),
    h('p', { class: 'muted small' }, t('team.range', { min, max })),
    fieldError(field, input));
}

// ---------------------------------------------------------------------------------------
// User groups

function groupsCard(team) {
  const names = Object.keys(team.groups);
  const name = inputWithValue({
    type: 'text', id: 'new-group-name', autocomplete: 'off', spellcheck: 'false',
    class: 'mono', 'aria-describedby': 'new-group-problem',
    oninput: (e) => { view.newGroup = e.target.value; },
    onkeydown: (e) => { if (e.key === 'Enter') { e.preventDefault(); addGroup(team); } },
  }, view.newGroup);
  return h('section', { class: 'card', id: 'team-groups' },
    sectionTitle('team.groups', 'term.groups'),
    h('p', { class: 'muted small', 'data-i18n': 'team.groups_help' }),
    names.length
      ? h('ul', { class: 'group-list' }, ...names.map((n) => groupRow(team, n)))
      : h('p', { class: 'muted', 'data-i18n': 'team.no_groups' }),
    h('div', { class: 'add-row' },
      h('label', { for: 'new-group-name', 'data-i18n': 'team.new_group' }),
      name,
      h('button', { type: 'button', id: 'add-group-button', onclick: () => addGroup(team) },
        h('span', { 'data-i18n': 'team.add_group' }))),
    h('p', {
      class: 'field-error', id: 'new-group-problem', hidden: !view.newGroupError,
    }, view.newGroupError ? t(view.newGroupError) : ''));
}

function addGroup(team) {
  const name = view.newGroup.trim();
  if (!GROUP_NAME.test(name)) view.newGroupError = 'team.group_name_invalid';
  else if (name in team.groups) view.newGroupError = 'team.group_exists';
  else {
    team.groups[name] = { policies: [], deny_delete: false };
    view.newGroup = '';
    view.newGroupError = null;
    structural();
    focus(`group-${name}-add-policy`);
    return;
  }
  redraw();
  focus('new-group-name');
}

function groupRow(team, name) {
  const g = team.groups[name];
  const base = `groups.${name}`;
  const count = team.members.filter((m) => m.groups.includes(name)).length;
  const policyError = h('p', { class: 'field-error', hidden: true, 'aria-live': 'polite' });
  view.fields.set(`${base}.policies`, { error: policyError, mark: null });
  const chips = g.policies.map((policy, i) => {
    const chip = h('li', { class: 'chip', dataset: { policy } },
      h('span', { class: 'mono' }, policy),
      h('button', {
        type: 'button', class: 'chip-remove', id: `group-${name}-policy-${i}-remove`,
        'aria-label': t('team.remove_policy', { policy }), title: t('team.remove_policy', { policy }),
        onclick: () => {
          g.policies.splice(i, 1);
          structural();
          // The last chip is gone: keep the focus in this group.
          if (!document.getElementById(`group-${name}-policy-${i}-remove`)) focus(`group-${name}-add-policy`);
        },
      }, '×'));
    view.fields.set(`${base}.policies[${i}]`, { error: policyError, mark: chip });
    return chip;
  });
  const available = (view.catalog?.policies ?? []).filter((p) => !g.policies.includes(p));
  const select = h('select', {
    id: `group-${name}-add-policy`, 'aria-label': t('team.add_policy_to', { group: name }),
    onchange: (e) => {
      if (!e.target.value) return;
      g.policies.push(e.target.value);
      structural();
    },
  }, h('option', { value: '', 'data-i18n': 'team.add_policy' }),
  ...available.map((p) => h('option', { value: p }, p)));
  const arn = h('input', {
    type: 'text', id: `group-${name}-policy-arn`, class: 'mono arn', autocomplete: 'off', spellcheck: 'false',
    placeholder: t('team.arn_placeholder'), 'aria-label': t('team.arn_for', { group: name }),
    onkeydown: (e) => { if (e.key === 'Enter') { e.preventDefault(); addArn(); } },
  });
  const addArn = () => {
    const value = arn.value.trim();
    if (!value) return;
    g.policies.push(value);
    structural();
    focus(`group-${name}-policy-arn`);
  };
  const denyId = `group-${name}-deny-delete`;
  const head = h('div', { class: 'group-head' },
    h('h3', { class: 'mono' }, name),
    h('span', { class: 'tag', id: `group-${name}-count` }, t('team.member_count', { count })),
    h('span', { class: 'spacer' }),
    h('button', {
      type: 'button', id: `group-${name}-remove`, class: 'quiet',
      'aria-label': t('team.remove_group_named', { group: name }),
      onclick: () => removeGroup(team, name),
    }, h('span', { 'data-i18n': 'team.remove_group' })));
  return h('li', { class: 'group-row', id: `group-${name}`, dataset: { group: name } },
    head,
    fieldError(base, null),
    h('div', { class: 'group-policies' },
      h('span', { class: 'muted small' },
        h('span', { 'data-i18n': 'team.policies' }), h('span', { class: 'aws-term', 'data-i18n': 'term.policies' })),
      g.policies.length
        ? h('ul', { class: 'chips', 'aria-label': t('team.policies_of', { group: name }) }, ...chips)
        : h('p', { class: 'muted small', 'data-i18n': 'team.no_policies' })),
    h('div', { class: 'policy-add' },
      select,
      arn,
      h('button', { type: 'button', id: `group-${name}-add-arn`, onclick: addArn },
        h('span', { 'data-i18n': 'team.add_arn' }))),
    policyError,
    h('label', { class: 'check', for: denyId },
      h('input', {
        type: 'checkbox', id: denyId, checked: g.deny_delete, 'aria-describedby': `${denyId}-help`,
        onchange: (e) => { g.deny_delete = e.target.checked; changed(); },
      }),
      h('span', { class: 'check-body' },
        h('span', {}, h('span', { 'data-i18n': 'team.deny_delete' }),
          h('span', { class: 'aws-term', 'data-i18n': 'term.deny_delete' })),
        h('span', { class: 'muted small', id: `${denyId}-help`, 'data-i18n': 'team.deny_delete_help' }))));
}

function removeGroup(team, name) {
  delete team.groups[name];
  for (const m of team.members) m.groups = m.groups.filter((g) => g !== name);
  structural();
  focus('new-group-name');
}

// ---------------------------------------------------------------------------------------
// Members

function membersCard(team) {
  const groups = Object.keys(team.groups);
  const th = (key, term) => h('th', { scope: 'col' },
    h('span', { 'data-i18n': key }), term ? h('span', { class: 'aws-term', 'data-i18n': term }) : null);
  const table = h('table', { class: 'members-table' },
    h('thead', {}, h('tr', {},
      th('team.col_user', 'term.user'),
      th('team.col_name'),
      th('team.col_email'),
      th('team.col_groups'),
      th('team.col_console', 'term.console'),
      h('th', { scope: 'col' }, h('span', { class: 'sr-only', 'data-i18n': 'team.col_remove' })))),
    h('tbody', {}, ...team.members.map((m, i) => memberRow(m, i, groups))));
  return h('section', { class: 'card', id: 'team-members' },
    sectionTitle('team.members', 'term.members'),
    h('p', { class: 'muted small', 'data-i18n': 'team.members_help' }),
    team.members.length
      ? h('div', { class: 'table-wrap' }, table)
      : h('p', { class: 'muted', id: 'team-no-members', 'data-i18n': 'team.no_members' }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'add-member-button', onclick: () => addMember(team) },
        h('span', { 'aria-hidden': 'true' }, '+'), h('span', { 'data-i18n': 'team.add_member' }))));
}

function memberRow(m, i, groups) {
  const n = i + 1;
  const base = `members[${i}]`;
  const text = (key, field, value, set, attrs = {}) => {
    const el = inputWithValue({
      type: 'text', id: `member-${i}-${key}`, autocomplete: 'off',
      ...attrs,
      oninput: (e) => { set(e.target.value); changed(); },
    }, value);
    return h('td', {}, el, fieldError(`${base}.${field}`, el));
  };
  const groupBox = h('div', { class: 'member-groups', role: 'group', 'aria-label': t('team.groups_of_row', { n }) },
    ...groups.map((g) => {
      const id = `member-${i}-group-${g}`;
      return h('label', { class: 'check', for: id },
        h('input', {
          type: 'checkbox', id, checked: m.groups.includes(g),
          onchange: (e) => {
            m.groups = e.target.checked ? [...m.groups, g] : m.groups.filter((x) => x !== g);
            structural();
          },
        }),
        h('span', { class: 'mono' }, g));
    }));
  if (!groups.length) groupBox.append(h('span', { class: 'muted small', 'data-i18n': 'team.no_groups' }));
  return h('tr', { id: `member-${i}` },
    text('user', 'user', m.user, (v) => { m.user = v; }, {
      class: 'mono', spellcheck: 'false', 'aria-label': t('team.user_of_row', { n }),
    }),
    text('name', 'name', m.name, (v) => { m.name = v === '' ? null : v; }, {
      'aria-label': t('team.name_of_row', { n }),
    }),
    text('email', 'email', m.email, (v) => { m.email = v.trim() === '' ? null : v.trim(); }, {
      inputmode: 'email', spellcheck: 'false', 'aria-label': t('team.email_of_row', { n }),
    }),
    h('td', {}, groupBox, fieldError(`${base}.groups`, groupBox)),
    h('td', { class: 'center' },
      h('input', {
        type: 'checkbox', id: `member-${i}-console`, checked: m.console,
        'aria-label': t('team.console_of_row', { n }), title: t('team.console_help'),
        onchange: (e) => { m.console = e.target.checked; changed(); },
      })),
    h('td', { class: 'center' },
      h('button', {
        type: 'button', class: 'icon-button', id: `member-${i}-remove`,
        'aria-label': t('team.remove_member', { n }), title: t('team.remove_member', { n }),
        onclick: () => removeMember(i),
      }, '×')));
}

function addMember(team) {
  team.members.push({ user: '', name: null, email: null, groups: [], console: true });
  structural();
  focus(`member-${team.members.length - 1}-user`);
}

function removeMember(i) {
  const team = view.ctx.store.team;
  team.members.splice(i, 1);
  // Problems name rows by index: drop the old ones until the new check answers.
  view.problems = view.problems.filter((p) => !p.field.startsWith('members['));
  structural();
  if (!document.getElementById(`member-${i}-remove`)) focus('add-member-button');
}

// ---------------------------------------------------------------------------------------
// Checking and saving

/** After a change of a value: mark unsaved and check soon. */
function changed() {
  const { store } = view.ctx;
  store.teamDirty = true;
  view.imported = null;
  view.pending = true;
  clearTimeout(view.timer);
  view.timer = setTimeout(validateNow, VALIDATE_DELAY);
  updateToolbar();
  refreshNav();
}

/** After adding or removing something: draw again and check now. */
function structural() {
  view.ctx.store.teamDirty = true;
  view.imported = null;
  redraw();
  validateNow();
  refreshNav();
}

/** The team as the commands expect it: empty optional text left out. */
function wire(team) {
  const copy = JSON.parse(JSON.stringify(team));
  if (!copy.account.alias) delete copy.account.alias;
  for (const m of copy.members) {
    if (!m.name) delete m.name;
    if (!m.email) delete m.email;
  }
  return copy;
}

/** Check the team now; resolves to the problems found. */
async function validateNow() {
  clearTimeout(view.timer);
  const team = view.ctx.store.team;
  if (!team) return [];
  const seq = ++view.seq;
  view.pending = true;
  updateToolbar();
  try {
    const problems = await api.teamValidate(wire(team));
    if (seq !== view.seq) return problems;
    view.problems = problems;
    view.validateError = null;
  } catch (err) {
    if (seq !== view.seq) return [];
    view.problems = [];
    view.validateError = err;
  }
  view.pending = false;
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
function problemLine(p) {
  const where = [p.line ? t('team.line', { line: p.line }) : null, p.field || null].filter(Boolean).join(' · ');
  return where ? `${where}: ${problemText(p)}` : problemText(p);
}

/** Show every problem under its field (or in the list at the top) and update the toolbar. */
function applyProblems() {
  for (const { error, mark } of view.fields.values()) {
    error.replaceChildren();
    error.hidden = true;
    if (mark) {
      mark.removeAttribute('aria-invalid');
      delete mark.dataset.invalid;
    }
  }
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
function updateToolbar() {
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
  exportBtn.disabled = view.exporting || !store.teamSaved || store.teamDirty;
  exportBtn.title = store.teamDirty ? t('team.export_save_first') : t('team.export_help');
}

function fillSaveMessage() {
  const box = view.els.saveMessage;
  if (!box) return;
  box.replaceChildren(view.saveError ? errorPanel(view.saveError, 'team-save-error') : '');
}

/** Redraw the sidebar only when this screen's dot changes. */
function refreshNav() {
  const now = status(view.ctx.store);
  if (now !== view.lastStatus) {
    view.lastStatus = now;
    view.ctx.refresh();
  }
}

async function saveTeam() {
  if (view.saving) return;
  const { store } = view.ctx;
  view.saving = true;
  view.saveError = null;
  fillSaveMessage();
  updateToolbar();
  try {
    const problems = await validateNow();
    if (problems.length || view.local.size || view.validateError) return;
    const sent = JSON.stringify(store.team);
    store.teamPath = await api.teamSave(wire(store.team));
    store.teamSaved = true;
    // Typing while the file was written leaves those edits unsaved.
    store.teamDirty = JSON.stringify(store.team) !== sent;
    store.plan = null;
    store.planStale = true;
    store.applyOk = false;
    view.savedFlash = true;
    clearTimeout(view.flashTimer);
    view.flashTimer = setTimeout(() => { view.savedFlash = false; updateToolbar(); }, SAVED_FLASH);
  } catch (err) {
    if (err.code === 'invalid_team' && err.problems) view.problems = err.problems;
    else view.saveError = err;
  } finally {
    view.saving = false;
    fillSaveMessage();
    applyProblems();
    refreshNav();
  }
}

async function createTeam() {
  const { store } = view.ctx;
  view.creating = true;
  view.createError = null;
  redraw();
  try {
    const picked = view.catalog.services.filter((s) => view.services.has(s.id)).map((s) => s.id);
    store.team = await api.teamNew(picked);
    store.teamDirty = true;
    view.problems = [];
    view.local.clear();
    view.loadError = null;
    view.importError = null;
  } catch (err) {
    view.createError = err;
  } finally {
    view.creating = false;
    redraw();
    refreshNav();
    if (store.team) {
      focus('team-alias');
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
    store.plan = null;
    store.planStale = true;
    store.applyOk = false;
    view.problems = [];
    view.local.clear();
    view.loadError = null;
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
