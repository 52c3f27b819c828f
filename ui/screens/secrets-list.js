// @ts-check
// Secrets screen: the list — grouped by account, member and server — with reveal (for a
// while, with a countdown), copy (with the clipboard's countdown), delete and reset, each
// dangerous one confirmed in the row. Countdowns update the rows in place, so the keyboard
// focus and what a screen reader reads stay put.

import * as api from '../api.js';
import { h, spinner, focusId } from '../dom.js';
import { t } from '../i18n.js';
import {
  view, MASK, REVEAL_SECONDS, SETUP_KINDS, currentListing, memberLabel, secondsLeft, kindLabel, methodLabel, rowId, announce, refreshNav,
} from './secrets-state.js';
import { inputErrorPanel } from '../errors.js';
import { openHandoff } from './secrets-handoff.js';
import { dateTime } from '../format.js';
import { notConnected, checkRow } from '../parts.js';

/** How often the countdowns are updated (ms). */
const TICK = 250;

/** Forget every revealed value and stop the countdowns (leaving the screen). */
export function forgetValues() {
  view.revealed.clear();
  if (!view.copied.size) stopTicker();
}

/** The list card (or the not-connected callout). */
export function listPart() {
  const { store } = view.ctx;
  const listing = currentListing(store);
  view.rowEls = new Map();
  if (view.error && view.error.code === 'not_connected') return notConnectedPart();
  const refresh = h('button', {
    type: 'button', id: 'secrets-refresh', disabled: view.loading, onclick: () => view.reload(),
  }, view.loading ? spinner() : h('span', { 'aria-hidden': 'true' }, '↻'),
  h('span', { 'data-i18n': view.loading ? 'secrets.reading' : 'secrets.refresh' }));
  let body = /** @type {HTMLElement|null} */ (null);
  if (view.error) body = inputErrorPanel(view.error, 'secrets-error');
  else if (listing) body = groups(listing);
  else if (!view.loading) body = h('p', { class: 'muted', 'data-i18n': 'secrets.not_read' });
  const card = h('section', {
    class: 'card', id: 'secret-list', 'aria-busy': view.loading ? 'true' : 'false',
    'aria-labelledby': 'secret-list-title',
  },
  h('div', { class: 'card-head' },
    h('h2', { id: 'secret-list-title', tabindex: '-1', 'data-i18n': 'secrets.list_title' }),
    h('span', { class: 'spacer' }), refresh),
  h('p', { class: 'muted small', 'data-i18n': 'secrets.list_help' }),
  view.loading
    ? h('p', { class: 'muted', id: 'secrets-loading', role: 'status' }, spinner(), ' ',
      h('span', { 'data-i18n': 'secrets.reading_help' }))
    : null,
  body);
  if (view.revealed.size || view.copied.size) startTicker();
  return card;
}

const notConnectedPart = () => notConnected('secrets-not-connected', 'secrets.not_connected_help', view.ctx.go);

/** Account (root, mailbox), members (console passwords, in team order), servers (the rest). */
function groups(listing) {
  const entries = listing.entries;
  if (!entries.length) return h('p', { class: 'muted', id: 'secrets-empty', 'data-i18n': 'secrets.empty' });
  const { store } = view.ctx;
  const account = entries.filter((e) => SETUP_KINDS.includes(e.kind))
    .sort((a, b) => SETUP_KINDS.indexOf(a.kind) - SETUP_KINDS.indexOf(b.kind));
  const order = (store.team?.members ?? []).map((m) => m.user);
  const rank = (user) => (order.includes(user) ? order.indexOf(user) : order.length);
  const consoles = entries.filter((e) => e.kind === 'console-password')
    .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
  const servers = entries.filter((e) => !SETUP_KINDS.includes(e.kind) && e.kind !== 'console-password')
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  const seen = new Set();
  const group = (id, title, term, list) => (list.length
    ? h('div', { class: 'secret-group', id },
      h('h3', {}, h('span', { 'data-i18n': title }), h('span', { class: 'aws-term', 'data-i18n': term })),
      h('ul', { class: 'checklist' }, ...list.map((e) => secretRow(e, seen))))
    : null);
  return h('div', { class: 'secret-groups' },
    group('secrets-group-account', 'secrets.group_account', 'term.root_user', account),
    group('secrets-group-members', 'secrets.group_members', 'term.members', consoles),
    group('secrets-group-servers', 'secrets.group_servers', 'term.servers', servers));
}

/** One secret: what it is, when it was made, its handoff, the masked value and the actions. */
function secretRow(entry, seen) {
  const { store } = view.ctx;
  let rid = rowId(entry);
  while (seen.has(rid)) rid += '-x';
  seen.add(rid);
  const key = entry.key;
  const isConsole = entry.kind === 'console-password';
  const busy = view.busy.has(key);
  const shownConfirm = view.confirm;
  const confirming = shownConfirm && shownConfirm.key === key ? shownConfirm.action : '';

  const value = h('code', { class: 'secret-value mono', id: `${rid}-value` }, MASK);
  const hidden = h('span', { class: 'sr-only', 'data-i18n': 'secrets.value_hidden' });
  const revealLabel = h('span', { 'data-i18n': 'secrets.reveal' });
  const revealBtn = h('button', {
    type: 'button', id: `${rid}-reveal`, dataset: { action: 'reveal' }, 'aria-pressed': 'false',
    'aria-controls': `${rid}-value`, onclick: () => reveal(key),
  }, h('span', { class: 'btn-spin' }), revealLabel);
  const copyBtn = h('button', {
    type: 'button', id: `${rid}-copy`, dataset: { action: 'copy' }, onclick: () => copy(key),
  }, h('span', { class: 'btn-spin' }), h('span', { 'data-i18n': 'secrets.copy' }));
  const timer = h('span', { class: 'secret-timer small', id: `${rid}-timer` });
  const copyNote = h('span', { class: 'copy-note small', id: `${rid}-copied` });
  view.rowEls.set(key, { value, hidden, revealBtn, revealLabel, copyBtn, timer, copyNote });

  const handedOff = entry.handed_off;
  const handoffText = handedOff
    ? t('secrets.handed_off', { date: dateTime(handedOff.time), method: methodLabel(handedOff.method) })
    : t('secrets.not_handed_off');
  const state = isConsole ? (handedOff ? 'done' : 'todo') : 'done';
  const sr = isConsole ? (handedOff ? t('secrets.state_handed_off') : t('secrets.state_not_handed_off'))
    : t('secrets.state_stored');
  const title = isConsole
    ? [h('span', {}, memberLabel(store, entry.name))]
    : [h('span', {}, kindLabel(entry.kind)),
      SETUP_KINDS.includes(entry.kind) ? null : h('span', { class: 'mono secret-name' }, entry.name)];
  const err = view.rowErrors.get(key);
  const note = view.rowNotes.get(key);

  const li = checkRow({
    id: rid, state, sr, dataset: { key, kind: entry.kind },
    title,
    evidence: [
      h('span', { class: 'cl-evidence' },
        isConsole ? h('span', {}, `${kindLabel(entry.kind)} · `) : null,
        t('secrets.created', { date: dateTime(entry.created) })),
      entry.note ? h('span', { class: 'cl-evidence secret-note' }, t('secrets.note_line', { note: entry.note })) : null,
      isConsole || handedOff
        ? h('span', { class: `cl-evidence handoff-state${handedOff ? '' : ' pending'}`, dataset: { handedOff: handedOff ? 'true' : 'false' } }, handoffText)
        : null,
      h('div', { class: 'secret-line' }, value, hidden, revealBtn, copyBtn, timer, copyNote),
      h('div', { class: 'secret-more' },
        isConsole
          ? h('button', {
            type: 'button', id: `${rid}-reset`, class: 'quiet', dataset: { action: 'reset' },
            disabled: busy, 'aria-expanded': confirming === 'reset' ? 'true' : 'false',
            onclick: () => ask(key, 'reset', rid),
          }, h('span', { 'data-i18n': 'secrets.reset' }))
          : null,
        h('button', {
          type: 'button', id: `${rid}-delete`, class: 'quiet', dataset: { action: 'delete' },
          disabled: busy, 'aria-expanded': confirming === 'delete' ? 'true' : 'false',
          onclick: () => ask(key, 'delete', rid),
        }, h('span', { 'data-i18n': 'secrets.delete' }))),
      confirming ? confirmPanel(entry, rid, confirming, busy) : null,
      note ? h('p', { class: 'callout ok row-note', id: `${rid}-note`, role: 'status' }, h('strong', {}, t(note))) : null,
      err ? inputErrorPanel(err, `${rid}-error`) : null,
    ],
    action: isConsole
      ? h('button', {
        type: 'button', id: `${rid}-handoff`, class: handedOff ? null : 'primary', dataset: { action: 'handoff' },
        onclick: () => openHandoff(entry.name, `${rid}-handoff`),
      }, h('span', { 'data-i18n': handedOff ? 'secrets.handoff_again' : 'secrets.handoff' }))
      : null,
  });
  updateRow(key);
  return li;
}

/** What Delete or Reset will do, in plain words, with a deliberate second button. */
function confirmPanel(entry, rid, action, busy) {
  const { store } = view.ctx;
  const who = { user: memberLabel(store, entry.name), kind: kindLabel(entry.kind), name: entry.name };
  let title;
  let body;
  if (action === 'reset') {
    title = t('secrets.reset_confirm_title', who);
    body = t('secrets.reset_confirm_body', who);
  } else if (entry.kind === 'console-password') {
    title = t('secrets.delete_console_title', who);
    body = t('secrets.delete_confirm_console', who);
  } else if (SETUP_KINDS.includes(entry.kind)) {
    title = t('secrets.delete_confirm_title', who);
    body = t('secrets.delete_confirm_setup', who);
  } else {
    title = t('secrets.delete_confirm_title', who);
    body = t('secrets.delete_confirm_other', who);
  }
  const doing = action === 'reset' ? 'secrets.resetting' : 'secrets.deleting';
  const label = action === 'reset' ? 'secrets.reset_confirm' : 'secrets.delete_confirm';
  return h('div', {
    class: 'callout warn confirm secret-confirm', id: `${rid}-confirm`, role: 'group', tabindex: '-1',
    'aria-labelledby': `${rid}-confirm-title`, dataset: { confirm: action },
  },
  h('strong', { id: `${rid}-confirm-title` }, title),
  h('p', {}, body),
  h('div', { class: 'actions' },
    h('button', {
      type: 'button', id: `${rid}-confirm-button`, class: 'danger', disabled: busy,
      dataset: { action: `confirm-${action}` }, onclick: () => (action === 'reset' ? resetPassword(entry, rid) : remove(entry, rid)),
    }, busy ? spinner() : null, h('span', { 'data-i18n': busy ? doing : label })),
    h('button', {
      type: 'button', id: `${rid}-cancel-button`, disabled: busy, dataset: { action: 'cancel' },
      onclick: () => { view.confirm = null; view.draw.list(); focusId(`${rid}-${action}`); },
    }, h('span', { 'data-i18n': 'common.cancel' }))));
}

// ---------------------------------------------------------------------------------------
// Reveal and copy, with countdowns

/** Show the state of a row's value, reveal button and countdowns (in place). */
function updateRow(key) {
  const els = view.rowEls.get(key);
  if (!els) return;
  const shown = view.revealed.get(key);
  els.value.textContent = shown ? shown.value : MASK;
  els.value.classList.toggle('revealed', Boolean(shown));
  els.hidden.hidden = Boolean(shown);
  const label = shown ? 'secrets.hide' : 'secrets.reveal';
  if (els.revealLabel.dataset.i18n !== label) {
    els.revealLabel.dataset.i18n = label;
    els.revealLabel.textContent = t(label);
  }
  els.revealBtn.setAttribute('aria-pressed', shown ? 'true' : 'false');
  els.revealBtn.setAttribute('aria-busy', view.revealing.has(key) ? 'true' : 'false');
  els.revealBtn.querySelector('.btn-spin')?.replaceChildren(view.revealing.has(key) ? spinner() : '');
  els.copyBtn.setAttribute('aria-busy', view.copying.has(key) ? 'true' : 'false');
  els.copyBtn.querySelector('.btn-spin')?.replaceChildren(view.copying.has(key) ? spinner() : '');
  els.timer.textContent = shown ? t('secrets.reveal_countdown', { seconds: secondsLeft(shown.until) }) : '';
  const copied = view.copied.get(key);
  els.copyNote.textContent = copied ? t('secrets.copied', { seconds: secondsLeft(copied) }) : '';
}

async function reveal(key) {
  if (view.revealing.has(key)) return;
  if (view.revealed.has(key)) {
    view.revealed.delete(key);
    updateRow(key);
    announce(t('secrets.hidden_again'));
    return;
  }
  view.revealing.add(key);
  view.rowErrors.delete(key);
  updateRow(key);
  try {
    const value = await api.secretReveal(key);
    view.revealed.set(key, { value, until: Date.now() + REVEAL_SECONDS * 1000 });
    startTicker();
    announce(t('secrets.revealed', { seconds: REVEAL_SECONDS }));
  } catch (err) {
    view.rowErrors.set(key, err);
    view.draw.list();
  } finally {
    view.revealing.delete(key);
    updateRow(key);
  }
}

async function copy(key) {
  if (view.copying.has(key)) return;
  view.copying.add(key);
  view.rowErrors.delete(key);
  updateRow(key);
  try {
    const seconds = await api.secretCopy(key);
    view.copied.set(key, Date.now() + seconds * 1000);
    startTicker();
    announce(t('secrets.copied', { seconds }));
  } catch (err) {
    view.rowErrors.set(key, err);
    view.draw.list();
  } finally {
    view.copying.delete(key);
    updateRow(key);
  }
}

function startTicker() {
  if (!view.timer) view.timer = setInterval(tick, TICK);
}

function stopTicker() {
  clearInterval(view.timer);
  view.timer = 0;
}

function tick() {
  // Left the screen: no value stays in memory.
  if (!view.root || !view.root.isConnected) view.revealed.clear();
  const now = Date.now();
  for (const [key, shown] of view.revealed) {
    if (shown.until <= now) {
      view.revealed.delete(key);
      announce(t('secrets.hidden_again'));
    }
  }
  for (const [key, until] of view.copied) if (until <= now) view.copied.delete(key);
  for (const key of view.rowEls.keys()) updateRow(key);
  if (!view.revealed.size && !view.copied.size) stopTicker();
}

// ---------------------------------------------------------------------------------------
// Delete and reset (confirmed in the row)

function ask(key, action, rid) {
  view.confirm = { key, action };
  view.rowErrors.delete(key);
  view.rowNotes.delete(key);
  view.draw.list();
  focusId(`${rid}-confirm`);
}

async function remove(entry, rid) {
  const key = entry.key;
  const { store } = view.ctx;
  view.busy.add(key);
  view.draw.list();
  // Where the focus goes once the row is gone: the next row, else the list's title.
  const rows = [.../** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#secret-list li[data-key]'))];
  const at = rows.findIndex((li) => li.dataset.key === key);
  const next = rows[at + 1] ?? rows[at - 1];
  try {
    await api.secretDelete(key);
    view.confirm = null;
    view.revealed.delete(key);
    view.copied.delete(key);
    view.rowEls.delete(key);
    const listing = currentListing(store);
    if (listing) listing.entries = listing.entries.filter((e) => e.key !== key);
    view.busy.delete(key);
    view.draw.list();
    view.draw.setup();
    refreshNav();
    announce(t('secrets.deleted', { kind: kindLabel(entry.kind), name: entry.name }));
    if (!(next && focusId(`${next.id}-reveal`))) focusId('secret-list-title');
  } catch (err) {
    view.busy.delete(key);
    view.rowErrors.set(key, err);
    view.draw.list();
    focusId(`${rid}-confirm`);
  }
}

async function resetPassword(entry, rid) {
  const key = entry.key;
  view.busy.add(key);
  view.draw.list();
  try {
    await api.resetPassword(entry.name);
    view.confirm = null;
    // The value shown, if any, is the old password.
    view.revealed.delete(key);
    view.copied.delete(key);
    view.rowNotes.set(key, 'secrets.reset_done');
    view.busy.delete(key);
    await view.reload();
    announce(t('secrets.reset_done'));
    focusId(`${rid}-handoff`);
  } catch (err) {
    view.busy.delete(key);
    view.rowErrors.set(key, err);
    view.draw.list();
    focusId(`${rid}-confirm`);
  }
}
