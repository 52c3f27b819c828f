// @ts-check
// Account: the account's own checklist, read live from AWS — the root mailbox and the
// account itself (manual steps), the root user's MFA and keys, the password policy, alias
// and user groups, and the billing guard. Each row has the one action that fixes it.

import * as api from '../api.js';
import { h, spinner, focusId } from '../dom.js';
import { consoleLink } from '../links.js';
import {
  checks, currentChecklists, loadChecklists, accountStatus, refreshNav, itemRow,
  refreshButton, readAt, readProblem, readingLine,
} from './members-state.js';
import { redrawInto } from '../parts.js';
import { inputErrorPanel } from '../errors.js';

/** The rows in groups, in the order of the walk. */
const GROUPS = [
  { id: 'setup', title: 'account.group_setup', term: 'term.setup', items: ['mailbox_created', 'account_created'] },
  { id: 'root', title: 'account.group_root', term: 'term.root_user', items: ['root_mfa', 'no_root_keys'] },
  { id: 'iam', title: 'account.group_iam', term: 'term.iam_settings', items: ['password_policy', 'alias', 'groups'] },
  {
    id: 'billing', title: 'account.group_billing', term: 'term.billing_title',
    items: ['billing_alerts', 'alarm', 'emails_confirmed', 'budget'],
  },
];

/** Where the root user assigns an MFA device (opened in the browser on request). */
const SECURITY_CREDENTIALS_URL = 'https://console.aws.amazon.com/iam/home#/security_credentials';

/** The root MFA guide, step by step (AWS allows it only in the console). */
const ROOT_MFA_STEPS = [
  'account.guide.sign_in', 'account.guide.menu', 'account.guide.assign', 'account.guide.app',
  'account.guide.scan', 'account.guide.codes',
];

/** Screen-local state kept across re-renders (language switch, navigation). */
const view = {
  /** @type {HTMLElement|null} */ body: null,
  ctx: /** @type {import('../app.js').Ctx} */ (/** @type {unknown} */ (null)),
  /** @type {Set<string>} guides shown (by name) */ guides: new Set(),
  /** @type {Set<string>} manual steps being recorded */ marking: new Set(),
  /** @type {Map<string, import('../api.js').AppError>} step → why recording failed */ markErrors: new Map(),
};

/** Sidebar dot: red if anything needs attention, to do while a row is to do or manual. */
export const status = accountStatus;

export function render(main, ctx) {
  view.ctx = ctx;
  checks.ctx = ctx;
  checks.redraw = draw;
  if (ctx.opened) view.markErrors.clear();
  view.body = h('div', { id: 'account-part' });
  main.append(h('div', { class: 'screen account-screen' },
    h('h1', {}, h('span', { 'data-i18n': 'account.title' }),
      h('span', { class: 'aws-term', 'data-i18n': 'term.account' })),
    h('p', { class: 'lead', 'data-i18n': 'account.lead' }),
    view.body));
  draw();
  const current = currentChecklists(ctx.store);
  if (!checks.loading && (ctx.opened || (!current && !checks.error))) loadChecklists();
}

function draw() {
  redrawInto(view.body, card);
}

/** The checklist card (or why it cannot be read). */
function card() {
  const { store } = view.ctx;
  // While reading again nothing old is shown: the answer may be for another account or team.
  const data = checks.loading ? null : currentChecklists(store);
  let body = readProblem('account', view.ctx.go);
  if (!body && data) body = groups(data);
  else if (!body && !checks.loading) body = h('p', { class: 'muted', 'data-i18n': 'checklist.not_read' });
  return h('section', {
    class: 'card', id: 'account-checklist', 'aria-busy': checks.loading ? 'true' : 'false',
    'aria-labelledby': 'account-checklist-title',
  },
  h('div', { class: 'card-head' },
    h('h2', { id: 'account-checklist-title', tabindex: '-1', 'data-i18n': 'account.checklist_title' }),
    h('span', { class: 'spacer' }), readAt('account-read-at', data), refreshButton('account-refresh')),
  readingLine('account-loading'),
  body);
}

/** The rows under their headings; rows Baseline does not know yet go last. */
function groups(data) {
  const known = new Set(GROUPS.flatMap((g) => g.items));
  const other = data.account.filter((i) => !known.has(i.id));
  const list = GROUPS.map((g) => ({ ...g, rows: g.items.map((id) => data.account.find((i) => i.id === id)).filter(Boolean) }));
  if (other.length) list.push({ id: 'other', title: 'account.group_other', term: /** @type {any} */ (null), items: [], rows: other });
  return h('div', { class: 'account-groups' },
    ...list.filter((g) => g.rows.length).map((g) => h('div', { class: 'account-group', id: `account-group-${g.id}` },
      h('h3', {}, h('span', { 'data-i18n': g.title }), g.term ? h('span', { class: 'aws-term', 'data-i18n': g.term }) : null),
      h('ul', { class: 'checklist' }, ...g.rows.map((item) => row(item, data.read_at))))));
}

/** One row with its action: a button on the right, or what to read under the title. */
function row(item, at) {
  const id = `account-check-${item.id}`;
  const a = item.action;
  let action = /** @type {HTMLElement|null} */ (null);
  const extra = [];
  if (a?.kind === 'apply') {
    action = goButton(`${id}-plan`, 'plan', 'checklist.open_plan');
  } else if (a?.kind === 'resend') {
    action = goButton(`${id}-billing`, 'billing', 'checklist.open_billing');
  } else if (a?.kind === 'confirm') {
    const step = a.step;
    const busy = view.marking.has(step);
    action = h('button', {
      type: 'button', id: `${id}-mark`, disabled: busy, onclick: () => markDone(step, item, id),
    }, busy ? spinner() : null, h('span', { 'data-i18n': 'checklist.mark_done' }));
    const err = view.markErrors.get(step);
    if (err) extra.push(inputErrorPanel(err, `${id}-error`));
  } else if (a?.kind === 'guide') {
    const name = a.guide;
    const open = view.guides.has(name);
    const guideId = `${name.replace(/[^A-Za-z0-9]/g, '-')}-guide`;
    action = h('button', {
      type: 'button', id: `${id}-guide`, 'aria-expanded': open ? 'true' : 'false', 'aria-controls': guideId,
      onclick: () => toggleGuide(name, guideId),
    }, h('span', { 'data-i18n': open ? 'checklist.hide_guide' : 'checklist.show_guide' }));
    if (open) extra.push(guide(name, guideId));
  } else if (a?.kind === 'console') {
    extra.push(h('span', { class: 'cl-evidence' }, consoleLink(a.url, { id: `${id}-console` })));
  }
  return itemRow(item, { id, readAt: at, action, extra });
}

function goButton(id, screen, label) {
  return h('button', { type: 'button', id, onclick: () => view.ctx.go(screen) }, h('span', { 'data-i18n': label }));
}

function toggleGuide(name, guideId) {
  if (view.guides.has(name)) view.guides.delete(name);
  else view.guides.add(name);
  draw();
  if (view.guides.has(name)) focusId(guideId);
}

/** The step-by-step guide of a console-only task (only root MFA has one today). */
function guide(name, id) {
  if (name !== 'root_mfa') return null;
  return h('div', { class: 'guide', id, tabindex: '-1', role: 'region', 'aria-labelledby': `${id}-title` },
    h('strong', { id: `${id}-title`, 'data-i18n': 'account.guide.title' }),
    h('p', { class: 'small', 'data-i18n': 'account.guide.why' }),
    h('ol', { class: 'guide-steps' }, ...ROOT_MFA_STEPS.map((key) => h('li', { 'data-i18n': key }))),
    h('p', { class: 'small' }, consoleLink(SECURITY_CREDENTIALS_URL, { id: 'root-mfa-console-url' })),
    h('p', { class: 'muted small', 'data-i18n': 'account.guide.after' }));
}

/** Record a manual step; the row turns done at once (the next read agrees). */
async function markDone(step, item, rowId) {
  if (view.marking.has(step)) return;
  view.marking.add(step);
  view.markErrors.delete(step);
  draw();
  try {
    const when = await api.manualStepDone(step);
    Object.assign(item, { state: 'done', detail: when, action: null });
    refreshNav();
  } catch (err) {
    view.markErrors.set(step, err);
  } finally {
    view.marking.delete(step);
    draw();
  }
  focusId(view.markErrors.has(step) ? `${rowId}-mark` : rowId);
}
