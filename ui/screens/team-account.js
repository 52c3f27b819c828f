// @ts-check
// Team screen: the Account card (alias, home region, MFA) and the Password policy card.

import { h } from '../dom.js';
import { t, has } from '../i18n.js';
import { view, fieldError } from './team-state.js';
import { inputWithValue } from '../team-form.js';
import { sectionTitle } from '../parts.js';

const REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ap-northeast-2', 'ap-northeast-1',
  'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ap-south-1', 'ca-central-1',
  'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'sa-east-1',
];
const DEFAULT_MAX_AGE = 90;
const DEFAULT_REUSE = 24;

// ---------------------------------------------------------------------------------------
// Account

/**
 * @param {import('../api.js').Team} team
 * @param {import('./team-state.js').Edit} edit
 */
export function accountCard(team, edit) {
  const a = team.account;
  const preview = h('p', { id: 'team-alias-preview', class: 'muted small wrap', 'aria-live': 'polite' });
  const showPreview = () => {
    preview.replaceChildren(a.alias
      ? h('span', {}, h('span', { 'data-i18n': 'team.alias_preview' }), ' ',
        h('span', { class: 'mono selectable' }, `https://${a.alias}.signin.aws.amazon.com/console`))
      : h('span', { 'data-i18n': 'team.alias_none' }));
  };
  showPreview();
  const alias = inputWithValue({
    type: 'text', id: 'team-alias', autocomplete: 'off', spellcheck: 'false',
    class: 'mono', 'aria-describedby': 'team-alias-help team-alias-preview',
    oninput: (e) => {
      a.alias = e.target.value === '' ? null : e.target.value;
      showPreview();
      edit.changed();
    },
  }, a.alias);
  const regions = REGIONS.includes(a.home_region) ? REGIONS : [a.home_region, ...REGIONS];
  const region = h('select', {
    id: 'team-region', 'aria-describedby': 'team-region-help',
    onchange: (e) => { a.home_region = e.target.value; edit.changed(); },
  }, ...regions.map((r) => h('option', { value: r, selected: r === a.home_region },
    has(`region.${r}`) ? `${r} · ${t(`region.${r}`)}` : r)));
  const mfa = h('input', {
    type: 'checkbox', id: 'team-require-mfa', checked: a.require_mfa, 'aria-describedby': 'team-mfa-help',
    onchange: (e) => { a.require_mfa = e.target.checked; edit.changed(); },
  });
  return h('section', { class: 'card', id: 'team-account' },
    h('h2', { 'data-i18n': 'team.account' }),
    h('div', { class: 'field' },
      h('label', { for: 'team-alias' },
        h('span', { 'data-i18n': 'team.alias' }), h('span', { class: 'aws-term', 'data-i18n': 'term.alias' })),
      alias,
      h('p', { id: 'team-alias-help', class: 'muted small', 'data-i18n': 'team.alias_help' }),
      preview,
      fieldError('account.alias', alias)),
    h('div', { class: 'field' },
      h('label', { for: 'team-region', 'data-i18n': 'team.region' }),
      region,
      h('p', { id: 'team-region-help', class: 'muted small', 'data-i18n': 'team.region_help' }),
      fieldError('account.home_region', region)),
    h('div', { class: 'field wide' },
      h('label', { class: 'check', for: 'team-require-mfa' }, mfa,
        h('span', { class: 'check-body' },
          h('span', {}, h('span', { 'data-i18n': 'team.require_mfa' }),
            h('span', { class: 'aws-term', 'data-i18n': 'term.mfa' })),
          h('span', { id: 'team-mfa-help', class: 'muted small', 'data-i18n': 'team.require_mfa_help' })))));
}

// ---------------------------------------------------------------------------------------
// Password policy

/**
 * A whole-number input; text that is not a number becomes a local problem of `field`.
 * @param {import('./team-state.js').Edit} edit
 * @param {(n: number) => void} set
 */
function numberInput(edit, id, field, value, min, max, set, attrs = {}) {
  const read = (e) => {
    const raw = e.target.value.trim();
    if (/^\d{1,9}$/.test(raw)) {
      view.local.delete(field);
      set(Number(raw));
    } else {
      view.local.set(field, { code: 'whole_number', params: { value: raw, min, max } });
    }
    edit.changed();
  };
  return inputWithValue({
    type: 'number', id, min, max, step: 1, inputmode: 'numeric', class: 'num', ...attrs,
    oninput: read,
    onchange: read,
  }, value);
}

/**
 * @param {import('../api.js').Team} team
 * @param {import('./team-state.js').Edit} edit
 */
export function passwordCard(team, edit) {
  const p = team.password_policy;
  const check = (key, label) => {
    const id = `pp-${key.replace(/_/g, '-')}`;
    return h('label', { class: 'check', for: id },
      h('input', {
        type: 'checkbox', id, checked: p[key],
        onchange: (e) => { p[key] = e.target.checked; edit.changed(); },
      }),
      h('span', { 'data-i18n': label }));
  };
  const minLength = numberInput(edit, 'pp-minimum-length', 'password_policy.minimum_length', p.minimum_length, 8, 128,
    (n) => { p.minimum_length = n; }, { 'aria-describedby': 'pp-minimum-length-help' });
  return h('section', { class: 'card', id: 'team-password' },
    sectionTitle('team.password', 'term.password_policy'),
    h('p', { class: 'muted small', 'data-i18n': 'team.password_help' }),
    h('div', { class: 'field' },
      h('label', { for: 'pp-minimum-length', 'data-i18n': 'team.min_length' }),
      minLength,
      h('p', { id: 'pp-minimum-length-help', class: 'muted small', 'data-i18n': 'team.min_length_help' }),
      fieldError('password_policy.minimum_length', minLength)),
    h('fieldset', { class: 'plain' },
      h('legend', { 'data-i18n': 'team.require_chars' }),
      h('div', { class: 'check-grid' },
        check('require_uppercase', 'team.uppercase'),
        check('require_lowercase', 'team.lowercase'),
        check('require_numbers', 'team.numbers'),
        check('require_symbols', 'team.symbols'))),
    h('div', { class: 'field wide' }, check('allow_users_to_change', 'team.allow_change')),
    optionalNumber(edit, p, 'max_age_days', 'pp-max-age', ['team.max_age', 'team.max_age_unit', 'team.max_age_label'],
      1, 1095, DEFAULT_MAX_AGE),
    optionalNumber(edit, p, 'reuse_prevention', 'pp-reuse', ['team.reuse', 'team.reuse_unit', 'team.reuse_label'],
      1, 24, DEFAULT_REUSE));
}

/**
 * A checkbox that turns an optional number on, and the number.
 * @param {import('./team-state.js').Edit} edit
 * @param {any} p @param {string} key @param {string} id
 * @param {string[]} keys i18n keys of the checkbox label, the unit after the number and its label
 * @param {number} min @param {number} max @param {number} fallback
 */
function optionalNumber(edit, p, key, id, [label, unit, inputLabel], min, max, fallback) {
  const field = `password_policy.${key}`;
  const on = p[key] !== null && p[key] !== undefined;
  const input = numberInput(edit, id, field, p[key], min, max, (n) => { p[key] = n; },
    { disabled: !on, 'aria-label': t(inputLabel) });
  const toggle = h('input', {
    type: 'checkbox', id: `${id}-on`, checked: on,
    onchange: (e) => {
      input.disabled = !e.target.checked;
      view.local.delete(field);
      if (e.target.checked) {
        const n = Number(input.value);
        p[key] = Number.isInteger(n) && n >= min && n <= max ? n : fallback;
        input.value = String(p[key]);
      } else {
        p[key] = null;
      }
      edit.changed();
    },
  });
  return h('div', { class: 'field wide' },
    h('div', { class: 'inline' },
      h('label', { class: 'check', for: `${id}-on` }, toggle, h('span', { 'data-i18n': label })),
      input,
      h('span', { class: 'muted small', 'aria-hidden': 'true', 'data-i18n': unit })),
    h('p', { class: 'muted small' }, t('team.range', { min, max })),
    fieldError(field, input));
}

