// @ts-check
// Secrets screen, the handoff dialog: the printable A4 sheet in the member's language (sign-in
// URL with a QR code, user name, temporary password, first steps), printing it and recording it.

import * as api from '../api.js';
import { h, spinner, focusId } from '../dom.js';
import { t } from '../i18n.js';
import { view, announce, handoffStep } from './secrets-state.js';
import { inputErrorPanel } from '../errors.js';
import { svgDataUrl } from '../format.js';
import { sheetWords, word } from './secrets-handoff.js';

// ---------------------------------------------------------------------------------------
// The printable sheet

export async function showSheet(ho) {
  if (ho.sheetLoading) return;
  await handoffStep(ho, 'sheetLoading', 'sheetError', async () => {
    const [sheet, words] = await Promise.all([api.handoffSheet(ho.user, ho.lang), sheetWords(ho.lang)]);
    if (view.handoff !== ho) return;
    Object.assign(ho, { sheet, words, recordError: null });
  }, () => (ho.sheet ? 'print-sheet-button' : 'handoff-sheet-button'));
}

/** Back to the methods; the sheet (and its password) is dropped. */
export function closeSheet() {
  const ho = view.handoff;
  if (!ho) return;
  ho.sheet = null;
  ho.words = null;
  view.draw.handoff();
  focusId('handoff-sheet-button');
}

export function sheetView(ho) {
  return [
    h('div', { class: 'sheet-toolbar' },
      h('h2', { id: 'handoff-sheet-heading' }, t('secrets.sheet_heading', { user: ho.user })),
      h('span', { class: 'spacer' }),
      ho.recorded
        ? h('span', { class: 'sent-note small', id: 'handoff-recorded', role: 'status', 'data-i18n': 'secrets.sheet_recorded' })
        : null,
      h('button', {
        type: 'button', id: 'print-sheet-button', class: ho.askPrinted ? null : 'primary',
        disabled: ho.printing || ho.recording, onclick: () => print(ho),
      }, ho.printing ? spinner() : null, h('span', { 'data-i18n': 'secrets.print' })),
      h('button', { type: 'button', id: 'close-sheet-button', disabled: ho.recording, onclick: closeSheet },
        h('span', { 'data-i18n': 'secrets.close' }))),
    ho.askPrinted ? printedQuestion(ho) : null,
    ho.notRecorded && !ho.askPrinted
      ? h('p', { class: 'muted small', id: 'handoff-not-recorded', role: 'status', 'data-i18n': 'secrets.print_not_recorded' })
      : null,
    ho.recordError ? inputErrorPanel(ho.recordError, 'handoff-record-error') : null,
    h('p', { class: 'muted small sheet-note', 'data-i18n': 'secrets.sheet_note' }),
    h('div', { class: 'sheet-scroll' }, sheetPaper(ho)),
  ].filter(Boolean);
}

/** The print dialog does not tell the page whether it printed: the lead says so. */
function printedQuestion(ho) {
  return h('div', {
    class: 'callout info printed-question', id: 'handoff-printed', role: 'group', 'aria-labelledby': 'handoff-printed-title',
  },
  h('strong', { id: 'handoff-printed-title', 'data-i18n': 'secrets.printed_question' }),
  h('p', { class: 'small', 'data-i18n': 'secrets.printed_help' }),
  h('div', { class: 'actions' },
    h('button', {
      type: 'button', id: 'handoff-printed-yes', class: 'primary', disabled: ho.recording, onclick: () => recordSheet(ho),
    }, ho.recording ? spinner() : null, h('span', { 'data-i18n': 'secrets.printed_yes' })),
    h('button', {
      type: 'button', id: 'handoff-printed-no', disabled: ho.recording,
      onclick: () => {
        ho.askPrinted = false;
        ho.notRecorded = true;
        view.draw.handoff();
        focusId('print-sheet-button');
      },
    }, h('span', { 'data-i18n': 'secrets.printed_no' }))));
}

/** The A4 sheet itself: every word comes from the Sheet (or its language's labels). */
function sheetPaper(ho) {
  const s = ho.sheet;
  return h('article', { class: 'sheet', id: 'handoff-sheet', lang: s.lang, 'aria-labelledby': 'handoff-sheet-name' },
    h('header', { class: 'sheet-head' },
      h('h1', { class: 'sheet-title', id: 'handoff-sheet-name' }, s.title),
      s.display_name ? h('p', { class: 'sheet-person', id: 'handoff-display-name' }, s.display_name) : null),
    h('div', { class: 'sheet-main' },
      h('dl', { class: 'sheet-facts' },
        h('dt', {}, word(ho, 'sheet.account')),
        h('dd', { id: 'handoff-account' }, s.account),
        h('dt', {}, word(ho, 'sheet.sign_in_url')),
        h('dd', { class: 'mono sheet-url', id: 'handoff-url' }, s.sign_in_url),
        h('dt', {}, word(ho, 'sheet.user')),
        h('dd', { class: 'mono sheet-user', id: 'handoff-user' }, s.user)),
      h('figure', { class: 'sheet-qr' },
        h('img', { id: 'handoff-qr', src: svgDataUrl(s.qr_svg), alt: word(ho, 'sheet.qr_alt'), width: 150, height: 150 }),
        h('figcaption', {}, word(ho, 'sheet.qr_caption')))),
    h('div', { class: 'sheet-secret' },
      h('p', { class: 'sheet-label', id: 'handoff-password-label' }, word(ho, 'sheet.password')),
      h('p', { class: 'sheet-password', id: 'handoff-password' }, s.password)),
    h('h2', { class: 'sheet-steps-title' }, word(ho, 'sheet.first_sign_in')),
    h('ol', { class: 'sheet-steps', id: 'handoff-steps' }, ...s.steps.map((step) => h('li', {}, step))),
    h('p', { class: 'sheet-warning', id: 'handoff-warning' }, s.warning));
}

/** Print the window (only the sheet prints), then ask whether it printed: WebKitGTK does
 * not tell the page whether the print dialog was cancelled. */
async function print(ho) {
  if (ho.printing || ho.recording) return;
  ho.askPrinted = false;
  ho.notRecorded = false;
  await handoffStep(ho, 'printing', 'recordError', async () => {
    await api.printWindow();
    ho.askPrinted = !ho.recorded;
  }, () => (ho.askPrinted ? 'handoff-printed-yes' : 'print-sheet-button'));
}

/** "Yes, record the handoff": only now is the sheet recorded as handed over. */
async function recordSheet(ho) {
  if (ho.recording) return;
  await handoffStep(ho, 'recording', 'recordError', async () => {
    await api.handoffRecord(ho.user, 'sheet');
    ho.recorded = true;
    ho.askPrinted = false;
    announce(t('secrets.sheet_recorded'));
    view.reload();
  }, () => (ho.recorded ? 'close-sheet-button' : 'handoff-printed-yes'));
}
