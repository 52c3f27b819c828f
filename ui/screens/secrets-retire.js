// @ts-check
// Secrets screen: retiring temporary passwords their owners already changed at first
// sign-in (AWS tells: credential report and login profile), by hand or automatically.

import * as api from '../api.js';
import { h, spinner, focusId } from '../dom.js';
import { t } from '../i18n.js';
import {
  view, currentListing, memberLabel, announce,
} from './secrets-state.js';
import { checkRow } from '../parts.js';
import { inputErrorPanel } from '../errors.js';
import { dateTime } from '../format.js';

/** Ask AWS whose temporary password is useless now (deleted at once with auto-retire on). */
export async function checkRetire() {
  const seq = ++view.retireSeq;
  view.retireLoading = true;
  view.retireError = null;
  view.draw.retire();
  try {
    const found = await api.retireCheck();
    if (seq !== view.retireSeq) return;
    view.retirable = found;
    view.autoRetired = Boolean(found.length && currentListing(view.ctx.store)?.auto_retire);
    // They were deleted: the list must lose them too.
    if (view.autoRetired) view.reload();
  } catch (err) {
    if (seq !== view.retireSeq) return;
    view.retireError = err;
    view.retirable = null;
  }
  view.retireLoading = false;
  view.draw.retire();
}

/** The retire card; nothing until the list of the connected account was read. */
export function retirePart() {
  const listing = currentListing(view.ctx.store);
  if (!listing) return null;
  const found = view.retirable;
  let body = /** @type {HTMLElement|null} */ (null);
  if (view.retireLoading) {
    body = h('p', { class: 'muted', id: 'retire-loading', role: 'status' }, spinner(), ' ',
      h('span', { 'data-i18n': 'secrets.retire_reading' }));
  } else if (view.retireError) {
    body = inputErrorPanel(view.retireError, 'retire-error');
  } else if (found && found.length && view.autoRetired) {
    body = h('div', { class: 'callout ok', id: 'retire-auto-done', role: 'status' },
      h('strong', {}, t('secrets.retire_auto_done', { count: found.length })),
      h('p', {}, found.map((r) => memberLabel(view.ctx.store, r.user)).join(', ')));
  } else if (found && found.length) {
    body = h('div', {},
      h('ul', { class: 'checklist', id: 'retire-list' }, ...found.map(retireRow)),
      h('div', { class: 'actions' },
        h('button', {
          type: 'button', id: 'retire-button', class: 'primary', disabled: view.retiring, onclick: doRetire,
        }, view.retiring ? spinner() : null,
        h('span', {}, t(view.retiring ? 'secrets.retiring' : 'secrets.retire_button', { count: found.length })))));
  } else if (found) {
    body = h('p', { class: 'muted', id: 'retire-none', 'data-i18n': 'secrets.retire_none' });
  }
  return h('section', { class: 'card', id: 'retire', 'aria-busy': view.retireLoading || view.retiring ? 'true' : 'false' },
    h('h2', {}, h('span', { 'data-i18n': 'secrets.retire_title' }),
      h('span', { class: 'aws-term', 'data-i18n': 'term.credential_report' })),
    h('p', { class: 'muted', 'data-i18n': 'secrets.retire_help' }),
    body,
    view.retiredCount !== null
      ? h('div', { class: 'callout ok', id: 'retire-done', role: 'status', tabindex: '-1' },
        h('strong', {}, t('secrets.retired', { count: view.retiredCount })))
      : null,
    h('div', { class: 'auto-retire' },
      h('label', { class: 'check', for: 'auto-retire' },
        h('input', {
          type: 'checkbox', id: 'auto-retire', checked: listing.auto_retire,
          'aria-describedby': 'auto-retire-help', 'aria-busy': view.autoBusy ? 'true' : 'false',
          onchange: (e) => setAuto(e.target),
        }),
        h('span', { class: 'check-body' },
          h('span', { 'data-i18n': 'secrets.auto_retire' }),
          h('span', { class: 'muted small', id: 'auto-retire-help', 'data-i18n': 'secrets.auto_retire_help' }))),
      view.autoBusy ? spinner() : null),
    view.autoError ? inputErrorPanel(view.autoError, 'auto-retire-error') : null);
}

/** @param {import('../api.js').Retirable} r */
function retireRow(r) {
  return checkRow({
    id: `retire-${r.user.replace(/[^A-Za-z0-9_-]/g, '-')}`, state: 'todo', dataset: { user: r.user, key: r.key },
    sr: t('secrets.state_retirable'),
    title: [h('span', {}, memberLabel(view.ctx.store, r.user))],
    evidence: [
      t('secrets.retire_row'),
      r.last_sign_in ? h('span', { class: 'cl-evidence' }, t('secrets.last_sign_in', { date: dateTime(r.last_sign_in) })) : null,
    ],
  });
}

async function doRetire() {
  const found = view.retirable ?? [];
  if (view.retiring || !found.length) return;
  view.retiring = true;
  view.retireError = null;
  view.retiredCount = null;
  view.draw.retire();
  try {
    const count = await api.retire(found.map((r) => r.user));
    view.retiredCount = count;
    view.retirable = [];
    announce(t('secrets.retired', { count }));
  } catch (err) {
    view.retireError = err;
  } finally {
    view.retiring = false;
    view.draw.retire();
  }
  if (view.retiredCount !== null) {
    focusId('retire-done');
    await view.reload();
  }
}

/** Turn auto-retire on or off; turning it on deletes what was found at once. */
async function setAuto(input) {
  const listing = currentListing(view.ctx.store);
  const on = input.checked;
  if (!listing || view.autoBusy) {
    input.checked = !on;
    return;
  }
  view.autoBusy = true;
  view.autoError = null;
  view.draw.retire();
  try {
    await api.setAutoRetire(on);
    listing.auto_retire = on;
  } catch (err) {
    view.autoError = err;
  } finally {
    view.autoBusy = false;
    view.draw.retire();
  }
  if (on && listing.auto_retire && view.retirable?.length) checkRetire();
}
