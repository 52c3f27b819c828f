// @ts-check
// Tiny DOM builder: text is always set as text, never parsed as HTML.

import { t } from './i18n.js';

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any>} [attrs] attributes; `on*` functions become listeners,
 *   `dataset` an object of data-*; `text` sets textContent; `data-i18n` sets the
 *   translated text (and keeps the key, so a language switch re-translates it).
 * @param {...(Node|string|number|null|undefined|false|(Node|string|null|undefined|false)[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') el.textContent = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else if (k === 'data-i18n') {
      el.setAttribute(k, v);
      el.textContent = t(v);
    }
    else el.setAttribute(k, String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/**
 * The element with this id (the shell's fixed parts: they are always in index.html).
 * @param {string} id @returns {HTMLElement}
 */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing`);
  return el;
}

/**
 * Move the keyboard focus to the element with this id (once it is drawn); `any`: also an
 * element that takes no focus of its own (a heading, a callout) — it is made focusable by
 * script only. @param {string} id @param {boolean} [any] @returns {boolean} whether it is there
 */
export function focusId(id, any = false) {
  const el = document.getElementById(id);
  if (!el) return false;
  if (any && !el.hasAttribute('tabindex') && !/^(BUTTON|INPUT|SELECT|A|TEXTAREA)$/.test(el.tagName)) el.setAttribute('tabindex', '-1');
  el.focus();
  return true;
}

/** A spinner that screen readers announce as busy. */
export const spinner = () => h('span', { class: 'spinner', role: 'status', 'aria-live': 'polite' });
