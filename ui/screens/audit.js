// @ts-check
// Audit: the security check-up — the IAM checks of the CIS AWS Foundations Benchmark that
// AWS's APIs can answer, read from the connected account (it changes nothing), with a score
// to track, the names that fail each check, and how to fix them.

import * as api from '../api.js';
import { h, spinner } from '../dom.js';
import { t, has } from '../i18n.js';
import { consoleLink } from '../links.js';
import { errorPanel } from '../errors.js';
import { dateTime } from '../format.js';
import { notConnected, navRefresher, redrawInto } from '../parts.js';

/** A symbol per outcome, so colour is never the only sign. */
const MARKS = { pass: '✓', fail: '!', manual: '✎' };
/** The checklist state an outcome looks like (same colours as every checklist). */
const STATES = { pass: 'done', fail: 'attention', manual: 'manual' };

const IAM = 'https://console.aws.amazon.com/iam/home#';
/** The root user's own page (MFA, access keys), reached signed in as root. */
const ROOT_CREDENTIALS_URL = `${IAM}/security_credentials`;
const ACCESS_ANALYZER_URL = 'https://console.aws.amazon.com/access-analyzer/home';
/** How many affected names get their own console link before the list page is offered. */
const MAX_NAME_LINKS = 5;

/**
 * How each check is fixed: `screen` a Baseline screen that fixes it (button), `guide` the
 * i18n key of the console step, `url` its console page, `names` the tab of each affected
 * user's (or group's) console page. Every failing or manual check has at least one of them.
 */
const FIXES = {
  root_access_keys: { screen: 'account', guide: 'audit.guide.root', url: ROOT_CREDENTIALS_URL },
  root_mfa: { screen: 'account', guide: 'audit.guide.root', url: ROOT_CREDENTIALS_URL },
  password_length: { screen: 'team' },
  password_reuse: { screen: 'team' },
  console_users_mfa: { screen: 'members' },
  keys_at_setup: { guide: 'audit.guide.credentials', names: 'security_credentials' },
  unused_credentials: { screen: 'members', guide: 'audit.guide.credentials', names: 'security_credentials' },
  one_active_key: { guide: 'audit.guide.credentials', names: 'security_credentials' },
  keys_rotated: { guide: 'audit.guide.credentials', names: 'security_credentials' },
  permissions_through_groups: { guide: 'audit.guide.permissions', names: 'permissions' },
  no_full_admin: { screen: 'team', guide: 'audit.guide.permissions', names: 'permissions' },
  support_role: { action: 'support_role' },
  access_analyzer: { action: 'access_analyzer', guide: 'audit.guide.access_analyzer', url: ACCESS_ANALYZER_URL },
};

/** Screen-local state kept across re-renders (language switch, navigation). */
const view = {
  /** @type {HTMLElement|null} */ root: null,
  ctx: /** @type {import('../app.js').Ctx} */ (/** @type {unknown} */ (null)),
  running: false,
  seq: 0,
  /** @type {import('../api.js').AppError|null} */ error: null,
  lastStatus: '',
  /** The check whose fix is running (`support_role`, `access_analyzer`), or ''. */
  fixing: '',
  /** @type {Record<string, import('../api.js').AppError>} a fix's error, by check id */ fixErrors: {},
  /** @type {Record<string, string>} what a fix did (i18n text), by check id */ notes: {},
};

/**
 * The last check-up, if it was run on the account connected now.
 * @param {import('../app.js').Store} store @returns {import('../api.js').Audit|null}
 */
function currentAudit(store) {
  const last = store.audit;
  if (!last || !store.identity || last.account_id !== store.identity.account_id) return null;
  return last;
}

/** Sidebar dot: to do before the first run, red while a check fails, green at 100. */
export function status(store) {
  const audit = currentAudit(store);
  if (!audit) return 'todo';
  if (audit.failed > 0) return 'attention';
  return audit.score >= 100 ? 'done' : 'todo';
}

export function render(main, ctx) {
  view.ctx = ctx;
  view.root = h('div', { class: 'screen audit-screen' });
  main.append(view.root);
  draw();
}

/** Draw the screen again, keeping the keyboard focus where it was. */
function draw() {
  redrawInto(view.root, parts);
}

async function run() {
  if (view.running) return;
  const { store } = view.ctx;
  const seq = ++view.seq;
  view.running = true;
  view.error = null;
  draw();
  try {
    const audit = await api.auditRun();
    if (seq !== view.seq) return;
    store.audit = audit;
  } catch (err) {
    if (seq !== view.seq) return;
    view.error = err;
    if (err.code === 'not_connected') store.audit = null;
  }
  view.running = false;
  refreshNav();
  draw();
}

/** Redraw the sidebar only when this screen's dot changes. */
const refreshNav = navRefresher(view, status);

// ---------------------------------------------------------------------------------------
// Layout

function parts() {
  const audit = currentAudit(view.ctx.store);
  return [
    h('h1', {}, h('span', { 'data-i18n': 'audit.title' }),
      h('span', { class: 'aws-term', 'data-i18n': 'term.cis' })),
    h('p', { class: 'lead', 'data-i18n': 'audit.lead' }),
    scoreCard(audit),
    view.error ? problem(view.error) : null,
    audit ? checksCard(audit) : null,
  ].filter(Boolean);
}


function scoreCard(audit) {
  const answered = audit ? audit.passed + audit.failed : 0;
  const manual = audit ? audit.checks.filter((c) => c.outcome === 'manual').length : 0;
  const level = !audit ? 'none' : audit.failed ? 'attention' : 'done';
  const runButton = h('button', {
    type: 'button', id: 'audit-run', class: audit ? null : 'primary', disabled: view.running || Boolean(view.fixing),
    onclick: () => { view.notes = {}; view.fixErrors = {}; run(); },
  }, view.running ? spinner() : h('span', { 'aria-hidden': 'true' }, '↻'),
  h('span', { 'data-i18n': view.running ? 'audit.running' : audit ? 'audit.run_again' : 'audit.run' }));
  const when = audit && !view.running
    ? h('span', { class: 'muted small', id: 'audit-read-at' }, t('audit.read_at', { time: dateTime(audit.read_at) }))
    : null;
  return h('section', {
    class: 'card audit-score-card', id: 'audit-score-card', 'aria-busy': view.running ? 'true' : 'false',
    'aria-labelledby': 'audit-score-title',
  },
  h('div', { class: 'audit-score-row' },
    h('div', { class: `audit-score score-${level}`, id: 'audit-score', dataset: { score: audit ? String(audit.score) : '' } },
      h('span', { class: 'score-mark', 'aria-hidden': 'true' }, audit ? (audit.failed ? '!' : '✓') : '–'),
      h('span', { class: 'score-number' }, audit ? String(audit.score) : '—'),
      h('span', { class: 'score-of', 'aria-hidden': 'true' }, '/100'),
      h('span', { class: 'score-text' },
        h('strong', { id: 'audit-score-title' }, audit
          ? t('audit.passing', { passed: audit.passed, total: answered })
          : t('audit.not_run')),
        audit && manual ? h('span', { class: 'muted small' }, t('audit.manual_count', { count: manual })) : null,
        audit ? null : h('span', { class: 'muted small', 'data-i18n': 'audit.not_run_help' }))),
    h('span', { class: 'spacer' }),
    h('div', { class: 'audit-run-box' }, runButton, when)),
  view.running
    ? h('p', { class: 'muted', id: 'audit-loading', role: 'status' }, spinner(), ' ',
      h('span', { 'data-i18n': 'audit.running_help' }))
    : null);
}

function problem(err) {
  if (err.code === 'not_connected') return notConnected('audit-not-connected', 'audit.not_connected_help', view.ctx.go);
  return errorPanel(err, 'audit-error');
}

function checksCard(audit) {
  return h('section', { class: 'card', id: 'audit-checks-card', 'aria-labelledby': 'audit-checks-title' },
    h('h2', { id: 'audit-checks-title', 'data-i18n': 'audit.checks_title' }),
    h('p', { class: 'muted small', 'data-i18n': 'audit.checks_help' }),
    h('ul', { class: 'checklist audit-checks', id: 'audit-checks' }, ...audit.checks.map(checkRow)));
}

/**
 * The root user, the password policy, "group pm", "user kim" in the window's language (names in mono).
 * @param {import('../api.js').Affected} a
 */
function affectedName(a) {
  const words = (text) => h('span', { class: 'affected-name' }, text);
  const named = (key, who) => h('span', { class: 'affected-name' }, t(key), ' ', h('span', { class: 'mono' }, who));
  switch (a.kind) {
    case 'root': return words(t('audit.affected.root'));
    case 'password_policy': return words(t('audit.affected.password_policy'));
    case 'no_support_role': return words(t('audit.affected.no_support_role'));
    case 'group': return named('audit.affected.group', a.name);
    case 'user': return named('audit.affected.user', a.name);
    default: return h('span', { class: 'affected-name mono' }, JSON.stringify(a));
  }
}

/** One check: the CIS number, its title, the outcome's mark, who fails it and the fix. */
function checkRow(c) {
  const state = STATES[c.outcome] ?? 'manual';
  const title = has(`audit.${c.id}.title`) ? t(`audit.${c.id}.title`) : c.id;
  const fix = has(`audit.${c.id}.fix`) ? t(`audit.${c.id}.fix`) : c.fix;
  const rid = rowId(c.id);
  const open = c.outcome !== 'pass';
  const how = FIXES[c.id] ?? {};
  const note = view.notes[c.id];
  const fixError = view.fixErrors[c.id];
  return h('li', { class: `cl-row cl-${state} audit-row`, id: rid, dataset: { cis: c.cis, outcome: c.outcome, check: c.id } },
    h('span', { class: `cl-icon state-${state}`, 'aria-hidden': 'true' }, MARKS[c.outcome] ?? '?'),
    h('div', { class: 'cl-body' },
      h('span', { class: 'cl-title' },
        h('span', { class: 'audit-cis mono' }, `CIS ${c.cis}`), ' ',
        h('span', {}, title)),
      h('span', { class: `audit-outcome outcome-${c.outcome}` }, t(`audit.outcome.${c.outcome}`)),
      c.confirmed
        ? h('span', { class: 'cl-evidence', id: `${rid}-confirmed` }, t('audit.confirmed', { time: when(c.confirmed) }))
        : null,
      c.affected.length
        ? h('span', { class: 'cl-evidence audit-affected', id: `${rid}-affected` },
          h('span', {}, t('audit.affected_label')), ' ',
          ...c.affected.flatMap((name, i) => [i ? ', ' : '', affectedName(name)]))
        : null,
      open ? h('span', { class: 'cl-help audit-fix', id: `${rid}-fix` }, fix) : null,
      open ? guide(c, how, rid) : null,
      note ? h('p', { class: 'sent-note small', id: `${rid}-note`, role: 'status', tabindex: '-1' }, note) : null,
      fixError ? errorPanel(fixError, `${rid}-error`) : null),
    h('div', { class: 'cl-action' }, open ? actionButton(c, how, rid) : null));
}

const rowId = (id) => `audit-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** A date and time in the window's language. */
const when = dateTime;

/** The button on the right: a fix Baseline does, or the screen where it is done. */
function actionButton(c, how, rid) {
  const busy = view.fixing === c.id;
  if (how.action === 'support_role') {
    return h('button', {
      type: 'button', id: `${rid}-create`, class: 'primary', disabled: Boolean(view.fixing) || view.running,
      'aria-describedby': `${rid}-what`, onclick: createSupportRole,
    }, busy ? spinner() : null, h('span', { 'data-i18n': busy ? 'audit.support_role.creating' : 'audit.support_role.button' }));
  }
  if (how.action === 'access_analyzer') {
    return h('button', {
      type: 'button', id: `${rid}-done`, disabled: Boolean(view.fixing) || view.running,
      'aria-describedby': `${rid}-fix`, onclick: confirmAccessAnalyzer,
    }, busy ? spinner() : null, h('span', { 'data-i18n': busy ? 'audit.access_analyzer.saving' : 'audit.access_analyzer.done' }));
  }
  if (!how.screen) return null;
  return h('button', { type: 'button', id: `${rid}-open`, onclick: () => view.ctx.go(how.screen) },
    h('span', { 'data-i18n': `audit.open.${how.screen}` }));
}

/** The console step: what to do there and the page(s) to open. */
function guide(c, how, rid) {
  if (how.action === 'support_role') {
    return h('span', { class: 'cl-evidence', id: `${rid}-what` }, t('audit.support_role.what', { role: SUPPORT_ROLE }));
  }
  const links = [];
  if (how.url) links.push(consoleLink(how.url, { id: `${rid}-console` }));
  if (how.names) links.push(nameLinks(c, how.names, rid));
  if (!how.guide && !links.length) return null;
  return h('div', { class: 'audit-guide', id: `${rid}-guide` },
    how.guide ? h('span', { class: 'small' }, t(how.guide)) : null,
    ...links.filter(Boolean));
}

/** One console link per affected user or group (the first few), then the list page. */
function nameLinks(c, tab, rid) {
  const pages = c.affected.map((a) => {
    if (a.kind === 'group') return { name: a, url: `${IAM}/groups/details/${encodeURIComponent(a.name)}?section=${tab}` };
    if (a.kind === 'user') return { name: a, url: `${IAM}/users/details/${encodeURIComponent(a.name)}?section=${tab}` };
    return null;
  }).filter((p) => p !== null);
  if (!pages.length) return null;
  const shown = pages.slice(0, MAX_NAME_LINKS);
  return h('ul', { class: 'audit-links' },
    ...shown.map((p, i) => h('li', {},
      affectedName(p.name),
      consoleLink(p.url, { id: `${rid}-page-${i}`, label: null, compact: true }))),
    pages.length > shown.length
      ? h('li', {}, h('span', { class: 'small' }, t('audit.more_names', { count: pages.length - shown.length })),
        consoleLink(`${IAM}/users`, { id: `${rid}-page-list`, label: null, compact: true }))
      : null);
}

const SUPPORT_ROLE = 'BaselineAWSSupport';

/** CIS 1.17 on a click: create the support role, then check again. */
async function createSupportRole() {
  await fixThen('support_role', async () => {
    const role = await api.auditSupportRole();
    return t('audit.support_role.done', { role: role || SUPPORT_ROLE });
  });
}

/** CIS 1.20: the lead says Access Analyzer is on; it is recorded, then checked again. */
async function confirmAccessAnalyzer() {
  await fixThen('access_analyzer', async () => {
    await api.manualStepDone('access_analyzer');
    return t('audit.access_analyzer.recorded');
  });
}

/** Run a fix with its spinner, show what it did or its error, then run the audit again. */
async function fixThen(id, work) {
  if (view.fixing || view.running) return;
  view.fixing = id;
  delete view.fixErrors[id];
  delete view.notes[id];
  draw();
  let ok = false;
  try {
    view.notes[id] = await work();
    ok = true;
  } catch (err) {
    view.fixErrors[id] = err;
  }
  view.fixing = '';
  if (ok) await run();
  else draw();
  const target = document.getElementById(`${rowId(id)}-${ok ? 'note' : 'error'}`);
  if (target) {
    target.setAttribute('tabindex', '-1');
    target.focus();
  }
}
