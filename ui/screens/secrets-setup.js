// @ts-check
// Secrets screen: the account-setup card — strong passwords for the two manual steps of the
// walk (the root user's mailbox, the AWS account root user), generated straight into the
// keychain. Generating again replaces the stored one, so it asks first.

import * as api from '../api.js';
import { h, spinner, focusId } from '../dom.js';
import { t } from '../i18n.js';
import {
  view, SETUP_KINDS, chosenPasswordOptions, currentListing, kindLabel, announce, rowId,
} from './secrets-state.js';
import { checkRow } from '../parts.js';
import { inputErrorPanel } from '../errors.js';
import { dateTime } from '../format.js';

const LIMITS = { chars: [12, 128], words: [4, 12] };
/** Per kind: the button, the row and its words. */
const KINDS = {
  'mailbox-password': {
    button: 'generate-mailbox-password', row: 'setup-mailbox', title: 'secrets.setup_mailbox',
    term: 'term.mailbox', help: 'secrets.setup_mailbox_help',
  },
  'root-password': {
    button: 'generate-root-password', row: 'setup-root', title: 'secrets.setup_root',
    term: 'term.root_user', help: 'secrets.setup_root_help',
  },
};

/** The problems of the options now, as { length, classes } i18n texts ('' when fine). */
function problems() {
  const g = view.gen;
  const [min, max] = g.passphrase ? LIMITS.words : LIMITS.chars;
  const n = g.passphrase ? g.words : g.chars;
  const length = Number.isInteger(n) && n >= min && n <= max
    ? '' : t(g.passphrase ? 'secrets.gen_words_range' : 'secrets.gen_length_range', { min, max });
  const classes = !g.passphrase && !(g.upper || g.lower || g.digits || g.symbols) ? t('secrets.gen_no_class') : '';
  return { length, classes };
}

/** The account-setup card; nothing until the list of the connected account was read. */
export function setupPart() {
  const listing = currentListing(view.ctx.store);
  if (!listing) return null;
  const busy = Boolean(view.generating);
  return h('section', { class: 'card', id: 'account-secrets', 'aria-busy': busy ? 'true' : 'false' },
    h('h2', {}, h('span', { 'data-i18n': 'secrets.setup_title' }),
      h('span', { class: 'aws-term', 'data-i18n': 'term.setup' })),
    h('p', { class: 'muted', 'data-i18n': 'secrets.setup_help' }),
    options(),
    h('ul', { class: 'checklist', id: 'setup-list' }, ...SETUP_KINDS.map((kind) => setupRow(kind, listing))),
    view.genConfirm ? confirmPanel(view.genConfirm) : null,
    view.genError ? inputErrorPanel(view.genError, 'generate-error') : null,
    view.genDone ? doneNote(view.genDone, listing) : null);
}

function options() {
  const g = view.gen;
  const p = problems();
  const lengthError = h('p', { class: 'field-error', id: 'gen-length-error', 'aria-live': 'polite', hidden: !p.length }, p.length);
  const classesError = h('p', { class: 'field-error', id: 'gen-classes-error', 'aria-live': 'polite', hidden: !p.classes }, p.classes);
  const [min, max] = g.passphrase ? LIMITS.words : LIMITS.chars;
  const length = h('input', {
    type: 'number', id: 'gen-length', class: 'num', min, max, step: 1,
    value: g.passphrase ? g.words : g.chars, 'aria-describedby': 'gen-length-help gen-length-error',
    'aria-invalid': p.length ? 'true' : null,
    oninput: (e) => {
      const n = Number(e.target.value);
      if (g.passphrase) g.words = n; else g.chars = n;
      checkInPlace();
    },
  });
  const check = (id, field, label, sample) => h('label', { class: 'check', for: id },
    h('input', {
      type: 'checkbox', id, checked: g[field], disabled: g.passphrase,
      onchange: (e) => { g[field] = e.target.checked; checkInPlace(); },
    }),
    h('span', { class: 'check-body' }, h('span', { 'data-i18n': label }), h('span', { class: 'muted small mono' }, sample)));
  return h('fieldset', { class: 'plain gen-options', id: 'gen-options' },
    h('legend', { 'data-i18n': 'secrets.gen_options' }),
    h('div', { class: 'gen-row' },
      h('div', { class: 'field gen-length' },
        h('label', { for: 'gen-length', 'data-i18n': g.passphrase ? 'secrets.gen_words' : 'secrets.gen_length' }),
        h('div', { class: 'inline' }, length,
          h('span', { class: 'unit', 'data-i18n': g.passphrase ? 'secrets.unit_words' : 'secrets.unit_chars' })),
        h('p', { class: 'muted small', id: 'gen-length-help' }, t('secrets.gen_range', { min, max })),
        lengthError),
      h('label', { class: 'check gen-passphrase', for: 'gen-passphrase' },
        h('input', {
          type: 'checkbox', id: 'gen-passphrase', checked: g.passphrase,
          onchange: (e) => { g.passphrase = e.target.checked; view.draw.setup(); },
        }),
        h('span', { class: 'check-body' },
          h('span', { 'data-i18n': 'secrets.gen_passphrase' }),
          h('span', { class: 'muted small', 'data-i18n': 'secrets.gen_passphrase_help' })))),
    h('div', { class: 'check-grid gen-classes', role: 'group', 'aria-label': t('secrets.gen_classes'), 'aria-describedby': 'gen-classes-error' },
      check('gen-upper', 'upper', 'secrets.gen_upper', 'A–Z'),
      check('gen-lower', 'lower', 'secrets.gen_lower', 'a–z'),
      check('gen-digits', 'digits', 'secrets.gen_digits', '0–9'),
      check('gen-symbols', 'symbols', 'secrets.gen_symbols', '!#%+…')),
    g.passphrase ? h('p', { class: 'muted small', 'data-i18n': 'secrets.gen_classes_off' }) : null,
    classesError,
    h('div', { class: 'field wide gen-note' },
      h('label', { for: 'gen-note', 'data-i18n': 'secrets.gen_note' }),
      h('input', {
        type: 'text', id: 'gen-note', value: g.note, autocomplete: 'off', spellcheck: 'false',
        'aria-describedby': 'gen-note-help', placeholder: t('secrets.gen_note_placeholder'),
        oninput: (e) => { g.note = e.target.value; },
      }),
      h('p', { class: 'muted small', id: 'gen-note-help', 'data-i18n': 'secrets.gen_note_help' })));
}

/** After an edit: show the problems and enable the buttons without drawing the card again. */
function checkInPlace() {
  const p = problems();
  const set = (id, text) => {
    const el = document.getElementById(id);
    if (!el) return;
    el.textContent = text;
    el.hidden = !text;
  };
  set('gen-length-error', p.length);
  set('gen-classes-error', p.classes);
  const input = document.getElementById('gen-length');
  if (input) {
    if (p.length) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
  const bad = Boolean(p.length || p.classes);
  for (const kind of SETUP_KINDS) {
    const btn = document.getElementById(KINDS[kind].button);
    if (btn instanceof HTMLButtonElement) btn.disabled = bad || Boolean(view.generating);
  }
}

function setupRow(kind, listing) {
  const k = KINDS[kind];
  const stored = listing.entries.find((e) => e.kind === kind);
  const p = problems();
  const busy = view.generating === kind;
  return checkRow({
    id: k.row, state: stored ? 'done' : 'manual', dataset: { kind },
    sr: t(stored ? 'secrets.state_stored' : 'secrets.state_manual'),
    title: [h('span', { 'data-i18n': k.title }), h('span', { class: 'aws-term', 'data-i18n': k.term })],
    evidence: [
      t(k.help),
      stored
        ? h('span', { class: 'cl-evidence stored' }, t('secrets.setup_stored', { date: dateTime(stored.created) }))
        : h('span', { class: 'cl-evidence' }, t('secrets.setup_none')),
      stored?.note ? h('span', { class: 'cl-evidence secret-note' }, t('secrets.note_line', { note: stored.note })) : null,
    ],
    action: h('button', {
      type: 'button', id: k.button, class: stored ? null : 'primary',
      disabled: Boolean(view.generating) || Boolean(p.length || p.classes),
      'aria-expanded': stored ? (view.genConfirm === kind ? 'true' : 'false') : null,
      onclick: () => generate(kind),
    }, busy ? spinner() : null,
    h('span', { 'data-i18n': busy ? 'secrets.generating' : stored ? 'secrets.generate_again' : 'secrets.generate' })),
  });
}

function confirmPanel(kind) {
  const busy = view.generating === kind;
  return h('div', {
    class: 'callout warn confirm', id: 'generate-confirm', role: 'group', tabindex: '-1',
    'aria-labelledby': 'generate-confirm-title', dataset: { kind },
  },
  h('strong', { id: 'generate-confirm-title', 'data-i18n': 'secrets.replace_title' }),
  h('p', {}, t(kind === 'root-password' ? 'secrets.replace_root_body' : 'secrets.replace_mailbox_body')),
  h('div', { class: 'actions' },
    h('button', {
      type: 'button', id: 'generate-confirm-button', class: 'danger', disabled: busy,
      onclick: () => generate(kind, true),
    }, busy ? spinner() : null, h('span', { 'data-i18n': busy ? 'secrets.generating' : 'secrets.replace' })),
    h('button', {
      type: 'button', id: 'generate-cancel-button', disabled: busy,
      onclick: () => { view.genConfirm = ''; view.draw.setup(); focusId(KINDS[kind].button); },
    }, h('span', { 'data-i18n': 'common.cancel' }))));
}

/** "Stored in the keychain": the way to it is the list below. */
function doneNote(kind, listing) {
  const entry = listing.entries.find((e) => e.kind === kind);
  return h('div', { class: 'callout ok', id: 'generate-done', role: 'status', tabindex: '-1' },
    h('strong', {}, t('secrets.generated', { kind: kindLabel(kind) })),
    h('p', { 'data-i18n': 'secrets.generated_help' }),
    entry
      ? h('div', { class: 'actions' },
        h('button', {
          type: 'button', id: 'generate-done-show',
          onclick: () => {
            const el = document.getElementById(`${rowId(entry)}-copy`);
            if (el) {
              el.scrollIntoView({ block: 'center' });
              el.focus();
            }
          },
        }, h('span', { 'data-i18n': 'secrets.generated_show' })))
      : null);
}

/** Generate and store; a stored one is replaced only after the confirmation. */
async function generate(kind, confirmed = false) {
  const { store } = view.ctx;
  const listing = currentListing(store);
  if (!listing || view.generating) return;
  const p = problems();
  if (p.length || p.classes) return;
  const existing = listing.entries.find((e) => e.kind === kind);
  if (existing && !confirmed) {
    view.genConfirm = kind;
    view.genDone = '';
    view.genError = null;
    view.draw.setup();
    focusId('generate-confirm');
    return;
  }
  const g = view.gen;
  view.generating = kind;
  view.genError = null;
  view.genDone = '';
  view.draw.setup();
  const options = chosenPasswordOptions();
  // An empty note keeps the note of the password it replaces (e.g. the recovery address).
  const note = g.note.trim() || existing?.note || null;
  let ok = false;
  try {
    const entry = await api.secretGenerate(kind, options, note);
    const now = currentListing(store);
    if (now) now.entries = [...now.entries.filter((e) => e.key !== entry.key), entry];
    // A value still shown or copied is the old password.
    view.revealed.delete(entry.key);
    view.copied.delete(entry.key);
    view.genConfirm = '';
    view.genDone = kind;
    g.note = '';
    ok = true;
    announce(t('secrets.generated', { kind: kindLabel(kind) }));
  } catch (err) {
    view.genError = err;
  } finally {
    view.generating = '';
    view.draw.setup();
    view.draw.list();
    if (ok) focusId('generate-done');
    else if (view.genConfirm) focusId('generate-confirm');
  }
}
