// @ts-check
// The first-hour guide ("I'm starting from scratch"), drawn on the Connect screen: from a
// root email and password to the lead's own IAM admin user, whose access key is pasted here
// and kept only in the OS keychain. Each step says what to click in the console (in the
// console's own words), opens the page, and is ticked off by hand (remembered on this
// computer). The two setup passwords are generated right in their steps.

import { h, focusId } from '../dom.js';
import { t, language } from '../i18n.js';
import { consoleLink } from '../links.js';
import { redraw, storedLogin, doLogout } from './connect.js';
import { DONE_KEY, GUIDE_STEPS, guideView } from './connect-guide-state.js';
import { loadListing, secretRow, startTicker, stopTicker } from './connect-guide-secrets.js';
import { pasteForm } from './connect-guide-paste.js';

/** Where the ticks are kept (this computer only; nothing secret). */

// ---------------------------------------------------------------------------------------
// Ticks, remembered on this computer

/** The steps done: ticked by hand, except the last, which is done while a login is stored. */
function doneSet(store) {
  let set;
  try {
    const list = JSON.parse(localStorage.getItem(DONE_KEY) ?? '[]');
    set = new Set(Array.isArray(list) ? list.filter((id) => id !== 'paste') : []);
  } catch {
    set = new Set();
  }
  if (store && storedLogin(store)) set.add('paste');
  return set;
}

function setDone(id, on) {
  const set = doneSet();
  if (on) set.add(id); else set.delete(id);
  try {
    localStorage.setItem(DONE_KEY, JSON.stringify([...set]));
  } catch (err) {
    console.warn('could not remember the guide step', err);
  }
}

/** How many steps are ticked. */
export const guideProgress = (store) => GUIDE_STEPS.filter((s) => doneSet(store).has(s.id)).length;

/** Show the guide (at a step, e.g. 'admin-user'). */
export function openGuide(stepId = '') {
  guideView.open = true;
  guideView.focus = stepId || 'top';
  if (stepId) guideView.expanded.add(stepId);
  redraw();
}

export function closeGuide() {
  guideView.open = false;
  stopTicker();
  redraw();
  document.getElementById('open-guide-button')?.focus();
}

// ---------------------------------------------------------------------------------------
// Drawing

export function renderGuide(root, ctx) {
  const done = doneSet(ctx.store);
  const count = GUIDE_STEPS.filter((s) => done.has(s.id)).length;
  root.append(h('div', { class: 'guide-page', id: 'guide' },
    h('div', { class: 'guide-toolbar' },
      h('button', { type: 'button', id: 'guide-back', onclick: closeGuide },
        h('span', { 'aria-hidden': 'true' }, '←'), h('span', { 'data-i18n': 'guide.back' }))),
    h('h1', { id: 'guide-title', tabindex: '-1' }, h('span', { 'data-i18n': 'guide.title' })),
    h('p', { class: 'lead', 'data-i18n': 'guide.lead' }),
    h('p', { class: 'guide-progress', id: 'guide-progress', role: 'status', 'aria-live': 'polite' },
      t('guide.progress', { done: count, total: GUIDE_STEPS.length })),
    h('ol', { class: 'guide-list', id: 'guide-steps', 'aria-labelledby': 'guide-title' },
      ...GUIDE_STEPS.map((step, i) => stepCard(step, i + 1, done.has(step.id), ctx))),
    keychainNote(ctx)));
  // The first connect moves the setup passwords to the account's own names: read them again.
  const account = ctx.store.identity?.account_id;
  const moved = Boolean(guideView.listing && account && guideView.listing.account_id !== account);
  if (!guideView.listingLoading && (moved || (!guideView.listing && !guideView.listingError))) loadListing();
  if (guideView.copied.size) startTicker();
  const target = guideView.focus;
  guideView.focus = '';
  if (target) {
    const el = document.getElementById(target === 'top' ? 'guide-title' : `guide-step-${target}-title`);
    if (el) {
      el.scrollIntoView({ block: 'start' });
      el.focus({ preventScroll: true });
    }
  }
}

function stepCard(step, n, done, ctx) {
  const base = `guide-step-${step.id}`;
  const showBody = !done || guideView.expanded.has(step.id);
  const ko = language() === 'ko';
  const body = step.id === 'paste'
    ? [pasteForm(ctx)]
    : [
      h('ol', { class: 'guide-items' }, ...step.items.map(([text, term]) => h('li', {},
        h('span', { 'data-i18n': text }),
        ko && term ? h('span', { class: 'aws-term', 'data-i18n': term }) : null))),
      step.url ? h('p', { class: 'guide-link' }, consoleLink(step.url, { id: `${base}-url`, label: 'guide.page' })) : null,
      step.secret ? secretRow(step.secret) : null,
      step.id === 'root-mfa' ? h('p', { class: 'muted small', 'data-i18n': 'guide.mfa.check' }) : null,
    ];
  return h('li', { class: `card guide-step${done ? ' is-done' : ''}`, id: base, dataset: { step: step.id, done: done ? 'true' : 'false' } },
    h('div', { class: 'guide-step-head' },
      h('span', { class: `step-number${done ? ' done' : ''}`, 'aria-hidden': 'true' }, done ? '✓' : String(n)),
      h('h2', { id: `${base}-title`, tabindex: '-1' },
        h('span', { class: 'sr-only' }, `${t('guide.step_n', { n })} `),
        h('span', { 'data-i18n': step.title }),
        step.term ? h('span', { class: 'aws-term', 'data-i18n': step.term }) : null,
        done ? h('span', { class: 'sr-only' }, ` (${t('guide.done_sr')})`) : null),
      h('span', { class: 'spacer' }),
      done
        ? h('button', {
          type: 'button', id: `${base}-toggle`, class: 'quiet', 'aria-expanded': showBody ? 'true' : 'false',
          'aria-controls': `${base}-body`,
          onclick: () => {
            if (guideView.expanded.has(step.id)) guideView.expanded.delete(step.id); else guideView.expanded.add(step.id);
            redraw();
          },
        }, h('span', { 'data-i18n': showBody ? 'guide.hide' : 'guide.show' }))
        : null,
      step.id === 'paste'
        ? h('span', { class: `step-state small${done ? ' done' : ''}`, id: `${base}-state` },
          t(done ? 'guide.paste.state_stored' : 'guide.paste.state_none'))
        : h('label', { class: 'check step-done', for: `${base}-done` },
        h('input', {
          type: 'checkbox', id: `${base}-done`, checked: done,
          onchange: (e) => {
            setDone(step.id, e.target.checked);
            guideView.expanded.delete(step.id);
            redraw();
          },
        }),
        h('span', { 'data-i18n': 'guide.done' }))),
    h('div', { class: 'guide-step-body', id: `${base}-body`, hidden: !showBody }, ...body));
}

// ---------------------------------------------------------------------------------------
// Where the key stays, and how to remove it

function keychainNote(ctx) {
  const login = storedLogin(ctx.store);
  return h('section', { class: 'card keychain-note', id: 'guide-keychain', 'aria-labelledby': 'guide-keychain-title' },
    h('h2', { id: 'guide-keychain-title' }, h('span', { 'data-i18n': 'guide.keychain.title' }),
      h('span', { class: 'aws-term', 'data-i18n': 'term.keychain' })),
    h('p', { 'data-i18n': 'guide.keychain.body' }),
    h('p', { 'data-i18n': 'guide.keychain.remove' }),
    login
      ? h('p', { class: 'small', id: 'guide-login-line' }, t('guide.keychain.stored', { user: login.user, account: login.account_id, key: login.access_key_id }))
      : h('p', { class: 'muted small', id: 'guide-login-line', 'data-i18n': 'guide.keychain.none' }),
    login ? logoutBox(ctx, login) : null);
}

function logoutBox(ctx, login) {
  if (guideView.logout !== 'confirm') {
    return h('div', { class: 'actions' },
      h('button', {
        type: 'button', id: 'guide-logout', 'aria-expanded': 'false',
        onclick: () => { guideView.logout = 'confirm'; redraw(); focusId('guide-logout-confirm', true); },
      }, h('span', { 'data-i18n': 'connect.logout' })));
  }
  return h('div', {
    class: 'callout warn confirm', id: 'guide-logout-confirm', role: 'group', tabindex: '-1',
    'aria-labelledby': 'guide-logout-title',
  },
  h('strong', { id: 'guide-logout-title' }, t('connect.logout_title', { user: login.user })),
  h('p', {}, t('connect.logout_body', { user: login.user, key: login.access_key_id })),
  h('div', { class: 'actions' },
    h('button', {
      type: 'button', id: 'guide-logout-confirm-button', class: 'danger',
      onclick: async () => {
        guideView.logout = '';
        guideView.result = null;
        await doLogout(ctx);
        focusId('guide-login-line', true);
      },
    }, h('span', { 'data-i18n': 'connect.logout_confirm' })),
    h('button', {
      type: 'button', id: 'guide-logout-cancel',
      onclick: () => { guideView.logout = ''; redraw(); focusId('guide-logout', true); },
    }, h('span', { 'data-i18n': 'common.cancel' }))));
}

