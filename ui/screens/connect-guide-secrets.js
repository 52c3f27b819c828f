// @ts-check
// The first-hour guide: the two setup passwords (mailbox, root), generated into the keychain
// right in their steps and copied with the clipboard's countdown.

import * as api from '../api.js';
import { h, spinner, focusId } from '../dom.js';
import { t } from '../i18n.js';
import { redraw } from './connect.js';
import { errorPanel } from '../errors.js';
import { chosenPasswordOptions, kindLabel, secondsLeft } from './secrets-state.js';
import { dateTime } from '../format.js';
import { TICK, guideView } from './connect-guide-state.js';

// ---------------------------------------------------------------------------------------
// The setup passwords: generated into the keychain, copied with the clipboard's countdown

export async function loadListing() {
  guideView.listingLoading = true;
  guideView.listingError = null;
  try {
    guideView.listing = await api.secretsList();
  } catch (err) {
    guideView.listing = null;
    guideView.listingError = err;
  } finally {
    guideView.listingLoading = false;
    redraw();
  }
}

const stored = (kind) => guideView.listing?.entries.find((e) => e.kind === kind) ?? null;

export function secretRow(kind) {
  const base = `guide-${kind}`;
  const entry = stored(kind);
  const busy = guideView.generating === kind;
  const err = guideView.errors.get(kind);
  let state;
  if (guideView.listingLoading && !guideView.listing) {
    state = h('span', { class: 'muted small' }, spinner(), ' ', h('span', { 'data-i18n': 'guide.secret.reading' }));
  } else if (entry) {
    state = h('span', { class: 'small stored' }, t('secrets.setup_stored', { date: dateTime(entry.created) }));
  } else {
    state = h('span', { class: 'muted small', 'data-i18n': 'secrets.setup_none' });
  }
  const actions = [];
  if (entry) {
    const copying = guideView.copying.has(kind);
    actions.push(
      h('button', {
        type: 'button', id: `${base}-copy`, class: 'primary', disabled: copying || busy, onclick: () => copy(kind),
      }, copying ? spinner() : null, h('span', { 'data-i18n': 'secrets.copy' })),
      h('button', {
        type: 'button', id: `${base}-again`, class: 'quiet', disabled: busy,
        'aria-expanded': guideView.confirm === kind ? 'true' : 'false',
        onclick: () => { guideView.confirm = kind; guideView.errors.delete(kind); redraw(); focusId(`${base}-confirm`, true); },
      }, h('span', { 'data-i18n': 'secrets.generate_again' })),
    );
  } else {
    actions.push(h('button', {
      type: 'button', id: `${base}-generate`, class: 'primary', disabled: busy || !guideView.listing,
      onclick: () => generate(kind),
    }, busy ? spinner() : null, h('span', { 'data-i18n': busy ? 'secrets.generating' : 'guide.secret.generate' })));
  }
  return h('div', { class: 'guide-secret', id: base, dataset: { kind, stored: entry ? 'true' : 'false' } },
    h('div', { class: 'guide-secret-main' },
      h('span', { class: `cl-icon state-${entry ? 'done' : 'manual'}`, 'aria-hidden': 'true' }, entry ? '✓' : '✎'),
      h('div', { class: 'guide-secret-text' },
        h('span', { class: 'guide-secret-title' }, kindLabel(kind)),
        state,
        h('span', { class: 'copy-note small', id: `${base}-copied`, role: 'status', 'aria-live': 'polite' }, copiedText(kind))),
      h('div', { class: 'guide-secret-actions' }, ...actions)),
    h('p', { class: 'muted small', 'data-i18n': 'guide.secret.help' }),
    guideView.confirm === kind ? confirmPanel(kind, base) : null,
    err ? errorPanel(err, `${base}-error`) : null,
    guideView.listingError && !guideView.listing ? errorPanel(guideView.listingError, `${base}-list-error`) : null);
}

function confirmPanel(kind, base) {
  const busy = guideView.generating === kind;
  return h('div', {
    class: 'callout warn confirm', id: `${base}-confirm`, role: 'group', tabindex: '-1',
    'aria-labelledby': `${base}-confirm-title`,
  },
  h('strong', { id: `${base}-confirm-title`, 'data-i18n': 'secrets.replace_title' }),
  h('p', {}, t(kind === 'root-password' ? 'secrets.replace_root_body' : 'secrets.replace_mailbox_body')),
  h('div', { class: 'actions' },
    h('button', {
      type: 'button', id: `${base}-confirm-button`, class: 'danger', disabled: busy, onclick: () => generate(kind),
    }, busy ? spinner() : null, h('span', { 'data-i18n': busy ? 'secrets.generating' : 'secrets.replace' })),
    h('button', {
      type: 'button', id: `${base}-cancel-button`, disabled: busy,
      onclick: () => { guideView.confirm = ''; redraw(); focusId(`${base}-again`, true); },
    }, h('span', { 'data-i18n': 'common.cancel' }))));
}

/** Generate with the options chosen on the Secrets screen (24 characters of every kind by default). */
async function generate(kind) {
  if (guideView.generating) return;
  guideView.generating = kind;
  guideView.errors.delete(kind);
  redraw();
  const existing = stored(kind);
  let ok = false;
  try {
    const entry = await api.secretGenerate(kind, chosenPasswordOptions(), existing?.note ?? null);
    if (guideView.listing) {
      guideView.listing.entries = [...guideView.listing.entries.filter((e) => e.key !== entry.key && e.kind !== kind), entry];
    }
    guideView.copied.delete(kind);
    guideView.confirm = '';
    ok = true;
  } catch (err) {
    guideView.errors.set(kind, err);
  } finally {
    guideView.generating = '';
    redraw();
    focusId(ok ? `guide-${kind}-copy` : `guide-${kind}-error`, true);
  }
}

async function copy(kind) {
  const entry = stored(kind);
  if (!entry || guideView.copying.has(kind)) return;
  guideView.copying.add(kind);
  guideView.errors.delete(kind);
  redraw();
  try {
    const seconds = await api.secretCopy(entry.key);
    guideView.copied.set(kind, Date.now() + seconds * 1000);
    startTicker();
  } catch (err) {
    guideView.errors.set(kind, err);
  } finally {
    guideView.copying.delete(kind);
    redraw();
  }
}

const copiedText = (kind) => {
  const until = guideView.copied.get(kind);
  return until ? t('secrets.copied', { seconds: secondsLeft(until) }) : '';
};

export function startTicker() {
  if (!guideView.timer) guideView.timer = setInterval(tick, TICK);
}

export function stopTicker() {
  clearInterval(guideView.timer);
  guideView.timer = 0;
}

/** Update the countdowns in place (focus and screen readers stay put). */
function tick() {
  const now = Date.now();
  for (const [kind, until] of guideView.copied) if (until <= now) guideView.copied.delete(kind);
  for (const kind of ['mailbox-password', 'root-password']) {
    const el = document.getElementById(`guide-${kind}-copied`);
    if (el) {
      const text = copiedText(kind);
      // Announce the start and the end, not every second.
      if (el.textContent && text) el.setAttribute('aria-live', 'off');
      else el.setAttribute('aria-live', 'polite');
      el.textContent = text;
    }
  }
  if (!guideView.copied.size) stopTicker();
}
