// @ts-check
// Server, database & domain: what AWS says — the checklist (items `infra_*`) and the
// connection card (ssh, the database tunnel, the key written to a file).

import * as api from '../api.js';
import { h, spinner } from '../dom.js';
import { t, has } from '../i18n.js';
import { errorPanel } from '../errors.js';
import { notConnected } from '../parts.js';
import { itemRow } from './members-state.js';
import { view, teamInfra, currentStatus, loadStatus, redrawLive, copyLine } from './infra-state.js';

/** The rows in groups: server, database, domain. */
const GROUPS = [
  { id: 'server', title: 'infra.server_title', term: 'term.ec2_instance', prefix: /^infra_(server|imds|disk|ssh|static_ip|key)/ },
  { id: 'database', title: 'infra.database_title', term: 'term.rds', prefix: /^infra_db_/ },
  { id: 'dns', title: 'infra.dns_title', term: 'term.route53', prefix: /^infra_(zone|delegation|a_record|record)/ },
];

/** The checklist card. */
export function livePart() {
  const { store } = view.ctx;
  if (!teamInfra(store)) return null;
  const data = view.statusLoading ? null : currentStatus(store);
  let body;
  if (!store.identity) body = notConnected('infra-status-connect', 'infra.status_needs_connect', view.ctx.go);
  else if (view.statusLoading) {
    body = h('p', { class: 'muted', id: 'infra-status-loading', role: 'status' }, spinner(), ' ',
      h('span', { 'data-i18n': 'infra.reading' }));
  } else if (view.statusError) body = errorPanel(view.statusError, 'infra-status-error');
  else if (!data) body = h('p', { class: 'muted', id: 'infra-status-none', 'data-i18n': 'infra.status_none' });
  else body = groups(data);
  return h('div', {},
    h('section', {
      class: 'card', id: 'infra-status', 'aria-busy': view.statusLoading ? 'true' : 'false',
      'aria-labelledby': 'infra-status-title',
    },
    h('div', { class: 'card-head' },
      h('h2', { id: 'infra-status-title', tabindex: '-1', 'data-i18n': 'infra.status_title' }),
      data ? h('span', { class: 'muted small' }, t('infra.stack_in', { stack: data.stack, region: data.region })) : null,
      h('span', { class: 'spacer' }),
      store.identity ? h('button', {
        type: 'button', id: 'infra-refresh', disabled: view.statusLoading, onclick: loadStatus,
      }, view.statusLoading ? spinner() : h('span', { 'aria-hidden': 'true' }, '↻'),
      h('span', { 'data-i18n': view.statusLoading ? 'checklist.reading' : 'checklist.refresh' })) : null),
    body),
    data?.card ? card(data.card, data.stack) : null);
}

function groups(data) {
  const at = new Date().toISOString();
  const used = new Set();
  const list = GROUPS.map((g) => {
    const rows = data.items.filter((i) => !used.has(i.id) && g.prefix.test(i.id));
    rows.forEach((i) => used.add(i.id));
    return { ...g, rows };
  });
  const other = data.items.filter((i) => !used.has(i.id));
  if (other.length) list.push({ id: 'other', title: 'account.group_other', term: '', prefix: /$^/, rows: other });
  if (!data.items.length) return h('p', { class: 'muted', 'data-i18n': 'infra.status_empty' });
  return h('div', { class: 'account-groups' },
    ...list.filter((g) => g.rows.length).map((g) => h('div', { class: 'account-group', id: `infra-group-${g.id}` },
      h('h3', {}, h('span', { 'data-i18n': g.title }), g.term ? h('span', { class: 'aws-term', 'data-i18n': g.term }) : null),
      h('ul', { class: 'checklist' }, ...g.rows.map((item) => row(item, at))))));
}

function row(item, at) {
  const id = `infra-check-${item.id}`;
  const a = item.action;
  let action = /** @type {HTMLElement|null} */ (null);
  if (a?.kind === 'apply') {
    action = h('button', { type: 'button', id: `${id}-plan`, onclick: () => view.ctx.go('plan') },
      h('span', { 'data-i18n': 'checklist.open_plan' }));
  } else if ((a?.kind === 'confirm' && a.step === 'registrar') || (a?.kind === 'guide' && a.guide === 'registrar')) {
    action = h('button', { type: 'button', id: `${id}-guide`, onclick: () => jumpTo('infra-registrar') },
      h('span', { 'data-i18n': 'infra.open_registrar' }));
  } else if (a?.kind === 'handoff') {
    action = h('button', { type: 'button', id: `${id}-secrets`, onclick: () => view.ctx.go('secrets') },
      h('span', { 'data-i18n': 'infra.open_secrets' }));
  }
  // The live delegation check in words (the core's detail is English).
  const d = item.id === 'infra_delegation' ? currentStatus(view.ctx.store)?.delegation : null;
  const shown = d ? { ...item, detail: null } : { ...item, detail: stateWords(item.detail) };
  const extra = d && !d.ok && a?.kind !== 'confirm'
    ? [h('span', { class: 'cl-evidence cl-detail', id: `${id}-detail` }, delegationText(d))] : [];
  return itemRow(shown, { id, readAt: at, action, extra });
}

/** AWS's state words inside a detail ("i-0ab… running") in the window's language. */
function stateWords(detail) {
  if (!detail) return detail;
  return detail.replace(/\b(pending|running|stopping|stopped|shutting-down|terminated|available|creating|deleting|modifying|backing-up)\b/g,
    (w) => { const key = `infra.aws_state.${w.replace(/-/g, '_')}`; return has(key) ? t(key) : w; });
}

/** "Not found yet: ns-1…, ns-2…; wrong: …" from the live check. */
export function delegationText(d) {
  const strip = (l) => (l ?? []).map((s) => s.replace(/\.$/, '')).join(', ');
  const parts = [];
  if (d.missing?.length) parts.push(t('infra.delegation_missing', { names: strip(d.missing) }));
  if (d.wrong?.length) parts.push(t('infra.delegation_wrong', { names: strip(d.wrong) }));
  return parts.join(' ');
}

/** Scroll a part into view and give it the focus. @param {string} id */
export function jumpTo(id) {
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({ block: 'start' });
  el.focus();
}

// ---------------------------------------------------------------------------------------
// The connection card

function card(c, stack) {
  const db = c.database;
  return h('section', { class: 'card', id: 'infra-card', 'aria-labelledby': 'infra-card-title' },
    h('h2', { id: 'infra-card-title' }, h('span', { 'data-i18n': 'infra.card_title' }),
      h('span', { class: 'aws-term', 'data-i18n': 'term.connect_ssh' })),
    h('dl', { class: 'facts' },
      h('dt', { 'data-i18n': 'infra.card_host' }), h('dd', {}, copyLine('infra-card-host', c.host)),
      h('dt', { 'data-i18n': 'infra.card_user' }), h('dd', { class: 'mono' }, c.user)),
    keySave(stack, c.key_file),
    h('h3', { 'data-i18n': 'infra.card_ssh' }),
    copyLine('infra-card-ssh', c.ssh),
    db ? h('div', { id: 'infra-card-db' },
      h('h3', {}, h('span', { 'data-i18n': 'infra.card_db' }), h('span', { class: 'aws-term', 'data-i18n': 'term.endpoint' })),
      h('dl', { class: 'facts' },
        h('dt', { 'data-i18n': 'infra.card_endpoint' }), h('dd', {}, copyLine('infra-card-endpoint', db.endpoint)),
        h('dt', { 'data-i18n': 'infra.card_port' }), h('dd', { class: 'mono' }, String(db.port)),
        h('dt', { 'data-i18n': 'infra.card_db_user' }), h('dd', { class: 'mono' }, db.user),
        h('dt', { 'data-i18n': 'infra.card_password' }),
        h('dd', { id: 'infra-card-password' }, t(db.password === 'aws-managed' ? 'infra.card_password_aws' : 'infra.card_password_keychain'))),
      h('p', { class: 'small', 'data-i18n': 'infra.card_tunnel_help' }),
      copyLine('infra-card-tunnel', db.tunnel),
      h('p', { class: 'small', 'data-i18n': 'infra.card_client_help' }),
      copyLine('infra-card-client', db.client),
      db.password !== 'aws-managed'
        ? h('div', { class: 'actions' }, h('button', { type: 'button', id: 'infra-card-secrets', onclick: () => view.ctx.go('secrets') },
          h('span', { 'data-i18n': 'infra.open_secrets' })))
        : null) : null);
}

/** "Save the key to a file": a name (to ~/.ssh) or a path, written 0600. */
function keySave(stack, keyFile) {
  if (!view.keyPath) view.keyPath = `baseline-${stack}`;
  const input = h('input', {
    type: 'text', id: 'infra-key-path', autocomplete: 'off', spellcheck: 'false', class: 'wide-input',
    'aria-describedby': 'infra-key-help',
    oninput: (e) => { view.keyPath = e.target.value; },
  });
  /** @type {HTMLInputElement} */ (input).value = view.keyPath;
  return h('div', { class: 'field wide', id: 'infra-key' },
    h('label', { for: 'infra-key-path' }, h('span', { 'data-i18n': 'infra.key_label' }),
      h('span', { class: 'aws-term', 'data-i18n': 'term.key_pair' })),
    h('div', { class: 'add-row' }, input,
      h('button', { type: 'button', id: 'infra-key-save', disabled: view.keySaving, onclick: saveKey },
        view.keySaving ? spinner() : null, h('span', { 'data-i18n': 'infra.key_save' }))),
    h('p', { id: 'infra-key-help', class: 'muted small' }, t('infra.key_help', { file: keyFile })),
    view.keySaved ? h('p', { class: 'ok-note small', id: 'infra-key-saved', role: 'status' },
      t('infra.key_saved', { path: view.keySaved })) : null,
    view.keyError ? errorPanel(view.keyError, 'infra-key-error') : null);
}

async function saveKey() {
  view.keySaving = true;
  view.keyError = null;
  view.keySaved = null;
  redrawLive();
  try {
    view.keySaved = await api.infraKeySave(view.keyPath);
  } catch (err) {
    view.keyError = err;
  }
  view.keySaving = false;
  redrawLive();
  document.getElementById(view.keyError ? 'infra-key-path' : 'infra-key-saved')?.focus();
}
