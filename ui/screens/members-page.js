// @ts-check
// Members screen: one member's page — their full checklist, and what the lead does for them:
// enrol MFA (the dialog is in members-mfa.js), hand off their access (the Secrets screen's
// dialog, reused), reset their password, remove a lost MFA device, offboard. Everything
// that cannot be undone is confirmed in place first; offboarding needs the name typed.

import { h, focusId } from '../dom.js';
import { t } from '../i18n.js';
import {
  label, mv, checks, itemRow, consoleLine, refreshButton, readAt, readProblem, readingLine,
  safeId,
} from './members-state.js';
import { inputErrorPanel } from '../errors.js';
import { openMfa } from './members-mfa.js';
import { actionsCard, offboardResult, handoff } from './members-page-actions.js';



// ---------------------------------------------------------------------------------------
// Between the table and a member's page

const CLEAN = {
  confirm: '', typed: '', actionError: null, note: null, offboarded: null, cancelError: null, offboardExtra: null,
};

/** Open a member's page (from the table's row or its Open button). */
export function openMember(user) {
  Object.assign(mv, { selected: user, ...CLEAN });
  mv.draw.main();
  document.getElementById('screen')?.scrollTo(0, 0);
  focusId('member-page-title');
}

/** Back to the table, with the focus on the member's row. */
export function backToTable() {
  const user = mv.selected;
  Object.assign(mv, { selected: null, ...CLEAN });
  mv.draw.main();
  if (!(user && focusId(`members-row-${safeId(user)}-open`))) focusId('members-card-title');
}

// ---------------------------------------------------------------------------------------
// The page

/**
 * @param {import('../api.js').MemberChecklist} m
 * @param {import('../api.js').Checklists} data
 */
export function memberPage(m, data) {
  const { store } = mv.ctx;
  const declared = store.team?.members?.find((x) => x.user.toLowerCase() === m.user.toLowerCase()) ?? null;
  const by = Object.fromEntries(m.items.map((i) => [i.id, i]));
  const facts = {
    exists: by.user_exists ? by.user_exists.state === 'done' : true,
    console: Boolean(by.console_password),
    mfaOn: by.mfa?.state === 'done',
  };
  return h('div', { id: 'member-page', dataset: { user: m.user } },
    h('div', { class: 'member-toolbar' },
      h('button', { type: 'button', id: 'members-back', onclick: backToTable },
        h('span', { 'aria-hidden': 'true' }, '←'), h('span', { 'data-i18n': 'members.back' }))),
    h('h1', { id: 'member-page-title', tabindex: '-1' },
      h('span', {}, m.name ?? m.user), m.name ? h('span', { class: 'aws-term mono' }, m.user) : null),
    declared ? declaredLine(declared) : h('p', { class: 'muted small', 'data-i18n': 'members.not_in_team' }),
    notes(m),
    checklistCard(m, data),
    actionsCard(m, facts));
}

/** "Groups: backend · kim@example.com" from the team file. */
function declaredLine(d) {
  const parts = [t('members.groups_line', { groups: d.groups.length ? d.groups.join(', ') : t('members.no_groups') })];
  if (d.email) parts.push(d.email);
  parts.push(t(d.console ? 'members.console_yes' : 'members.console_no'));
  return h('p', { class: 'muted member-facts', id: 'member-facts' }, parts.join(' · '));
}

/** What just happened: MFA on, password reset, MFA removed, offboarded, a failed cleanup. */
function notes(m) {
  return h('div', { class: 'member-notes' },
    mv.note
      ? h('div', { class: 'callout ok', id: 'member-note', role: 'status', tabindex: '-1' },
        h('strong', {}, t(mv.note.key, mv.note.params)),
        // MFA just turned on at the lead's desk: next, the member gets their access.
        mv.note.key === 'members.mfa_on'
          ? h('p', {}, h('span', { 'data-i18n': 'next.title' }), ' ', h('span', { 'data-i18n': 'members.next_handoff' }), ' ',
            h('button', { type: 'button', id: 'member-next-secrets', onclick: () => mv.ctx.go('secrets') },
              h('span', { 'data-i18n': 'plan.next_secrets' })))
          : null)
      : null,
    mv.cancelError
      ? h('div', { class: 'callout warn', id: 'mfa-cancel-problem', role: 'alert' },
        h('strong', { 'data-i18n': 'mfa.cancel_failed' }),
        inputErrorPanel(mv.cancelError, 'mfa-cancel-error'))
      : null,
    mv.offboarded && mv.offboarded.user.toLowerCase() === m.user.toLowerCase() ? offboardResult(mv.offboarded) : null);
}

function checklistCard(m, data) {
  return h('section', {
    class: 'card', id: 'member-checklist-card', 'aria-busy': checks.loading ? 'true' : 'false',
    'aria-labelledby': 'member-checklist-title',
  },
  h('div', { class: 'card-head' },
    h('h2', { id: 'member-checklist-title', 'data-i18n': 'members.checklist_title' }),
    h('span', { class: 'spacer' }), checks.loading ? null : readAt('member-read-at', data),
    refreshButton('member-refresh')),
  readingLine('member-loading'),
  readProblem('member', mv.ctx.go),
  checks.loading
    ? null
    : h('ul', { class: 'checklist', id: 'member-checklist' }, ...m.items.map((item) => row(m, item, data.read_at))));
}

/** One row of the member's checklist, with its action. */
export function row(m, item, at) {
  const id = `member-check-${item.id}`;
  const a = item.action;
  let action = /** @type {HTMLElement|null} */ (null);
  const extra = [];
  if (a?.kind === 'apply') {
    action = h('button', { type: 'button', id: `${id}-plan`, onclick: () => mv.ctx.go('plan') },
      h('span', { 'data-i18n': 'checklist.open_plan' }));
  } else if (a?.kind === 'handoff') {
    action = h('button', { type: 'button', id: `${id}-handoff`, onclick: () => handoff(m.user, `${id}-handoff`) },
      h('span', { 'data-i18n': 'members.handoff' }));
  } else if (a?.kind === 'enrol_mfa') {
    action = h('button', { type: 'button', id: `${id}-enrol`, onclick: () => openMfa(m.user, label(m), `${id}-enrol`) },
      h('span', { 'data-i18n': 'members.enrol' }));
  } else if (a?.kind === 'console') {
    extra.push(consoleLine(a.url, `${id}-console`));
  }
  return itemRow(item, { id, readAt: at, action, extra });
}
