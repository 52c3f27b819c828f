// The first-hour guide ("I'm starting from scratch"), drawn on the Connect screen: from a
// root email and password to the lead's own IAM admin user, whose access key is pasted here
// and kept only in the OS keychain. Each step says what to click in the console (in the
// console's own words), opens the page, and is ticked off by hand (remembered on this
// computer). The two setup passwords are generated right in their steps.

import * as api from '../api.js';
import { h, spinner } from '../dom.js';
import { t, language } from '../i18n.js';
import { consoleLink } from '../links.js';
import {
  redraw, regionSelect, errorPanel, reloadLogin, storedLogin, connectedByGuide, doLogout,
} from './connect.js';
import { view as secretsView, dateTime, kindLabel, secondsLeft } from './secrets-state.js';

/** Where the ticks are kept (this computer only; nothing secret). */
const DONE_KEY = 'baseline.guide.done';
/** How often the clipboard countdown is updated (ms). */
const TICK = 250;

const SECURITY_CREDENTIALS_URL = 'https://console.aws.amazon.com/iam/home#/security_credentials';

/**
 * The steps, in order. `items` are [text key, English console term key or null]; the term is
 * shown (small) on the Korean screen only, where the text uses the console's Korean words.
 */
export const GUIDE_STEPS = [
  {
    id: 'mailbox', title: 'guide.mailbox.title', term: 'guide.term.mailbox',
    url: 'https://accounts.google.com/signup', secret: 'mailbox-password',
    items: [
      ['guide.mailbox.open', null], ['guide.mailbox.personal', 'guide.term.personal'],
      ['guide.mailbox.address', 'guide.term.gmail'], ['guide.mailbox.password', null],
      ['guide.mailbox.recovery', 'guide.term.recovery'], ['guide.mailbox.finish', null],
    ],
  },
  {
    id: 'signup', title: 'guide.signup.title', term: 'guide.term.signup',
    url: 'https://portal.aws.amazon.com/billing/signup', secret: 'root-password',
    items: [
      ['guide.signup.email', 'guide.term.root_email'], ['guide.signup.password', 'guide.term.root_password'],
      ['guide.signup.contact', 'guide.term.contact'], ['guide.signup.card', 'guide.term.billing_info'],
      ['guide.signup.phone', 'guide.term.identity'], ['guide.signup.support', 'guide.term.support'],
    ],
  },
  {
    id: 'root-mfa', title: 'guide.mfa.title', term: 'guide.term.assign_mfa', url: SECURITY_CREDENTIALS_URL,
    items: [
      ['account.guide.sign_in', null], ['account.guide.menu', 'guide.term.security_credentials'],
      ['account.guide.assign', 'guide.term.assign_mfa'], ['account.guide.app', 'guide.term.authenticator'],
      ['account.guide.scan', 'guide.term.show_qr'], ['account.guide.codes', 'guide.term.mfa_codes'],
    ],
  },
  {
    id: 'admin-user', title: 'guide.admin.title', term: 'guide.term.create_user',
    url: 'https://console.aws.amazon.com/iam/home#/users/create',
    items: [
      ['guide.admin.open', 'guide.term.create_user'], ['guide.admin.name', 'guide.term.user_name'],
      ['guide.admin.console', 'guide.term.console_access'], ['guide.admin.password', 'guide.term.custom_password'],
      ['guide.admin.policy', 'guide.term.attach_policies'], ['guide.admin.create', 'guide.term.sign_in_url'],
    ],
  },
  {
    id: 'access-key', title: 'guide.key.title', term: 'guide.term.create_key',
    url: 'https://console.aws.amazon.com/iam/home#/users',
    items: [
      ['guide.key.user', 'guide.term.users'], ['guide.key.tab', 'guide.term.create_key'],
      ['guide.key.use_case', 'guide.term.cli'], ['guide.key.shown', 'guide.term.key_values'],
      ['guide.key.no_csv', 'guide.term.csv'],
    ],
  },
  { id: 'paste', title: 'guide.paste.title', term: null, url: null, items: [] },
];

/** The guide's state, kept across re-renders (language switch, navigation). */
export const guideView = {
  open: false,
  /** A step to bring into view at the next drawing. */
  focus: '',
  /** Done steps shown in full anyway. */
  expanded: new Set(),

  // The setup passwords (secrets_list, secret_generate, secret_copy)
  /** @type {import('../api.js').SecretListing|null} */ listing: null,
  listingLoading: false,
  /** @type {import('../api.js').AppError|null} */ listingError: null,
  /** the kind being generated */ generating: '',
  /** the kind whose replacement waits for a confirmation */ confirm: '',
  /** @type {Map<string, import('../api.js').AppError>} kind → why its last action failed */ errors: new Map(),
  /** @type {Map<string, number>} kind → when the clipboard is cleared (ms) */ copied: new Map(),
  /** @type {Set<string>} kinds being copied */ copying: new Set(),
  timer: 0,

  // The paste form (login_save). The secret is never kept here.
  keyId: '',
  region: '',
  busy: false,
  /** @type {{ id: string, secret: string }} inline problems (i18n keys) */ problems: { id: '', secret: '' },
  /** @type {import('../api.js').AppError|null} */ error: null,
  /** @type {import('../api.js').Identity|null} the identity the pasted key connected as */ result: null,

  // Removing the stored login from the keychain note
  logout: '',
};

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

function closeGuide() {
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
// The setup passwords: generated into the keychain, copied with the clipboard's countdown

async function loadListing() {
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

function secretRow(kind) {
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
        onclick: () => { guideView.confirm = kind; guideView.errors.delete(kind); redraw(); focusEl(`${base}-confirm`); },
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
      onclick: () => { guideView.confirm = ''; redraw(); focusEl(`${base}-again`); },
    }, h('span', { 'data-i18n': 'common.cancel' }))));
}

/** Generate with the options chosen on the Secrets screen (24 characters of every kind by default). */
async function generate(kind) {
  if (guideView.generating) return;
  const g = secretsView.gen;
  guideView.generating = kind;
  guideView.errors.delete(kind);
  redraw();
  const existing = stored(kind);
  let ok = false;
  try {
    const entry = await api.secretGenerate(kind, {
      length: g.passphrase ? g.words : g.chars,
      uppercase: g.upper, lowercase: g.lower, digits: g.digits, symbols: g.symbols, passphrase: g.passphrase,
    }, existing?.note ?? null);
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
    focusEl(ok ? `guide-${kind}-copy` : `guide-${kind}-error`);
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

function startTicker() {
  if (!guideView.timer) guideView.timer = setInterval(tick, TICK);
}

function stopTicker() {
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

// ---------------------------------------------------------------------------------------
// Step 6: paste the access key here

const KEY_ID = /^AKIA[A-Z0-9]{16}$/;
const SECRET = /^[A-Za-z0-9/+]{40}$/;

function pasteForm(ctx) {
  // Done: what comes next, and the way to paste another key (e.g. after removing this one).
  if (guideView.result) {
    return h('div', { id: 'guide-paste-result', 'aria-live': 'polite' },
      savedNote(ctx, guideView.result),
      h('button', {
        type: 'button', id: 'guide-paste-another', class: 'quiet',
        onclick: () => { guideView.result = null; redraw(); focusEl('guide-key-id'); },
      }, h('span', { 'data-i18n': 'guide.paste.another' })));
  }
  const p = guideView.problems;
  const busy = guideView.busy;
  const fieldError = (id, key) => h('p', { class: 'field-error', id, 'aria-live': 'polite', hidden: !key }, key ? t(key) : '');
  return h('form', {
    class: 'paste-form', id: 'guide-paste-form', 'aria-busy': busy ? 'true' : 'false', novalidate: true,
    onsubmit: (e) => { e.preventDefault(); save(ctx); },
  },
  h('p', { 'data-i18n': 'guide.paste.intro' }),
  h('div', { class: 'field' },
    h('label', { for: 'guide-key-id' }, h('span', { 'data-i18n': 'guide.paste.key_id' }),
      language() === 'ko' ? h('span', { class: 'aws-term', 'data-i18n': 'guide.term.access_key' }) : null),
    h('input', {
      type: 'text', id: 'guide-key-id', class: 'mono', value: guideView.keyId, autocomplete: 'off',
      spellcheck: 'false', autocapitalize: 'off', maxlength: '64', disabled: busy,
      'aria-describedby': 'guide-key-id-help guide-key-id-error', 'aria-invalid': p.id ? 'true' : null,
      oninput: (e) => { guideView.keyId = e.target.value; clearProblem('id', e.target, 'guide-key-id-error'); },
    }),
    h('p', { class: 'muted small', id: 'guide-key-id-help', 'data-i18n': 'guide.paste.key_id_help' }),
    fieldError('guide-key-id-error', p.id)),
  h('div', { class: 'field' },
    h('label', { for: 'guide-key-secret' }, h('span', { 'data-i18n': 'guide.paste.secret' }),
      language() === 'ko' ? h('span', { class: 'aws-term', 'data-i18n': 'guide.term.secret_key' }) : null),
    // Never given a value from state: what is typed is read once, at Save, then cleared.
    h('input', {
      type: 'password', id: 'guide-key-secret', class: 'mono', autocomplete: 'off', spellcheck: 'false',
      autocapitalize: 'off', maxlength: '128', disabled: busy,
      'aria-describedby': 'guide-key-secret-help guide-key-secret-error', 'aria-invalid': p.secret ? 'true' : null,
      oninput: (e) => clearProblem('secret', e.target, 'guide-key-secret-error'),
    }),
    h('p', { class: 'muted small', id: 'guide-key-secret-help', 'data-i18n': 'guide.paste.secret_help' }),
    fieldError('guide-key-secret-error', p.secret)),
  h('div', { class: 'field' },
    h('label', { for: 'guide-region', 'data-i18n': 'connect.region' }),
    regionSelect('guide-region', guideView.region, (v) => { guideView.region = v; }),
    h('p', { class: 'muted small', 'data-i18n': 'connect.region_help' })),
  h('div', { class: 'actions' },
    h('button', { type: 'submit', id: 'guide-save', class: 'primary', disabled: busy },
      busy ? spinner() : null, h('span', { 'data-i18n': busy ? 'guide.paste.saving' : 'guide.paste.save' }))),
  h('div', { id: 'guide-paste-result', 'aria-live': 'polite' },
    guideView.error ? errorPanel(guideView.error, 'guide-paste-error') : null));
}

function clearProblem(field, input, errorId) {
  if (!guideView.problems[field]) return;
  guideView.problems[field] = '';
  input.removeAttribute('aria-invalid');
  const el = document.getElementById(errorId);
  if (el) { el.textContent = ''; el.hidden = true; }
}

/** What is wrong with the typed values (i18n keys; '' when fine). */
function check(id, secret) {
  return {
    id: !id ? 'guide.paste.id_empty' : (KEY_ID.test(id) ? '' : 'guide.paste.id_format'),
    secret: !secret ? 'guide.paste.secret_empty' : (SECRET.test(secret) ? '' : 'guide.paste.secret_format'),
  };
}

async function save(ctx) {
  if (guideView.busy) return;
  const input = /** @type {HTMLInputElement|null} */ (document.getElementById('guide-key-secret'));
  const id = guideView.keyId.trim();
  const secret = (input?.value ?? '').trim();
  guideView.error = null;
  guideView.result = null;
  guideView.problems = check(id, secret);
  if (guideView.problems.id || guideView.problems.secret) {
    // A secret that is fine stays in its field while the ID is fixed; a wrong one is cleared.
    if (input && guideView.problems.secret) input.value = '';
    redrawKeeping(input, !guideView.problems.secret);
    focusEl(guideView.problems.id ? 'guide-key-id' : 'guide-key-secret');
    return;
  }
  // The secret leaves the page now: only this call has it.
  if (input) input.value = '';
  guideView.busy = true;
  redraw();
  try {
    const identity = await api.loginSave(id, secret, guideView.region || null);
    ctx.store.identity = identity;
    guideView.result = identity;
    guideView.keyId = '';
    guideView.expanded.add('paste');
    connectedByGuide();
    await reloadLogin(ctx.store);
  } catch (err) {
    if (err.code === 'invalid_input' && (err.params?.field === 'access_key_id' || err.params?.field === 'secret_access_key')) {
      guideView.problems = fieldProblem(err);
    } else {
      guideView.error = err;
    }
  } finally {
    guideView.busy = false;
    ctx.refresh();
    redraw();
    if (guideView.result) focusEl('guide-saved');
    else if (guideView.problems.id) focusEl('guide-key-id');
    else if (guideView.problems.secret) focusEl('guide-key-secret');
    else focusEl('guide-paste-error');
  }
}

/** Rust's refusal of a field, in Baseline's words (a root key, a key of a role, a bad format). */
function fieldProblem(err) {
  if (err.params.field === 'secret_access_key') return { id: '', secret: 'guide.paste.secret_format' };
  const msg = err.message ?? '';
  let key = 'guide.paste.id_format';
  if (msg.includes('root')) key = 'guide.paste.id_root';
  else if (msg.includes('does not belong')) key = 'guide.paste.id_not_user';
  return { id: key, secret: '' };
}

/** Redraw, carrying a valid typed secret over to the new field (never through state). */
function redrawKeeping(input, keep) {
  const value = keep && input ? input.value : '';
  redraw();
  const again = /** @type {HTMLInputElement|null} */ (document.getElementById('guide-key-secret'));
  if (again && value) again.value = value;
}

/** Connected with the pasted key: what comes next. */
function savedNote(ctx, id) {
  return h('div', { class: 'callout ok', id: 'guide-saved', role: 'status', tabindex: '-1' },
    h('strong', {}, t('guide.paste.saved', { user: id.login ?? '', account: id.account_id })),
    h('p', { 'data-i18n': 'guide.paste.kept' }),
    h('p', { class: 'next-line' }, h('span', { class: 'next-label', 'data-i18n': 'next.label' }), ' ',
      h('span', { 'data-i18n': id.mfa_session ? 'guide.paste.next_mfa_on' : 'guide.paste.next' })),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'guide-go-members', class: 'primary', onclick: () => ctx.go('members') },
        h('span', { 'data-i18n': 'guide.paste.go_members' }), h('span', { 'aria-hidden': 'true' }, '→')),
      h('button', { type: 'button', id: 'guide-see-account', onclick: closeGuide },
        h('span', { 'data-i18n': 'guide.paste.see_account' }))));
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
        onclick: () => { guideView.logout = 'confirm'; redraw(); focusEl('guide-logout-confirm'); },
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
        focusEl('guide-login-line');
      },
    }, h('span', { 'data-i18n': 'connect.logout_confirm' })),
    h('button', {
      type: 'button', id: 'guide-logout-cancel',
      onclick: () => { guideView.logout = ''; redraw(); focusEl('guide-logout'); },
    }, h('span', { 'data-i18n': 'common.cancel' }))));
}

function focusEl(id) {
  const el = document.getElementById(id);
  if (!el) return;
  if (!el.hasAttribute('tabindex') && !/^(BUTTON|INPUT|SELECT|A|TEXTAREA)$/.test(el.tagName)) el.setAttribute('tabindex', '-1');
  el.focus();
}
