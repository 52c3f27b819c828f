// @ts-check
// The first-hour guide, step 6: the lead's own access key pasted here, checked, verified with
// STS and kept only in the keychain.

import * as api from '../api.js';
import { h, spinner, focusId } from '../dom.js';
import { t, language } from '../i18n.js';
import { redraw, regionSelect, reloadLogin, connectedByGuide } from './connect.js';
import { errorPanel } from '../errors.js';
import { guideView } from './connect-guide-state.js';
import { closeGuide } from './connect-guide.js';

// ---------------------------------------------------------------------------------------
// Step 6: paste the access key here

const KEY_ID = /^AKIA[A-Z0-9]{16}$/;
const SECRET = /^[A-Za-z0-9/+]{40}$/;

export function pasteForm(ctx) {
  // Done: what comes next, and the way to paste another key (e.g. after removing this one).
  if (guideView.result) {
    return h('div', { id: 'guide-paste-result', 'aria-live': 'polite' },
      savedNote(ctx, guideView.result),
      h('button', {
        type: 'button', id: 'guide-paste-another', class: 'quiet',
        onclick: () => { guideView.result = null; redraw(); focusId('guide-key-id', true); },
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
    focusId(guideView.problems.id ? 'guide-key-id' : 'guide-key-secret', true);
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
    if (guideView.result) focusId('guide-saved', true);
    else if (guideView.problems.id) focusId('guide-key-id', true);
    else if (guideView.problems.secret) focusId('guide-key-secret', true);
    else focusId('guide-paste-error', true);
  }
}

/** Rust's refusal of a field, in Baseline's words, by its typed reason (a root key, a key of a
 * role, a bad format). @param {import('../api.js').AppError} err */
function fieldProblem(err) {
  if (err.params.field === 'secret_access_key') return { id: '', secret: 'guide.paste.secret_format' };
  const byReason = { root_key: 'guide.paste.id_root', not_iam_user: 'guide.paste.id_not_user' };
  return { id: byReason[err.params.reason] ?? 'guide.paste.id_format', secret: '' };
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
