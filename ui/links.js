// @ts-check
// Console links: the address as selectable text, an "Open" button that opens it in the
// browser (through Rust, which allows only AWS console, sign-up and registrar pages) and a
// "Copy address" button. A URL is no secret, so the ordinary clipboard is fine here.

import * as api from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';

/** How long the "copied" or error note stays (ms). */
const NOTE_MS = 4000;

/**
 * A console address with Open and Copy buttons.
 * @param {string} url an https URL of a page `open_link` allows
 * @param {{ id?: string, label?: string|null, compact?: boolean }} [opts] `id` names the address
 *   text (buttons get `-open` / `-copy`); `label` an i18n key put before the address
 *   (default "Console:", null for none); `compact` hides the address text (buttons only)
 * @returns {HTMLElement}
 */
export function consoleLink(url, { id, label = 'checklist.console_at', compact = false } = {}) {
  const base = id ?? `link-${Math.random().toString(36).slice(2, 8)}`;
  const note = h('span', { class: 'link-note small', id: `${base}-note`, role: 'status', 'aria-live': 'polite' });
  let timer = 0;
  const say = (text, kind) => {
    note.textContent = text;
    note.dataset.kind = kind;
    clearTimeout(timer);
    timer = setTimeout(() => { note.textContent = ''; delete note.dataset.kind; }, NOTE_MS);
  };
  const address = h('span', { class: 'mono selectable wrap console-url', id: base, hidden: compact }, url);
  const open = h('button', {
    type: 'button', class: 'link-button', id: `${base}-open`,
    'aria-describedby': base,
    onclick: async () => {
      try {
        await api.openLink(url);
        say(t('link.opened'), 'ok');
      } catch (err) {
        say(t(err.code === 'invalid_input' ? 'link.open_refused' : 'link.open_failed'), 'error');
      }
    },
  }, h('span', { 'aria-hidden': 'true' }, '↗'), h('span', { 'data-i18n': 'link.open' }));
  const copy = h('button', {
    type: 'button', class: 'link-button', id: `${base}-copy`,
    'aria-describedby': base,
    onclick: async () => {
      const ok = await copyText(url, address);
      say(t(ok ? 'link.copied' : 'link.copy_failed'), ok ? 'ok' : 'error');
    },
  }, h('span', { 'data-i18n': 'link.copy' }));
  return h('span', { class: 'console-link', dataset: { url } },
    label && !compact ? h('span', { class: 'muted', 'data-i18n': label }) : null,
    address, h('span', { class: 'link-buttons' }, open, copy), note);
}

/** Copy text: the async clipboard, else the selection of `el` and the old copy command. */
export async function copyText(text, el) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // WebKitGTK may refuse the async clipboard: fall back to selecting the shown address.
  }
  try {
    const hidden = el.hidden;
    el.hidden = false;
    const range = document.createRange();
    range.selectNodeContents(el);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    const ok = document.execCommand('copy');
    sel?.removeAllRanges();
    el.hidden = hidden;
    return ok;
  } catch {
    return false;
  }
}
