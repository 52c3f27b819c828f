// The shell: header (account, Sandbox badge, language), sidebar, one screen at a time.

import * as api from './api.js';
import { h } from './dom.js';
import { setLanguage, onLanguageChange, translate } from './i18n.js';
import * as connect from './screens/connect.js';

/** Screens in the order of the walk. Only screens that work are listed. */
const SCREENS = [{ id: 'connect', label: 'nav.connect', module: connect }];

/** App-wide state shared with the screens. */
export const store = {
  /** @type {import('./api.js').AppInfo|null} */ info: null,
  /** @type {import('./api.js').Identity|null} */ identity: null,
};

let active = SCREENS[0];

function renderNav() {
  const nav = document.getElementById('nav');
  nav.replaceChildren(
    ...SCREENS.map((s) =>
      h('li', {},
        h('button', {
          type: 'button',
          id: `nav-${s.id}`,
          class: 'nav-item',
          'aria-current': s === active ? 'page' : 'false',
          onclick: () => show(s),
        },
        h('span', { class: `dot dot-${s.module.status(store)}`, 'aria-hidden': 'true' }),
        h('span', { 'data-i18n': s.label })))));
  translate(nav);
}

function show(screen) {
  active = screen;
  renderNav();
  const main = document.getElementById('screen');
  main.replaceChildren();
  screen.module.render(main, { store, refresh });
  translate(main);
}

/** Re-draw the header and navigation after the state changed. */
function refresh() {
  const chip = document.getElementById('account-chip');
  const id = store.identity;
  chip.hidden = !id;
  if (id) {
    document.getElementById('chip-alias').textContent = id.alias ?? '';
    document.getElementById('chip-id').textContent = id.account_id;
  }
  const sandbox = id ? id.sandbox : store.info?.sandbox;
  document.getElementById('sandbox-badge').hidden = !sandbox;
  renderNav();
}

async function switchLanguage(lang, remember = true) {
  await setLanguage(lang);
  for (const l of ['ko', 'en']) {
    document.getElementById(`lang-${l}`).setAttribute('aria-pressed', String(l === lang));
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
  document.getElementById('lang-ko').addEventListener('click', () => switchLanguage('ko'));
  document.getElementById('lang-en').addEventListener('click', () => switchLanguage('en'));
  onLanguageChange(() => show(active));
  await switchLanguage(store.info.language, false);
  refresh();
}

start();
