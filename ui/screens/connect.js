// @ts-check
// Connect: choose a credential source and a region, see who Baseline acts as. A lead who has
// only the root login follows the first-hour guide (connect-guide.js) to their own admin
// user, whose access key is kept in the keychain and offered here as a source.

import * as api from '../api.js';
import { h, spinner, focusId } from '../dom.js';
import { t, has } from '../i18n.js';
import { errorPanel } from '../errors.js';
import { consoleLink } from '../links.js';
import { redrawScreen } from '../parts.js';
import { renderGuide, openGuide, guideProgress } from './connect-guide.js';
import { guideView, GUIDE_STEPS } from './connect-guide-state.js';

export const REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ap-northeast-2', 'ap-northeast-1',
  'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ap-south-1', 'ca-central-1',
  'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'sa-east-1',
];
const ENVIRONMENT = '';
/** The stored login as a source (no profile can be named so: profile names have no spaces). */
export const LOGIN = ' login';

/** What IAM Identity Center is (an AWS documentation page). */
const SSO_DOCS_URL = 'https://docs.aws.amazon.com/singlesignon/latest/userguide/what-is.html';

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
  /** True once the remembered connection was tried at start (never again). */
  autoTried: false,
  /** The user picked a source by hand (the stored login is not preselected over it). */
  picked: false,
  /** Removing the stored login: '' | 'confirm' | 'busy'. */
  logout: '',
  /** @type {import('../api.js').AppError|null} */ logoutError: null,
  /** @type {import('../api.js').LoginRef|null} the login just removed (a transient note) */ loggedOut: null,
  /** The element the screen draws into, and the context it was drawn with. */
  /** @type {HTMLElement|null} */ root: null,
  ctx: /** @type {import('../app.js').Ctx} */ (/** @type {unknown} */ (null)),
};

/** Sidebar dot: green once connected. */
export const status = (store) => (store.identity ? 'done' : 'todo');

export function render(main, ctx) {
  view.ctx = ctx;
  if (ctx.opened && !view.busy) guideView.open = false;
  view.root = h('div', { class: 'screen connect-screen', id: 'connect-root' });
  main.append(view.root);
  redraw();
  if (view.profiles === null && !view.profilesError) {
    api.listProfiles()
      .then((p) => { view.profiles = p; })
      .catch((e) => { view.profilesError = e; view.profiles = []; })
      .finally(redraw);
  }
}

/** Draw the screen again, if it is still the one shown. */
export function redraw() {
  redrawScreen(view.root, (root) => {
    if (guideView.open) renderGuide(root, view.ctx);
    else draw(root, view.ctx);
  });
}

/** The stored login, as app_info or login_status last said. */
export const storedLogin = (store) => store.info?.login ?? null;

/** Read the stored login again (after saving or removing it). */
export async function reloadLogin(store) {
  try {
    const login = await api.loginStatus();
    if (store.info) store.info.login = login;
  } catch (err) {
    console.warn('could not read the stored login', err);
  }
}

/**
 * At start: connect once with the remembered choices (profile or stored login, region).
 * Errors show on the Connect screen as usual; a failure is not retried.
 * @param {import('../app.js').Ctx} ctx
 */
export function autoConnect(ctx) {
  if (view.autoTried) return;
  view.autoTried = true;
  const r = ctx.store.info?.remembered;
  if (!r || ctx.store.identity || view.busy) return;
  if (r.login && !storedLogin(ctx.store)) return;
  view.ctx ??= ctx;
  view.profile = r.login ? LOGIN : (r.profile ?? ENVIRONMENT);
  view.region = r.region ?? '';
  view.picked = true;
  doConnect(ctx);
}

function draw(main, ctx) {
  const connected = ctx.store.identity && !view.busy;
  main.append(
    h('h1', { 'data-i18n': 'connect.title' }),
    h('p', { class: 'lead', 'data-i18n': 'connect.lead' }),
    // Once connected, who we act as matters most; the source stays below to switch.
    ...(connected
      ? [identityCard(ctx.store.identity), sourceCard(ctx), startCard(ctx, false)]
      : [startCard(ctx, true), sourceCard(ctx)]),
    ssoNote());
}

/** "I'm starting from scratch": the way into the guide, with its progress. */
function startCard(ctx, prominent) {
  const done = guideProgress(ctx.store);
  const fresh = !storedLogin(ctx.store) && view.profiles !== null && view.profiles.length === 0;
  return h('section', { class: `card start-card${prominent ? ' prominent' : ''}`, id: 'start-card', 'aria-labelledby': 'start-title' },
    h('div', { class: 'start-body' },
      h('h2', { id: 'start-title', 'data-i18n': 'guide.start_title' }),
      h('p', { class: 'muted', 'data-i18n': 'guide.start_help' }),
      done ? h('p', { class: 'small start-progress', id: 'start-progress' }, t('guide.progress', { done, total: GUIDE_STEPS.length })) : null),
    h('div', { class: 'start-action' },
      h('button', {
        type: 'button', id: 'open-guide-button', class: prominent && (fresh || done) ? 'primary' : null,
        onclick: () => openGuide(),
      }, h('span', { 'data-i18n': done ? 'guide.continue' : 'guide.open' }), h('span', { 'aria-hidden': 'true' }, '→'))));
}

/** IAM Identity Center, in plain words, for teams that have it. */
function ssoNote() {
  return h('aside', { class: 'callout info sso-note', id: 'sso-note', 'aria-labelledby': 'sso-note-title' },
    h('strong', { id: 'sso-note-title' }, h('span', { 'data-i18n': 'connect.sso_title' }),
      h('span', { class: 'aws-term', 'data-i18n': 'term.sso' })),
    h('p', { 'data-i18n': 'connect.sso_body' }),
    h('p', { class: 'small' }, consoleLink(SSO_DOCS_URL, { id: 'sso-docs-url', label: 'connect.sso_docs' })));
}

/** The region select (also on the guide's paste form). */
export function regionSelect(id, value, onchange) {
  return h('select', { id, onchange: (e) => onchange(e.target.value) },
    h('option', { value: '', 'data-i18n': 'connect.region_default' }),
    ...REGIONS.map((r) => h('option', { value: r, selected: r === value }, `${r} · ${t(`region.${r}`)}`)));
}

function sourceCard(ctx) {
  const login = storedLogin(ctx.store);
  // The stored login is the natural choice for a lead who has no profile.
  if (login && !view.picked && view.profile === ENVIRONMENT && view.profiles !== null && !view.profiles.length) {
    view.profile = LOGIN;
  }
  if (!login && view.profile === LOGIN) view.profile = ENVIRONMENT;
  const options = [
    ...(login ? [{ name: LOGIN, kind: 'login', region: null }] : []),
    { name: ENVIRONMENT, kind: 'environment', region: null }, ...(view.profiles ?? []),
  ];
  const list = h('div', { class: 'choice-list', role: 'radiogroup', 'aria-labelledby': 'source-label' },
    ...options.map((p) => (p.kind === 'login' ? loginOption(login) : profileOption(p))));

  const connectBtn = h('button', {
    type: 'button', id: 'connect-button', class: 'primary', disabled: view.busy,
    onclick: () => doConnect(ctx),
  }, view.busy ? spinner() : null, h('span', { 'data-i18n': view.busy ? 'connect.connecting' : 'connect.button' }));
  const cancelBtn = view.busy
    ? h('button', { type: 'button', id: 'cancel-button', onclick: () => api.cancel() },
        h('span', { 'data-i18n': 'common.cancel' }))
    : null;

  return h('section', { class: 'card', id: 'source-card', 'aria-busy': view.busy ? 'true' : 'false' },
    h('h2', { id: 'source-label', 'data-i18n': 'connect.source' }),
    h('p', { class: 'muted', 'data-i18n': 'connect.source_help' }),
    view.profiles === null ? h('p', { class: 'muted' }, spinner(), ' ', h('span', { 'data-i18n': 'connect.loading_profiles' })) : list,
    view.profilesError ? errorPanel(view.profilesError) : null,
    view.profiles && view.profiles.length === 0 && !view.profilesError
      ? h('p', { class: 'muted small', 'data-i18n': 'connect.no_profiles' }) : null,
    login || view.loggedOut || view.logoutError ? logoutPart(ctx, login) : null,
    h('div', { class: 'field' },
      h('label', { for: 'region', 'data-i18n': 'connect.region' }),
      regionSelect('region', view.region, (v) => { view.region = v; }),
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
      onchange: () => { view.profile = p.name; view.picked = true; },
    }),
    h('span', { class: 'choice-body' },
      h('span', { class: 'choice-title' }, title,
        p.region ? h('span', { class: 'tag' }, p.region) : null),
      h('span', { class: 'muted small', 'data-i18n': desc })));
}

/** "My access key (keychain)": the stored login, with its user and account. */
function loginOption(login) {
  const id = 'profile-login';
  return h('label', { class: 'choice', for: id },
    h('input', {
      type: 'radio', name: 'profile', id, value: 'login', checked: view.profile === LOGIN,
      'aria-describedby': 'profile-login-who',
      onchange: () => { view.profile = LOGIN; view.picked = true; },
    }),
    h('span', { class: 'choice-body' },
      h('span', { class: 'choice-title' }, h('span', { 'data-i18n': 'connect.login' }),
        h('span', { class: 'tag' }, t('connect.login_tag'))),
      h('span', { class: 'small', id: 'profile-login-who' },
        t('connect.login_who', { user: login.user, account: login.account_id })),
      h('span', { class: 'muted small', 'data-i18n': login.mfa_serial ? 'connect.login_help_mfa' : 'connect.login_help' })));
}

/** "Remove stored login", asked once more in plain words. */
function logoutPart(ctx, login) {
  if (!login) {
    return h('div', { class: 'logout-part', id: 'logout-part' },
      view.loggedOut
        ? h('p', { class: 'callout ok', id: 'logout-done', role: 'status' },
          h('strong', {}, t('connect.logout_done', { user: view.loggedOut.user })),
          h('span', { class: 'block small' }, t('connect.logout_done_help')))
        : null,
      view.logoutError ? errorPanel(view.logoutError, 'logout-error') : null);
  }
  const busy = view.logout === 'busy';
  if (!view.logout) {
    return h('div', { class: 'logout-part', id: 'logout-part' },
      h('p', { class: 'logout-line small' },
        h('span', { class: 'muted' }, t('connect.logout_help', { user: login.user })),
        h('button', {
          type: 'button', id: 'logout-button', class: 'small-button', 'aria-expanded': 'false', 'aria-controls': 'logout-part',
          disabled: view.busy, onclick: () => { view.logout = 'confirm'; view.logoutError = null; redraw(); focusId('logout-confirm', true); },
        }, h('span', { 'data-i18n': 'connect.logout' }))),
      view.logoutError ? errorPanel(view.logoutError, 'logout-error') : null);
  }
  return h('div', { class: 'logout-part', id: 'logout-part' },
    h('div', {
      class: 'callout warn confirm', id: 'logout-confirm', role: 'group', tabindex: '-1',
      'aria-labelledby': 'logout-confirm-title',
    },
    h('strong', { id: 'logout-confirm-title' }, t('connect.logout_title', { user: login.user })),
    h('p', {}, t('connect.logout_body', { user: login.user, key: login.access_key_id })),
    h('div', { class: 'actions' },
      h('button', {
        type: 'button', id: 'logout-confirm-button', class: 'danger', disabled: busy,
        onclick: () => doLogout(ctx),
      }, busy ? spinner() : null, h('span', { 'data-i18n': 'connect.logout_confirm' })),
      h('button', {
        type: 'button', id: 'logout-cancel-button', disabled: busy,
        onclick: () => { view.logout = ''; redraw(); focusId('logout-button', true); },
      }, h('span', { 'data-i18n': 'common.cancel' })))),
    view.logoutError ? errorPanel(view.logoutError, 'logout-error') : null);
}

/** Forget the stored login; a connection made with it ends too (as Rust does). */
export async function doLogout(ctx) {
  view.logout = 'busy';
  view.logoutError = null;
  redraw();
  try {
    const gone = await api.logout();
    view.loggedOut = gone;
    if (ctx.store.identity?.login) ctx.store.identity = null;
    await reloadLogin(ctx.store);
    if (view.profile === LOGIN) view.profile = ENVIRONMENT;
    view.logout = '';
  } catch (err) {
    view.logoutError = err;
    view.logout = 'confirm';
  } finally {
    ctx.refresh();
    redraw();
    focusId(view.logoutError ? 'logout-confirm' : (view.loggedOut ? 'logout-done' : 'source-label'), true);
  }
}


async function doConnect(ctx) {
  view.busy = true;
  view.error = null;
  view.loggedOut = null;
  redraw();
  try {
    const mfaCode = view.mfaCode.trim() || null;
    view.mfaCode = '';
    const login = view.profile === LOGIN;
    ctx.store.identity = await api.connect({
      profile: login ? null : (view.profile || null), region: view.region || null, mfa_code: mfaCode, login,
    });
  } catch (err) {
    if (err.code !== 'cancelled') view.error = err;
    ctx.store.identity = null;
  } finally {
    view.busy = false;
    ctx.refresh();
    redraw();
  }
}

/** Called by the guide after its paste step connected: show the account, not the guide. */
export function connectedByGuide() {
  view.error = null;
  view.loggedOut = null;
  view.profile = LOGIN;
  view.picked = true;
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
      id.login ? row('identity.login', t('identity.login_value', { user: id.login }), { id: 'identity-login' }) : null,
      h('div', { class: 'row' }, h('dt', { 'data-i18n': 'identity.sign_in_url' }),
        h('dd', { class: 'sign-in-row' },
          h('span', { id: 'sign-in-url', class: 'mono wrap selectable' }, id.sign_in_url),
          consoleLink(id.sign_in_url, { id: 'sign-in-url-link', label: null, compact: true }))),
      row('identity.region', `${id.region} · ${has(`region.${id.region}`) ? t(`region.${id.region}`) : ''}`),
      row('identity.mfa_session', t(id.mfa_session ? 'identity.mfa_session_yes' : 'identity.mfa_session_no'), { id: 'mfa-session' }),
      id.endpoint ? row('identity.endpoint', id.endpoint, { class: 'mono' }) : null),
    id.alias_error ? h('p', { class: 'muted small' }, t('identity.alias_unreadable')) : null,
    nextStep(id));
}

/** Always one next step: the team, or (as root) the guide's admin-user step. */
function nextStep(id) {
  const root = id.principal === 'root';
  const text = root ? 'next.root' : (id.login && !id.mfa_session ? 'next.team_mfa' : 'next.team');
  return h('div', { class: 'next-step', id: 'next-step' },
    h('span', { class: 'next-label', 'data-i18n': 'next.label' }),
    h('span', { class: 'next-text', 'data-i18n': text }),
    h('button', {
      type: 'button', id: 'next-step-button', class: 'primary',
      onclick: () => (root ? openGuide('admin-user') : view.ctx.go('team')),
    }, h('span', { 'data-i18n': root ? 'next.root_button' : 'next.team_button' }), h('span', { 'aria-hidden': 'true' }, '→')));
}

function rootWarning() {
  return h('div', { class: 'callout danger', role: 'alert', id: 'root-warning' },
    h('strong', { 'data-i18n': 'root.title' }),
    h('p', { 'data-i18n': 'root.body' }));
}
