// @ts-check
// Members: one row per team member with their checklist at a glance (read live from AWS),
// and a page per member with the full checklist and what the lead does at their desk —
// enrol MFA (members-mfa.js), hand off, reset the password, remove MFA, offboard
// (members-page.js). The state shared with the Account screen is in members-state.js.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import {
  checks, mv, MEMBER_ITEMS, currentChecklists, loadChecklists, membersStatus, memberState,
  checkTitle, stateLabel, helpText, detailText, refreshButton, readAt, readProblem, readingLine, safeId,
} from './members-state.js';
import { ICONS, redrawInto } from '../parts.js';
import { memberPage, openMember } from './members-page.js';
import { attachHandoff, closeOwnHandoff } from './members-page-actions.js';
import { mfaPart, closeMfa } from './members-mfa.js';

/** Sidebar dot: red if a member needs attention, to do while anything is to do. */
export const status = membersStatus;

export function render(main, ctx) {
  mv.ctx = ctx;
  checks.ctx = ctx;
  checks.redraw = drawMain;
  // Navigating here anew: no dialog, confirmation or note lingers.
  if (ctx.opened) {
    if (mv.mfa) closeMfa(false);
    closeOwnHandoff();
    Object.assign(mv, {
      selected: null, confirm: '', typed: '', actionError: null, note: null, offboarded: null, cancelError: null,
      offboardExtra: null,
    });
  }
  mv.parts = {
    main: h('div', { id: 'members-main' }),
    dialog: h('div', { id: 'members-dialog-part' }),
    handoff: h('div', { id: 'members-handoff-part' }),
  };
  mv.content = h('div', { id: 'members-content' }, mv.parts.main);
  mv.root = h('div', { class: 'screen members-screen' },
    mv.content,
    // The handoff dialog announces here (it is the Secrets screen's, reused).
    h('p', { id: 'secrets-announce', class: 'sr-only', role: 'status', 'aria-live': 'polite' }),
    mv.parts.dialog, mv.parts.handoff);
  mv.draw = { main: drawMain, dialog: drawDialog };
  main.append(mv.root);
  drawMain();
  drawDialog();
  if (mv.handoff) attachHandoff();
  const current = currentChecklists(ctx.store);
  if (!checks.loading && (ctx.opened || (!current && !checks.error))) loadChecklists();
}

function drawMain() {
  redrawInto(mv.parts.main, () => {
    const data = currentChecklists(mv.ctx.store);
    const m = mv.selected && data ? data.members.find((x) => x.user === mv.selected) : null;
    if (mv.selected && data && !m) mv.selected = null;
    // While reading again the table shows nothing old (the member page keeps its head).
    if (m && data) return memberPage(m, data);
    return tableView(checks.loading ? null : data);
  });
}

function drawDialog() {
  redrawInto(mv.parts.dialog, mfaPart);
}

// ---------------------------------------------------------------------------------------
// The table

function tableView(data) {
  let body = readProblem('members', mv.ctx.go);
  if (!body && data) body = data.members.length ? table(data) : empty();
  else if (!body && !checks.loading) body = h('p', { class: 'muted', 'data-i18n': 'checklist.not_read' });
  return h('div', {},
    h('h1', {}, h('span', { 'data-i18n': 'members.title' }),
      h('span', { class: 'aws-term', 'data-i18n': 'term.members' })),
    h('p', { class: 'lead', 'data-i18n': 'members.lead' }),
    ownMfaNote(mv.ctx.store.identity),
    h('section', {
      class: 'card', id: 'members-card', 'aria-busy': checks.loading ? 'true' : 'false',
      'aria-labelledby': 'members-card-title',
    },
    h('div', { class: 'card-head' },
      h('h2', { id: 'members-card-title', tabindex: '-1', 'data-i18n': 'members.table_title' }),
      h('span', { class: 'spacer' }), readAt('members-read-at', data), refreshButton('members-refresh')),
    readingLine('members-loading'),
    body));
}

/** Connected as an IAM user without an MFA session: groups that require MFA would shut
 * the lead out, so their own MFA comes first, then a reconnect with its code. */
function ownMfaNote(identity) {
  if (!identity || identity.principal !== 'user' || identity.mfa_session) return null;
  const user = identity.arn.split('/').pop();
  return h('div', { class: 'callout info', id: 'members-own-mfa', role: 'note' },
    h('strong', {}, t('members.own_mfa_title', { user })),
    h('p', { 'data-i18n': 'members.own_mfa_body' }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'members-own-mfa-connect', onclick: () => mv.ctx.go('connect') },
        h('span', { 'data-i18n': 'plan.lockout_connect' }))));
}

function empty() {
  return h('div', { class: 'callout info', id: 'members-empty', role: 'status' },
    h('strong', { 'data-i18n': 'members.empty' }),
    h('p', { 'data-i18n': 'members.empty_help' }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'members-open-team', onclick: () => mv.ctx.go('team') },
        h('span', { 'data-i18n': 'plan.open_team' }))));
}

/** The columns: the member items any member has, in the order of the walk. */
function columns(data) {
  const present = new Set(data.members.flatMap((m) => m.items.map((i) => i.id)));
  const known = MEMBER_ITEMS.filter((id) => present.has(id));
  return [...known, ...[...present].filter((id) => !MEMBER_ITEMS.includes(id))];
}

function table(data) {
  const cols = columns(data);
  return h('div', { class: 'table-wrap' },
    h('table', { id: 'members-table', class: 'status-table' },
      h('caption', { class: 'sr-only', 'data-i18n': 'members.table_caption' }),
      h('colgroup', {}, h('col', { class: 'col-member' }), ...cols.map(() => h('col', { class: 'col-check' })),
        h('col', { class: 'col-open' })),
      h('thead', {},
        h('tr', {},
          h('th', { scope: 'col', 'data-i18n': 'members.col_member' }),
          ...cols.map((id) => h('th', { scope: 'col', class: 'check-col', dataset: { check: id }, title: checkTitle(id) },
            t(`members.col.${id}`))),
          h('th', { scope: 'col' }, h('span', { class: 'sr-only', 'data-i18n': 'members.col_open' })))),
      h('tbody', {}, ...data.members.map((m) => memberRow(m, cols)))));
}

function memberRow(m, cols) {
  const rid = `members-row-${safeId(m.user)}`;
  const who = m.name ? `${m.name} (${m.user})` : m.user;
  return h('tr', {
    id: rid, class: 'member-row', dataset: { user: m.user, state: memberState(m) },
    onclick: (e) => { if (!e.target.closest('button')) openMember(m.user); },
  },
  h('th', { scope: 'row', class: 'member-cell' },
    h('span', { class: 'member-name' }, m.name ?? m.user),
    m.name ? h('span', { class: 'mono muted small member-user' }, m.user) : null),
  ...cols.map((id) => cell(m, id)),
  h('td', { class: 'open-cell' },
    h('button', {
      type: 'button', id: `${rid}-open`, dataset: { action: 'open' }, 'aria-label': t('members.open_label', { member: who }),
      onclick: () => openMember(m.user),
    }, h('span', { 'data-i18n': 'members.open' }), h('span', { 'aria-hidden': 'true' }, '›'))));
}

/** A compact cell: the state's symbol, its meaning for screen readers, and a title explaining it. */
function cell(m, id) {
  const item = m.items.find((i) => i.id === id);
  if (!item) {
    return h('td', { class: 'state-cell', dataset: { check: id, state: 'none' }, title: t('members.not_applicable') },
      h('span', { class: 'cell-none', 'aria-hidden': 'true' }, '–'),
      h('span', { class: 'sr-only' }, t('members.not_applicable')));
  }
  const lines = [`${checkTitle(id)}: ${stateLabel(item.state)}`, helpText(item), detailText(item)].filter(Boolean);
  return h('td', { class: 'state-cell', dataset: { check: id, state: item.state }, title: lines.join('\n') },
    h('span', { class: `cl-icon cell-icon state-${item.state}`, 'aria-hidden': 'true' }, ICONS[item.state] ?? '?'),
    h('span', { class: 'sr-only' }, `${checkTitle(id)}: ${stateLabel(item.state)}`));
}
