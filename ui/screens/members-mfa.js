// @ts-check
// Members screen: enrolling a member's MFA at the lead's desk. A modal dialog shows the QR
// code of a new virtual MFA device and its key for typing by hand; the member scans it with
// their authenticator app and types two consecutive codes. Closing without success deletes
// the unused device (mfa_cancel), and the key is dropped with the dialog: nothing keeps it.

import * as api from '../api.js';
import { h, spinner, focusId } from '../dom.js';
import { t } from '../i18n.js';
import { mv, loadChecklists, mfaChangedHere } from './members-state.js';
import { inputErrorPanel } from '../errors.js';
import { svgDataUrl } from '../format.js';

/** Six digits, as the app shows them (spaces are allowed and dropped). */
const CODE = /^\d{6}$/;

/** Starts and cancels run one after the other, so a late cancel never drops a newer device. */
let queue = Promise.resolve();

/** True while the rest of the window is inert. */
let held = false;

/** Open the dialog for a member and create their device; `opener` gets the focus back. */
export function openMfa(user, who, opener) {
  if (mv.mfa) return;
  const m = {
    user, who, opener, starting: true, started: false, startError: null, qr: '', seed: '',
    code1: '', code2: '', finishing: false, problem: '', bad: '', restart: false, error: null,
  };
  mv.mfa = m;
  mv.cancelError = null;
  mv.draw.dialog();
  focusId('mfa-dialog');
  queue = queue.then(() => start(m));
}

async function start(m) {
  if (mv.mfa !== m) return;
  try {
    const e = await api.mfaStart(m.user);
    if (mv.mfa !== m) {
      // Closed while the device was being made: it must not stay behind.
      await cancelQuietly();
      return;
    }
    Object.assign(m, { started: true, qr: svgDataUrl(e.qr_svg), seed: groupsOfFour(e.seed) });
  } catch (err) {
    if (mv.mfa !== m) return;
    m.startError = err;
  }
  m.starting = false;
  mv.draw.dialog();
  focusId(m.started ? 'mfa-code-1' : 'mfa-cancel-button');
}

/** "JBSW Y3DP EHPK 3PXP" — easier to type by hand. */
const groupsOfFour = (seed) => (seed.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(' ');

async function cancelQuietly() {
  try {
    await api.mfaCancel();
  } catch (err) {
    mv.cancelError = err;
    mv.draw.main();
  }
}

/** Close the dialog; without success the unused device is deleted. The key goes with it. */
export function closeMfa(success) {
  const m = mv.mfa;
  if (!m) return;
  const pending = m.started && !success;
  Object.assign(m, { seed: '', qr: '', code1: '', code2: '' });
  mv.mfa = null;
  mv.draw.dialog();
  // A device still being made is cancelled when its start ends (see start).
  if (pending) queue = queue.then(cancelQuietly);
  if (!success && !focusId(m.opener)) focusId('member-page-title');
}

/** Check the two codes here first (format), then let Baseline and AWS check them. */
async function finish(m) {
  if (m.finishing || !m.started) return;
  const first = m.code1.replace(/\s+/g, '');
  const second = m.code2.replace(/\s+/g, '');
  let problem = '';
  let bad = '';
  if (!CODE.test(first)) [problem, bad] = ['mfa.problem.format', 'mfa-code-1'];
  else if (!CODE.test(second)) [problem, bad] = ['mfa.problem.format', 'mfa-code-2'];
  else if (first === second) [problem, bad] = ['mfa.problem.same', 'mfa-code-2'];
  Object.assign(m, { problem, bad, error: null, restart: false });
  if (problem) {
    mv.draw.dialog();
    focusId(bad);
    return;
  }
  m.finishing = true;
  mv.draw.dialog();
  try {
    await api.mfaFinish(first, second);
  } catch (err) {
    if (mv.mfa !== m) return;
    m.finishing = false;
    if (err.code === 'invalid_input') {
      // The device stays pending: the member types two new codes.
      Object.assign(m, { problem: problemOf(err), code1: '', code2: '' });
      m.restart = m.problem === 'mfa.problem.expired';
    } else {
      m.error = err;
    }
    mv.draw.dialog();
    focusId(m.restart ? 'mfa-restart-button' : 'mfa-code-1');
    return;
  }
  closeMfa(true);
  mv.note = { key: 'members.mfa_on', params: { member: m.who } };
  mfaChangedHere(m.user, true);
  loadChecklists();
  focusId('member-note');
}

/** Baseline's reason for refusing the codes, in the window's language. */
function problemOf(err) {
  const field = err.params?.field ?? '';
  if (field === 'enrollment') return 'mfa.problem.expired';
  if (field === 'codes') return 'mfa.problem.not_consecutive';
  if (/same/.test(err.message)) return 'mfa.problem.same';
  if (/code/.test(field)) return 'mfa.problem.format';
  return 'mfa.problem.not_consecutive';
}

/** The pending device was lost (another enrolment replaced it): make a new one. */
function restart(m) {
  Object.assign(m, {
    starting: true, started: false, startError: null, qr: '', seed: '', problem: '', restart: false, error: null,
  });
  mv.draw.dialog();
  focusId('mfa-dialog');
  queue = queue.then(() => start(m));
}

// ---------------------------------------------------------------------------------------
// Drawing

/** Make everything but the dialog inert (the topbar, the sidebar, the screen). */
function hold(on) {
  if (on === held) return;
  held = on;
  for (const el of [document.querySelector('.topbar'), document.querySelector('.sidebar'), mv.content]) {
    if (!(el instanceof HTMLElement)) continue;
    if (el) el.inert = on;
  }
  document.body.classList.toggle('modal-open', on);
}

/** The dialog (its part is empty while closed). */
export function mfaPart() {
  const m = mv.mfa;
  hold(Boolean(m));
  if (!m) return null;
  const state = m.starting ? 'starting' : m.started ? 'ready' : 'failed';
  return h('div', { class: 'handoff-overlay mfa-overlay', onkeydown: (e) => keys(e, m) },
    h('div', {
      class: 'handoff-dialog mfa-dialog', id: 'mfa-dialog', role: 'dialog', 'aria-modal': 'true', tabindex: '-1',
      'aria-labelledby': 'mfa-title', 'aria-describedby': 'mfa-help', 'aria-busy': m.starting || m.finishing ? 'true' : 'false',
      dataset: { user: m.user, state },
    },
    h('h2', { id: 'mfa-title' }, t('mfa.title', { member: m.who })),
    h('p', { class: 'muted', id: 'mfa-help' }, t('mfa.help', { member: m.who })),
    m.starting
      ? h('p', { class: 'muted', id: 'mfa-starting', role: 'status' }, spinner(), ' ', h('span', { 'data-i18n': 'mfa.starting' }))
      : null,
    m.startError ? inputErrorPanel(m.startError, 'mfa-start-error') : null,
    m.started ? setup(m) : footer(m, false)));
}

/** Escape cancels (not while the codes are being checked); Tab stays in the dialog. */
function keys(e, m) {
  if (e.key === 'Escape') {
    e.preventDefault();
    if (!m.finishing) closeMfa(false);
    return;
  }
  if (e.key !== 'Tab') return;
  const dialog = document.getElementById('mfa-dialog');
  if (!dialog) return;
  const items = [.../** @type {NodeListOf<HTMLButtonElement>} */ (dialog.querySelectorAll('button, input, [href], [tabindex="0"]'))]
    .filter((el) => !el.disabled && el.getClientRects().length);
  if (!items.length) {
    e.preventDefault();
    return;
  }
  const first = items[0];
  const last = items[items.length - 1];
  const inside = dialog.contains(document.activeElement);
  if (e.shiftKey && (!inside || document.activeElement === first || document.activeElement === dialog)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (!inside || document.activeElement === last)) {
    e.preventDefault();
    first.focus();
  }
}

/** Steps, the QR code and key, the two code fields. */
function setup(m) {
  const field = (n) => {
    const id = `mfa-code-${n}`;
    const invalid = m.bad === id || (m.problem && !m.bad);
    return h('div', { class: 'field mfa-code' },
      h('label', { for: id }, t(n === 1 ? 'mfa.code_1' : 'mfa.code_2')),
      h('input', {
        type: 'text', id, class: 'mono', inputmode: 'numeric', autocomplete: 'one-time-code', spellcheck: 'false',
        maxlength: 9, value: m[`code${n}`], disabled: m.finishing, 'aria-invalid': invalid ? 'true' : null,
        'aria-describedby': `mfa-code-help mfa-error`,
        oninput: (e) => { m[`code${n}`] = e.target.value; clearProblem(m); },
      }));
  };
  return h('form', {
    class: 'mfa-form', id: 'mfa-form', novalidate: true,
    onsubmit: (e) => { e.preventDefault(); finish(m); },
  },
  h('ol', { class: 'mfa-steps' },
    h('li', { 'data-i18n': 'mfa.step_app' }),
    h('li', { 'data-i18n': 'mfa.step_scan' }),
    h('li', { 'data-i18n': 'mfa.step_codes' })),
  h('div', { class: 'mfa-qr-row' },
    h('img', { id: 'mfa-qr', src: m.qr, alt: t('mfa.qr_alt', { user: m.user }), width: 176, height: 176 }),
    h('div', { class: 'mfa-seed-box' },
      h('p', { class: 'small mfa-seed-label', id: 'mfa-seed-label', 'data-i18n': 'mfa.seed_label' }),
      h('code', { class: 'mono selectable wrap mfa-seed', id: 'mfa-seed', 'aria-labelledby': 'mfa-seed-label' }, m.seed),
      h('p', { class: 'muted small', 'data-i18n': 'mfa.seed_help' }))),
  h('div', { class: 'mfa-codes' }, field(1), field(2)),
  h('p', { class: 'muted small', id: 'mfa-code-help', 'data-i18n': 'mfa.code_help' }),
  h('div', { id: 'mfa-error', class: 'mfa-error', role: 'alert', hidden: !(m.problem || m.error) },
    m.problem ? h('p', { class: 'field-error' }, h('span', {}, t(m.problem))) : null,
    m.error ? inputErrorPanel(m.error, 'mfa-finish-error') : null,
    m.restart
      ? h('button', { type: 'button', id: 'mfa-restart-button', onclick: () => restart(m) },
        h('span', { 'data-i18n': 'mfa.restart' }))
      : null),
  footer(m, true));
}

function footer(m, ready) {
  return h('div', { class: 'actions mfa-foot' },
    h('span', { class: 'spacer' }),
    h('button', { type: 'button', id: 'mfa-cancel-button', disabled: m.finishing, onclick: () => closeMfa(false) },
      h('span', { 'data-i18n': ready || m.starting ? 'common.cancel' : 'mfa.close' })),
    ready
      ? h('button', { type: 'submit', id: 'mfa-enable-button', class: 'primary', disabled: m.finishing },
        m.finishing ? spinner() : null, h('span', { 'data-i18n': m.finishing ? 'mfa.enabling' : 'mfa.enable' }))
      : null);
}

/** Typing again clears the last complaint (in place: the focus stays in the field). */
function clearProblem(m) {
  if (!m.problem && !m.error) return;
  Object.assign(m, { problem: '', bad: '', error: null });
  const box = document.getElementById('mfa-error');
  if (box && !m.restart) {
    box.replaceChildren();
    box.hidden = true;
  }
  for (const id of ['mfa-code-1', 'mfa-code-2']) document.getElementById(id)?.removeAttribute('aria-invalid');
}
