// @ts-check
// Secrets screen: handing a member their access — a printable A4 sheet (sign-in URL with a
// QR code, user name, temporary password, first steps) or an `age` file encrypted to their
// SSH key or a passphrase. A modal dialog: the rest of the window is inert while it is open,
// Tab stays inside, Escape closes, and the focus returns to the button that opened it.

import * as api from '../api.js';
import { h, spinner, focusId } from '../dom.js';
import { t, language } from '../i18n.js';
import { view, memberLabel, announce, redrawPart, handoffStep } from './secrets-state.js';
import { inputErrorPanel } from '../errors.js';
import { showSheet, closeSheet, sheetView } from './secrets-handoff-sheet.js';

const LANGUAGES = [{ code: 'ko', name: '한국어' }, { code: 'en', name: 'English' }];
const SSH_LINE = /^(ssh-ed25519|ssh-rsa) [A-Za-z0-9+/=]+/;
const MIN_PASSPHRASE = 8;

/** The sheet's own labels, in the member's language (not the window's). */
const wordCache = new Map();

export async function sheetWords(lang) {
  if (!wordCache.has(lang)) {
    try {
      const res = await fetch(`i18n/${lang}.json`);
      wordCache.set(lang, await res.json());
    } catch (err) {
      console.warn('could not read the sheet words', err);
      return null;
    }
  }
  return wordCache.get(lang);
}

/** A label of the sheet: from the member's language table, else the window's. */
export const word = (ho, key) => ho.words?.[key] ?? t(key);

const noop = () => {};

/**
 * Show this dialog in another screen's part (the Members screen): `box` holds it, `drawn` runs
 * after each draw with whether it is open, `recorded` after a handoff was recorded.
 * @param {any} ctx @param {HTMLElement|null} box @param {(open: boolean) => void} drawn
 * @param {() => Promise<void>} recorded
 */
export function hostHandoff(ctx, box, drawn, recorded) {
  const draw = () => {
    redrawPart('handoff', handoffPart);
    drawn(Boolean(view.handoff));
  };
  view.ctx = ctx;
  view.parts = { setup: null, list: null, retire: null, handoff: box };
  view.draw = { setup: noop, list: noop, retire: noop, handoff: draw };
  view.reload = recorded;
  draw();
}

/** Close the dialog without a trace (its host screen is opened anew). */
export function dropHandoff() {
  view.handoff = null;
  releaseModal();
}

/** Open the dialog for a member; `opener` is the id of the button to return to. */
export function openHandoff(user, opener) {
  view.handoff = {
    user, opener, lang: language(), method: 'ssh', sshKey: '', passphrase: '',
    problem: '', sheetLoading: false, sheet: null, words: null, sheetError: null,
    printing: false, askPrinted: false, recording: false, notRecorded: false, recorded: false, recordError: null,
    fileBusy: false, fileError: null, path: null, fileMethod: '', keyFile: '',
  };
  view.draw.handoff();
  focusId('handoff-lang');
}

export function closeHandoff() {
  const opener = view.handoff?.opener;
  view.handoff = null;
  view.draw.handoff();
  releaseModal();
  if (opener) focusId(opener);
}

/** Make everything but the dialog inert (and printable only the sheet). */
function holdModal(sheetOpen) {
  for (const el of modalBackground()) if (el instanceof HTMLElement) el.inert = true;
  document.body.classList.add('modal-open');
  document.body.classList.toggle('sheet-open', sheetOpen);
}

/** Undo holdModal (also when the screen is drawn again or left). */
export function releaseModal() {
  for (const el of modalBackground()) if (el instanceof HTMLElement) el.inert = false;
  document.body.classList.remove('modal-open', 'sheet-open');
}

function modalBackground() {
  return [document.querySelector('.topbar'), document.querySelector('.sidebar'),
    document.getElementById('secrets-content')].filter(Boolean);
}

/** The dialog (its part is empty while closed). */
export function handoffPart() {
  const ho = view.handoff;
  if (!ho) {
    releaseModal();
    return null;
  }
  holdModal(Boolean(ho.sheet));
  const dialog = h('div', {
    class: `handoff-dialog${ho.sheet ? ' sheet-mode' : ''}`, id: 'handoff', role: 'dialog', 'aria-modal': 'true',
    'aria-labelledby': ho.sheet ? 'handoff-sheet-heading' : 'handoff-title',
    dataset: { user: ho.user, mode: ho.sheet ? 'sheet' : 'methods' },
  }, ...(ho.sheet ? sheetView(ho) : methods(ho)));
  return h('div', { class: 'handoff-overlay', onkeydown: (e) => keys(e, ho) }, dialog);
}

/** Escape closes (the sheet first); Tab and Shift+Tab stay in the dialog. */
function keys(e, ho) {
  if (e.key === 'Escape') {
    e.preventDefault();
    if (ho.sheet) closeSheet(); else closeHandoff();
    return;
  }
  if (e.key !== 'Tab') return;
  const dialog = document.getElementById('handoff');
  if (!dialog) return;
  const items = [.../** @type {NodeListOf<HTMLInputElement>} */ (dialog.querySelectorAll('button, select, textarea, input, [href]'))]
    .filter((el) => !el.disabled && el.getClientRects().length && !(el.type === 'radio' && !el.checked));
  if (!items.length) return;
  const first = items[0];
  const last = items[items.length - 1];
  const inside = dialog.contains(document.activeElement);
  if (e.shiftKey && (!inside || document.activeElement === first)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (!inside || document.activeElement === last)) {
    e.preventDefault();
    first.focus();
  }
}

// ---------------------------------------------------------------------------------------
// The two methods

function methods(ho) {
  const who = memberLabel(view.ctx.store, ho.user);
  return [
    h('div', { class: 'handoff-head' },
      h('h2', { id: 'handoff-title' }, t('secrets.handoff_title', { member: who })),
      h('p', { class: 'muted', id: 'handoff-help' }, t('secrets.handoff_help', { user: ho.user }))),
    h('div', { class: 'handoff-methods' },
      h('div', { class: 'handoff-col' },
        h('div', { class: 'field handoff-lang' },
          h('label', { for: 'handoff-lang', 'data-i18n': 'secrets.handoff_lang' }),
          h('select', {
            id: 'handoff-lang', 'aria-describedby': 'handoff-lang-help',
            onchange: (e) => { ho.lang = e.target.value; },
          }, ...LANGUAGES.map((l) => h('option', { value: l.code, lang: l.code, selected: l.code === ho.lang }, l.name))),
          h('p', { class: 'muted small', id: 'handoff-lang-help', 'data-i18n': 'secrets.handoff_lang_help' })),
        sheetMethod(ho)),
      fileMethod(ho)),
    h('div', { class: 'actions handoff-foot' },
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', id: 'handoff-close', onclick: closeHandoff },
        h('span', { 'data-i18n': 'secrets.close' }))),
  ];
}

function sheetMethod(ho) {
  return h('section', { class: 'handoff-method', id: 'handoff-method-sheet', 'aria-labelledby': 'handoff-sheet-title' },
    h('h3', { id: 'handoff-sheet-title', 'data-i18n': 'secrets.sheet_title' }),
    h('p', { class: 'muted small', 'data-i18n': 'secrets.sheet_help' }),
    h('div', { class: 'actions' },
      h('button', {
        type: 'button', id: 'handoff-sheet-button', class: 'primary', disabled: ho.sheetLoading,
        onclick: () => showSheet(ho),
      }, ho.sheetLoading ? spinner() : null, h('span', { 'data-i18n': 'secrets.sheet_button' }))),
    ho.recorded
      ? h('p', { class: 'sent-note small', id: 'handoff-sheet-recorded', 'data-i18n': 'secrets.sheet_recorded' })
      : null,
    ho.sheetError ? inputErrorPanel(ho.sheetError, 'handoff-sheet-error') : null);
}

function fileMethod(ho) {
  const ssh = ho.method === 'ssh';
  const radio = (value, label, help) => h('label', { class: 'choice', for: `handoff-to-${value}` },
    h('input', {
      type: 'radio', name: 'handoff-to', id: `handoff-to-${value}`, value, checked: ho.method === value,
      onchange: () => { ho.method = value; ho.problem = ''; view.draw.handoff(); },
    }),
    h('span', { class: 'choice-body' },
      h('span', { class: 'choice-title', 'data-i18n': label }),
      h('span', { class: 'muted small', 'data-i18n': help })));
  const problem = h('p', { class: 'field-error', id: 'handoff-file-problem', 'aria-live': 'polite', hidden: !ho.problem },
    ho.problem ? t(ho.problem, { min: MIN_PASSPHRASE }) : '');
  const recipient = ssh
    ? h('div', { class: 'field wide' },
      h('label', { for: 'handoff-ssh-key', 'data-i18n': 'secrets.ssh_key' }),
      h('textarea', {
        id: 'handoff-ssh-key', class: 'mono', rows: 2, spellcheck: 'false', autocomplete: 'off',
        placeholder: 'ssh-ed25519 AAAAC3Nza… name@laptop', 'aria-describedby': 'handoff-ssh-help handoff-file-problem',
        'aria-invalid': ho.problem ? 'true' : null,
        oninput: (e) => { ho.sshKey = e.target.value; clearProblem(ho, e.target); },
      }, ho.sshKey),
      h('p', { class: 'muted small', id: 'handoff-ssh-help', 'data-i18n': 'secrets.ssh_key_help' }),
      h('div', { class: 'inline key-file' },
        h('label', { for: 'handoff-ssh-file', class: 'small', 'data-i18n': 'secrets.ssh_file' }),
        h('input', { type: 'file', id: 'handoff-ssh-file', accept: '.pub,text/plain', onchange: (e) => readKeyFile(ho, e.target) }),
        ho.keyFile ? h('span', { class: 'muted small mono' }, ho.keyFile) : null),
      problem)
    : h('div', { class: 'field wide' },
      h('label', { for: 'handoff-passphrase', 'data-i18n': 'secrets.passphrase' }),
      h('input', {
        type: 'text', id: 'handoff-passphrase', class: 'mono', value: ho.passphrase, autocomplete: 'off',
        spellcheck: 'false', 'aria-describedby': 'handoff-passphrase-help handoff-file-problem',
        'aria-invalid': ho.problem ? 'true' : null,
        oninput: (e) => { ho.passphrase = e.target.value; clearProblem(ho, e.target); },
      }),
      h('p', { class: 'muted small', id: 'handoff-passphrase-help' }, t('secrets.passphrase_help', { min: MIN_PASSPHRASE })),
      problem);
  return h('section', { class: 'handoff-method', id: 'handoff-method-file', 'aria-labelledby': 'handoff-file-title' },
    h('h3', { id: 'handoff-file-title', 'data-i18n': 'secrets.file_title' }),
    h('p', { class: 'muted small', 'data-i18n': 'secrets.file_help' }),
    ho.path ? null : h('details', { class: 'age-install-details small', id: 'handoff-age-install-more' },
      h('summary', { 'data-i18n': 'secrets.age_install_title' }),
      ageInstall('handoff-age-install-pre')),
    h('fieldset', { class: 'plain' },
      h('legend', { 'data-i18n': 'secrets.file_to' }),
      h('div', { class: 'choice-list', role: 'radiogroup' },
        radio('ssh', 'secrets.file_to_ssh', 'secrets.file_to_ssh_help'),
        radio('passphrase', 'secrets.file_to_passphrase', 'secrets.file_to_passphrase_help'))),
    recipient,
    // Part 2: the members who run the server get its key and the database password too.
    view.ctx.store.team?.infra ? h('label', { class: 'choice', for: 'handoff-with-server' },
      h('input', {
        type: 'checkbox', id: 'handoff-with-server', checked: !!ho.withServer,
        onchange: (e) => { ho.withServer = /** @type {HTMLInputElement} */ (e.target).checked; },
      }),
      h('span', { class: 'choice-body' },
        h('span', { class: 'choice-title', 'data-i18n': 'secrets.with_server' }),
        h('span', { class: 'muted small', 'data-i18n': 'secrets.with_server_help' }))) : null,
    h('div', { class: 'actions' },
      h('button', {
        type: 'button', id: 'handoff-file-button', class: 'primary', disabled: ho.fileBusy,
        onclick: () => writeFile(ho),
      }, ho.fileBusy ? spinner() : null, h('span', { 'data-i18n': ho.fileBusy ? 'secrets.file_writing' : 'secrets.file_button' }))),
    ho.fileError ? inputErrorPanel(ho.fileError, 'handoff-file-error') : null,
    ho.path ? fileDone(ho) : null);
}

function clearProblem(ho, input) {
  if (!ho.problem) return;
  ho.problem = '';
  input.removeAttribute('aria-invalid');
  const el = document.getElementById('handoff-file-problem');
  if (el) {
    el.textContent = '';
    el.hidden = true;
  }
}

/** A chosen .pub file fills the key field with its first line. */
async function readKeyFile(ho, input) {
  const file = input.files?.[0];
  if (!file) return;
  try {
    const text = await file.text();
    ho.sshKey = (text.split(/\r?\n/).find((l) => l.trim()) ?? '').trim();
    ho.keyFile = file.name;
    ho.problem = SSH_LINE.test(ho.sshKey) ? '' : 'secrets.ssh_key_invalid';
  } catch (err) {
    console.warn('could not read the key file', err);
    ho.problem = 'secrets.ssh_file_unreadable';
  }
  view.draw.handoff();
}

/** How the member installs `age`, per system (the commands stay as they are typed). */
const AGE_INSTALL = [
  { os: 'secrets.age_install_mac', command: 'brew install age' },
  { os: 'secrets.age_install_debian', command: 'sudo apt install age' },
  { os: 'secrets.age_install_windows', command: 'winget install FiloSottile.age' },
];

function ageInstall(id) {
  return h('dl', { class: 'age-install', id },
    ...AGE_INSTALL.flatMap(({ os, command }) => [
      h('dt', { class: 'small', 'data-i18n': os }),
      h('dd', {}, h('code', { class: 'mono selectable' }, command)),
    ]));
}

/** Where the file is and how the member opens it: install age, then decrypt. */
function fileDone(ho) {
  const name = ho.path.split(/[\\/]/).pop();
  const command = ho.fileMethod === 'ssh'
    ? `age --decrypt -i ~/.ssh/${ho.keyType === 'rsa' ? 'id_rsa' : 'id_ed25519'} ${name}`
    : `age --decrypt ${name}`;
  return h('div', { class: 'callout ok', id: 'handoff-file-done', role: 'status', tabindex: '-1' },
    h('strong', { 'data-i18n': 'secrets.file_written' }),
    h('p', { class: 'file-where' }, h('span', { 'data-i18n': 'secrets.file_where' }), ' ',
      h('code', { class: 'mono wrap selectable', id: 'handoff-file-path' }, ho.path)),
    h('ol', { class: 'file-steps' },
      h('li', {}, h('span', { 'data-i18n': 'secrets.age_install_step' }), ageInstall('handoff-age-install')),
      h('li', {}, h('span', { 'data-i18n': ho.fileMethod === 'ssh' ? 'secrets.file_open_ssh' : 'secrets.file_open_passphrase' }),
        h('pre', { class: 'mono selectable command', id: 'handoff-file-command' }, command))),
    h('p', { class: 'muted small', 'data-i18n': ho.fileMethod === 'ssh' ? 'secrets.file_send_ssh' : 'secrets.file_send_passphrase' }));
}

async function writeFile(ho) {
  if (ho.fileBusy) return;
  const ssh = ho.method === 'ssh';
  const key = ho.sshKey.trim();
  if (ssh && !SSH_LINE.test(key)) ho.problem = key ? 'secrets.ssh_key_invalid' : 'secrets.ssh_key_missing';
  else if (!ssh && ho.passphrase.length < MIN_PASSPHRASE) ho.problem = 'secrets.passphrase_short';
  else ho.problem = '';
  if (ho.problem) {
    view.draw.handoff();
    focusId(ssh ? 'handoff-ssh-key' : 'handoff-passphrase');
    return;
  }
  ho.path = null;
  await handoffStep(ho, 'fileBusy', 'fileError', async () => {
    const path = await api.handoffFile(ho.user, ho.lang, ssh ? key : null, ssh ? null : ho.passphrase, !!ho.withServer);
    if (view.handoff !== ho) return;
    Object.assign(ho, { path, fileMethod: ho.method, keyType: key.startsWith('ssh-rsa') ? 'rsa' : 'ed25519' });
    announce(t('secrets.file_written'));
    view.reload();
  }, () => (ho.path ? 'handoff-file-done' : 'handoff-file-button'));
}

