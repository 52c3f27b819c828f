// @ts-check
// The shell: header (account, Sandbox badge, language), sidebar, one screen at a time.

import * as api from './api.js';
import { h, byId } from './dom.js';
import { setLanguage, onLanguageChange, translate } from './i18n.js';
import * as connect from './screens/connect.js';
import * as account from './screens/account.js';
import * as team from './screens/team.js';
import * as billing from './screens/billing.js';
import * as members from './screens/members.js';
import * as infra from './screens/infra.js';
import * as secrets from './screens/secrets.js';
import * as audit from './screens/audit.js';
import * as plan from './screens/plan.js';

/** Screens in the order of the walk. Only screens that work are listed. */
const SCREENS = [
  { id: 'connect', label: 'nav.connect', module: connect },
  { id: 'account', label: 'nav.account', module: account },
  { id: 'team', label: 'nav.team', module: team },
  { id: 'billing', label: 'nav.billing', module: billing },
  { id: 'members', label: 'nav.members', module: members },
  { id: 'infra', label: 'nav.infra', module: infra },
  { id: 'secrets', label: 'nav.secrets', module: secrets },
  { id: 'audit', label: 'nav.audit', module: audit },
  { id: 'plan', label: 'nav.plan', module: plan },
];

/**
 * What a screen gets from the shell: the shared store, a redraw of the header and sidebar,
 * a way to open another screen, and whether the user just navigated here.
 * @typedef {{ store: Store, refresh: () => void, go: (id: string) => void, opened?: boolean }} Ctx
 * @typedef {typeof store} Store
 */

/** App-wide state shared with the screens. */
export const store = {
  /** @type {import('./api.js').AppInfo|null} */ info: null,
  /** @type {import('./api.js').Identity|null} */ identity: null,
  /** The working team as edited on the Team screen (not necessarily saved). */
  /** @type {import('./api.js').Team|null} */ team: null,
  /** @type {string|null} */ teamPath: null,
  /** True once the working team file was read (or found missing). */
  teamLoaded: false,
  /** True when a valid team file is saved on disk. */
  teamSaved: false,
  /** True when the edited team differs from the saved file. */
  teamDirty: false,
  /** The team as last saved (JSON), to tell unsaved edits and to discard them. */
  /** @type {string|null} */ savedJson: null,
  /** The screen that holds the unsaved edit (the plan names it). */
  /** @type {'team'|'billing'|'infra'|null} */ dirtyScreen: null,
  /** @type {import('./api.js').Plan|null} */ plan: null,
  /** True when the saved team changed after the last plan. */
  planStale: false,
  /** True when the last apply finished with every change done. */
  applyOk: false,
  /** True when the last apply had failed or skipped changes. */
  applyFailed: false,
  /** The last billing_status read, with the account it was read from (the Billing screen). */
  /** @type {{ account_id: string|null, status: import('./api.js').BillingStatus }|null} */ billing: null,
  /** The last secrets_list read (the Secrets screen); its `account_id` says which account. */
  /** @type {import('./api.js').SecretListing|null} */ secrets: null,
  /** The last status_checklists read, with the account it was read from (Account, Members). */
  /** @type {{ account_id: string|null, data: import('./api.js').Checklists }|null} */ checklists: null,
  /** The last audit_run result (the Audit screen); its `account_id` says which account. */
  /** @type {import('./api.js').Audit|null} */ audit: null,
};

let active = SCREENS[0];

/** The states a sidebar dot can show, in the order of the legend under the sidebar. */
const DOT_STATES = ['done', 'todo', 'attention', 'manual'];

function renderNav() {
  const nav = byId('nav');
  nav.replaceChildren(
    ...SCREENS.map((s) => {
      const state = s.module.status(store);
      return h('li', {},
        h('button', {
          type: 'button',
          id: `nav-${s.id}`,
          class: 'nav-item',
          'aria-current': s === active ? 'page' : 'false',
          // The dot's meaning, for screen readers: the legend entry of its state.
          'aria-describedby': DOT_STATES.includes(state) ? `nav-legend-${state}` : null,
          onclick: () => show(s, true),
        },
        // The symbol comes from CSS (::before), so the button's text stays the screen's name.
        h('span', { class: `dot dot-${state}`, 'aria-hidden': 'true', dataset: { state } }),
        h('span', { 'data-i18n': s.label })));
    }));
  translate(nav);
  renderLegend();
}

/** What the dots mean: ✓ done, ○ to do, ! needs attention, ✎ manual (drawn once). */
function renderLegend() {
  if (document.getElementById('nav-legend')) return;
  const legend = h('div', { class: 'nav-legend', id: 'nav-legend' },
    h('p', { class: 'nav-legend-title', id: 'nav-legend-title', 'data-i18n': 'nav.legend' }),
    h('ul', { 'aria-labelledby': 'nav-legend-title' },
      ...DOT_STATES.map((state) => h('li', {},
        h('span', { class: `dot dot-${state}`, 'aria-hidden': 'true' }),
        h('span', { id: `nav-legend-${state}`, 'data-i18n': `nav.state.${state}` })))));
  byId('nav').after(legend);
  translate(legend);
}

/** @param {boolean} opened true when the user navigated here (false: re-drawn for a language switch) */
function show(screen, opened = false) {
  active = screen;
  renderNav();
  const main = byId('screen');
  main.replaceChildren();
  if (opened) main.scrollTop = 0;
  screen.module.render(main, { store, refresh, go, opened });
  translate(main);
}

/** Open a screen by id (for "go to Connect" buttons). */
function go(id) {
  const screen = SCREENS.find((s) => s.id === id);
  if (!screen) return;
  show(screen, true);
  byId('screen').focus();
}

/** Re-draw the header and navigation after the state changed. */
function refresh() {
  const chip = byId('account-chip');
  const id = store.identity;
  chip.hidden = !id;
  if (id) {
    byId('chip-alias').textContent = id.alias ?? '';
    byId('chip-id').textContent = id.account_id;
  }
  const sandbox = id ? id.sandbox : store.info?.sandbox;
  byId('sandbox-badge').hidden = !sandbox;
  renderNav();
}

async function switchLanguage(lang, remember = true) {
  await setLanguage(lang);
  for (const l of ['ko', 'en']) {
    byId(`lang-${l}`).setAttribute('aria-pressed', String(l === lang));
  }
  if (!remember) return;
  try {
    await api.setLanguage(lang);
  } catch (err) {
    console.warn('could not remember the language', err);
  }
}

async function start() {
  store.info = await api.appInfo();
  byId('lang-ko').addEventListener('click', () => switchLanguage('ko'));
  byId('lang-en').addEventListener('click', () => switchLanguage('en'));
  onLanguageChange(() => show(active));
  await switchLanguage(store.info.language, false);
  refresh();
  loadTeam();
  // The last successful connection, once (errors show on Connect as usual).
  connect.autoConnect({ store, refresh, go });
}

/** Read the working team once at start, so the sidebar dots are right from the beginning. */
async function loadTeam() {
  try {
    const loaded = await api.teamLoad();
    store.teamPath = loaded.path;
    if (!store.team) {
      store.team = loaded.team;
      store.teamSaved = Boolean(loaded.team);
    }
  } catch (err) {
    // An unreadable or invalid file: the Team screen shows why when opened.
    console.warn('could not read the team file', err);
  } finally {
    store.teamLoaded = true;
    refresh();
  }
}

start();
