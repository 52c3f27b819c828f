// Connect: choose a credential source and a region, see who Baseline acts as.

import * as api from '../api.js';
import { h, spinner } from '../dom.js';
import { t, has } from '../i18n.js';

const REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ap-northeast-2', 'ap-northeast-1',
  'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ap-south-1', 'ca-central-1',
  'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'sa-east-1',
];
const ENVIRONMENT = '';

/** Screen-local state kept across re-renders (language switch, navigation). */
const view = {
  /** @type {import('../api.js').ProfileInfo[]|null} */ profiles: null,
  /** @type {import('../api.js').AppError|null} */ profilesError: null,
  profile: ENVIRONMENT,
  region: '',
  /** Typed only for the next connect; never kept after it. */
  mfaCode: '',
  busy: false,
  /** @type {import('../api.js').AppError|null} */ error: null,
};

/** Sidebar dot: green once connected. */
export const status = (store) => (store.identity ? 'done' : 'todo');

export function render(main, ctx) {
  const rerender = () => {
    main.replaceChildren();
    draw(main, ctx, rerender);
  };
  draw(main, ctx, rerender);
  if (view.profiles === null && !view.profilesError) {
    api.listProfiles()
      .then((p) => { view.profiles = p; })
      .catch((e) => { view.profilesError = e; view.profiles = []; })
      .finally(() => { if (main.isConnected) rerender(); });
  }
}

function draw(main, ctx, rerender) {
  const connected = ctx.store.identity && !view.busy;
  main.append(
    h('h1', { 'data-i18n': 'connect.title' }),
    h('p', { class: 'lead', 'data-i18n': 'connect.lead' }),
    // Once connected, who we act as matters most; the source stays below to switch.
    ...(connected ? [identityCard(ctx.store.identity), sourceCard(ctx, rerender)] : [sourceCard(ctx, rerender)]),
  );
}

function sourceCard(ctx, rerender) {
  const options = [{ name: ENVIRONMENT, kind: 'environment', region: null }, ...(view.profiles ?? [])];
  const list = h('div', { class: 'choice-list', role: 'radiogroup', 'aria-labelledby': 'source-label' },
    ...options.map((p) => profileOption(p)));
  const regionSelect = h('select', { id: 'region', onchange: (e) => { view.region = e.target.value; } },
    h('option', { value: '', 'data-i18n': 'connect.region_default' }),
    ...REGIONS.map((r) => h('option', { value: r, selected: r === view.region }, `${r} · ${t(`region.${r}`)}`)));

  const connectBtn = h('button', {
    type: 'button', id: 'connect-button', class: 'primary', disabled: view.busy,
    onclick: () => doConnect(ctx, rerender),
  }, view.busy ? spinner() : null, h('span', { 'data-i18n': view.busy ? 'connect.connecting' : 'connect.button' }));
  const cancelBtn = view.busy
    ? h('button', { type: 'button', id: 'cancel-button', onclick: () => api.cancel() },
        h('span', { 'data-i18n': 'common.cancel' }))
    : null;

  return h('section', { class: 'card', 'aria-busy': view.busy ? 'true' : 'false' },
    h('h2', { id: 'source-label', 'data-i18n': 'connect.source' }),
    h('p', { class: 'muted', 'data-i18n': 'connect.source_help' }),
    view.profiles === null ? h('p', { class: 'muted' }, spinner(), ' ', h('span', { 'data-i18n': 'connect.loading_profiles' })) : list,
    view.profilesError ? errorPanel(view.profilesError) : null,
    view.profiles && view.profiles.length === 0 && !view.profilesError
      ? h('p', { class: 'muted small', 'data-i18n': 'connect.no_profiles' }) : null,
    h('div', { class: 'field' },
      h('label', { for: 'region', 'data-i18n': 'connect.region' }),
      regionSelect,
      h('p', { class: 'muted small', 'data-i18n': 'connect.region_help' })),
    h('div', { class: 'field' },
      h('label', { for: 'mfa-code', 'data-i18n': 'connect.mfa_code' }),
      h('input', {
        id: 'mfa-code', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code',
        maxlength: '7', size: '8', class: 'mono', value: view.mfaCode, 'aria-describedby': 'mfa-code-help',
        oninput: (e) => { view.mfaCode = e.target.value; },
      }),
      h('p', { class: 'muted small', id: 'mfa-code-help', 'data-i18n': 'connect.mfa_code_help' })),
    h('div', { class: 'actions' }, connectBtn, cancelBtn),
    view.error ? errorPanel(view.error, 'connect-error') : null,
  );
}

function profileOption(p) {
  const id = `profile-${p.name || 'environment'}`;
  const title = p.name === ENVIRONMENT ? h('span', { 'data-i18n': 'connect.environment' }) : h('span', { class: 'mono' }, p.name);
  const desc = p.name === ENVIRONMENT ? 'connect.environment_help' : `profile.kind.${p.kind}`;
  return h('label', { class: 'choice', for: id },
    h('input', {
      type: 'radio', name: 'profile', id, value: p.name, checked: view.profile === p.name,
      onchange: () => { view.profile = p.name; },
    }),
    h('span', { class: 'choice-body' },
      h('span', { class: 'choice-title' }, title,
        p.region ? h('span', { class: 'tag' }, p.region) : null),
      h('span', { class: 'muted small', 'data-i18n': desc })));
}

async function doConnect(ctx, rerender) {
  view.busy = true;
  view.error = null;
  rerender();
  try {
    const mfaCode = view.mfaCode.trim() || null;
    view.mfaCode = '';
    ctx.store.identity = await api.connect({ profile: view.profile || null, region: view.region || null, mfa_code: mfaCode });
  } catch (err) {
    if (err.code !== 'cancelled') view.error = err;
    ctx.store.identity = null;
  } finally {
    view.busy = false;
    ctx.refresh();
    rerender();
  }
}

function identityCard(id) {
  const row = (label, value, attrs = {}) =>
    h('div', { class: 'row' }, h('dt', { 'data-i18n': label }), h('dd', attrs, value));
  return h('section', { class: 'card', id: 'identity', 'aria-live': 'polite' },
    h('h2', { 'data-i18n': 'connect.connected' }),
    id.principal === 'root' ? rootWarning() : null,
    h('dl', { class: 'facts' },
      row('identity.account_id', id.account_id, { id: 'account-id', class: 'mono' }),
      row('identity.alias', id.alias ?? t('identity.no_alias'), { id: 'account-alias' }),
      row('identity.arn', id.arn, { id: 'caller-arn', class: 'mono wrap' }),
      row('identity.principal', t(`principal.${id.principal}`), { id: 'principal' }),
      row('identity.sign_in_url', id.sign_in_url, { id: 'sign-in-url', class: 'mono wrap selectable' }),
      row('identity.region', `${id.region} · ${has(`region.${id.region}`) ? t(`region.${id.region}`) : ''}`),
      row('identity.mfa_session', t(id.mfa_session ? 'identity.mfa_session_yes' : 'identity.mfa_session_no'), { id: 'mfa-session' }),
      id.endpoint ? row('identity.endpoint', id.endpoint, { class: 'mono' }) : null),
    id.alias_error ? h('p', { class: 'muted small' }, t('identity.alias_unreadable')) : null);
}

function rootWarning() {
  return h('div', { class: 'callout danger', role: 'alert', id: 'root-warning' },
    h('strong', { 'data-i18n': 'root.title' }),
    h('p', { 'data-i18n': 'root.body' }));
}

/** @param {import('../api.js').AppError} err */
export function errorPanel(err, id = undefined) {
  const key = `error.${err.code}`;
  const title = has(key) ? t(key, err.params) : err.message;
  const hint = has(`${key}.hint`) ? t(`${key}.hint`, err.params) : err.hint;
  return h('div', { class: 'callout danger', role: 'alert', id, dataset: { code: err.code } },
    h('strong', {}, title),
    hint ? h('p', {}, hint) : null,
    h('details', {}, h('summary', { 'data-i18n': 'error.details' }), h('pre', { class: 'mono small' }, err.message)));
}
