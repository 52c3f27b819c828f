// @ts-check
// Secrets: what the OS keychain holds for the connected account — names and dates only,
// values on an explicit reveal or copy. The account-setup generator (secrets-setup.js),
// the list with reveal, copy, delete and reset (secrets-list.js), retiring changed temporary
// passwords (secrets-retire.js) and handing members their access (secrets-handoff.js);
// the state they share is in secrets-state.js.

import * as api from '../api.js';
import { h } from '../dom.js';
import { view, currentListing, redrawPart, screenStatus, refreshNav } from './secrets-state.js';
import { setupPart } from './secrets-setup.js';
import { listPart, forgetValues } from './secrets-list.js';
import { retirePart, checkRetire } from './secrets-retire.js';
import { handoffPart, releaseModal } from './secrets-handoff.js';

/** Sidebar dot: to do while a member's console password was not handed off (or nothing read). */
export const status = screenStatus;

export function render(main, ctx) {
  view.ctx = ctx;
  // A previous drawing may have made the rest of the window inert for the dialog.
  releaseModal();
  if (ctx.opened) reset();
  view.parts = {
    setup: h('div', { class: 'secrets-part', id: 'secrets-setup-part' }),
    list: h('div', { class: 'secrets-part', id: 'secrets-list-part' }),
    retire: h('div', { class: 'secrets-part', id: 'secrets-retire-part' }),
    handoff: h('div', { class: 'secrets-part', id: 'secrets-handoff-part' }),
  };
  view.draw = { setup: drawSetup, list: drawList, retire: drawRetire, handoff: drawHandoff };
  view.reload = loadList;
  view.root = h('div', { class: 'screen secrets-screen' },
    h('div', { id: 'secrets-content' },
      h('h1', {}, h('span', { 'data-i18n': 'secrets.title' }),
        h('span', { class: 'aws-term', 'data-i18n': 'term.keychain' })),
      h('p', { class: 'lead', 'data-i18n': 'secrets.lead' }),
      view.parts.setup, view.parts.list, view.parts.retire),
    h('p', { id: 'secrets-announce', class: 'sr-only', role: 'status', 'aria-live': 'polite' }),
    view.parts.handoff);
  main.append(view.root);
  drawSetup();
  drawList();
  drawRetire();
  drawHandoff();

  const { store } = ctx;
  const listing = currentListing(store);
  // Connected to another account since the last read: what was shown no longer applies.
  const moved = Boolean(store.secrets && !listing);
  if (!view.loading && (ctx.opened || moved || (!listing && !view.error))) loadAll();
}

/** Opening the screen anew: no value stays revealed, no confirmation or note lingers. */
function reset() {
  forgetValues();
  Object.assign(view, {
    confirm: null, handoff: null, genConfirm: '', genDone: '', genError: null, retiredCount: null,
  });
  view.rowErrors.clear();
  view.rowNotes.clear();
}

/** Read the list, then ask AWS which temporary passwords were changed (slower). */
async function loadAll() {
  await loadList();
  if (!view.error) checkRetire();
}

/** Read what the keychain holds for the connected account (names and dates only). */
async function loadList() {
  const { store } = view.ctx;
  const seq = ++view.loadSeq;
  view.loading = true;
  view.error = null;
  drawList();
  try {
    const listing = await api.secretsList();
    if (seq !== view.loadSeq) return;
    store.secrets = listing;
    const keys = new Set(listing.entries.map((e) => e.key));
    // A secret deleted elsewhere (auto-retire, the command line) takes its shown value along.
    for (const key of view.revealed.keys()) if (!keys.has(key)) view.revealed.delete(key);
  } catch (err) {
    if (seq !== view.loadSeq) return;
    view.error = err;
    if (err.code === 'not_connected') store.secrets = null;
  }
  view.loading = false;
  drawSetup();
  drawList();
  drawRetire();
  refreshNav();
}

function drawSetup() {
  redrawPart('setup', setupPart);
}

function drawList() {
  redrawPart('list', listPart);
}

function drawRetire() {
  redrawPart('retire', retirePart);
}

function drawHandoff() {
  redrawPart('handoff', handoffPart);
}
