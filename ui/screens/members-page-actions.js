// @ts-check
// Members screen, a member's page: what the lead does for them — hand off, reset the password,
// remove a lost MFA device, resynchronise it, offboard — each confirmed in place first.

import * as api from '../api.js';
import { h, spinner, focusId } from '../dom.js';
import { t } from '../i18n.js';
import {
  label, mv, loadChecklists, mfaChangedHere, refreshSecrets,
} from './members-state.js';
import { inputErrorPanel } from '../errors.js';
import { openMfa } from './members-mfa.js';
import { openHandoff, hostHandoff, dropHandoff } from './secrets-handoff.js';

/** What offboarding removes, in the order IAM requires. */
const OFFBOARD_STEPS = [
  'members.offboard_will.password', 'members.offboard_will.keys', 'members.offboard_will.mfa',
  'members.offboard_will.credentials', 'members.offboard_will.groups', 'members.offboard_will.policies', 'members.offboard_will.user',
  'members.offboard_will.secrets',
];

// ---------------------------------------------------------------------------------------
// Actions

export function actionsCard(m, facts) {
  const busy = Boolean(mv.busy);
  const noUser = !facts.exists;
  const noConsole = facts.exists && !facts.console;
  const noPassword = noUser || !facts.console || busy;
  return h('section', { class: 'card', id: 'member-actions', 'aria-labelledby': 'member-actions-title' },
    h('h2', { id: 'member-actions-title', 'data-i18n': 'members.actions_title' }),
    noUser ? h('p', { class: 'muted small', id: 'member-no-user' }, t('members.no_user', { user: m.user })) : null,
    h('ul', { class: 'action-list' },
      actionRow('enrol-mfa', facts.mfaOn ? 'members.enrol_help_on' : 'members.enrol_help', 'members.enrol', {
        disabled: noUser || facts.mfaOn || busy, primary: !facts.mfaOn && facts.exists,
        onclick: () => openMfa(m.user, label(m), 'enrol-mfa-button'),
      }),
      actionRow('member-handoff', noConsole ? 'members.no_console' : 'members.handoff_help', 'members.handoff', {
        disabled: noPassword, onclick: () => handoff(m.user, 'member-handoff-button'),
      }),
      actionRow('reset-password', noConsole ? 'members.no_console' : 'members.reset_help', 'members.reset', {
        disabled: noPassword, expanded: mv.confirm === 'reset', onclick: () => ask('reset', 'reset-password-panel'),
      }),
      mv.confirm === 'reset' ? resetPanel(m) : null,
      errorFor('reset'),
      actionRow('resync-mfa', 'members.resync_help', 'members.resync', {
        disabled: noUser || !facts.mfaOn || busy, expanded: mv.confirm === 'resync', onclick: () => ask('resync', 'resync-code-1'),
      }),
      mv.confirm === 'resync' ? resyncPanel(m) : null,
      errorFor('resync'),
      actionRow('remove-mfa', 'members.remove_mfa_help', 'members.remove_mfa', {
        disabled: noUser || busy, expanded: mv.confirm === 'remove_mfa', onclick: () => ask('remove_mfa', 'remove-mfa-panel'),
      }),
      mv.confirm === 'remove_mfa' ? removeMfaPanel(m) : null,
      errorFor('remove_mfa'),
      actionRow('offboard', 'members.offboard_help', 'members.offboard', {
        disabled: noUser || busy, expanded: mv.confirm === 'offboard', danger: true,
        onclick: () => ask('offboard', 'offboard-confirm-input'),
      }),
      mv.confirm === 'offboard' ? offboardPanel(m) : null,
      errorFor('offboard')));
}

/**
 * One action: what it does on the left, its button on the right (`<name>-button`).
 * @param {string} name @param {string} help @param {string} button
 * @param {{ disabled?: boolean, onclick: () => void, expanded?: boolean, primary?: boolean,
 *   danger?: boolean }} how
 */
function actionRow(name, help, button, { disabled, onclick, expanded, primary = false, danger = false }) {
  return h('li', { class: 'action-row', id: `${name}-row` },
    h('div', { class: 'action-body' },
      h('span', { class: 'action-title', 'data-i18n': `${button}_title` }),
      h('span', { class: 'muted small', 'data-i18n': help })),
    h('button', {
      type: 'button', id: `${name}-button`, class: primary ? 'primary' : danger ? 'danger-outline' : null,
      disabled, 'aria-expanded': expanded === undefined ? null : String(expanded), onclick,
    }, h('span', { 'data-i18n': button })));
}

function errorFor(action) {
  if (!mv.actionError || mv.actionError.action !== action) return null;
  return h('li', { class: 'action-error' }, inputErrorPanel(mv.actionError.err, `${action.replace('_', '-')}-error`));
}

/** Show a confirmation (one at a time) and move the focus into it. */
function ask(action, focus) {
  Object.assign(mv, { confirm: action, typed: '', actionError: null, note: null, offboardExtra: null });
  mv.draw.main();
  focusId(focus);
  // The whole confirmation in view, with its button (at 1024×700 it opens near the bottom).
  const panel = document.getElementById(focus)?.closest('.confirm, .callout');
  panel?.scrollIntoView({ block: 'nearest' });
}

function cancelAsk(button) {
  mv.confirm = '';
  mv.typed = '';
  mv.draw.main();
  focusId(button);
}

/** The two buttons of a confirmation: the deliberate one and Cancel. */
function confirmButtons(action, id, labelKey, busyKey, run, disabled = false) {
  const busy = mv.busy === action;
  return h('div', { class: 'actions' },
    h('button', { type: 'button', id: `${id}-confirm`, class: 'danger', disabled: busy || disabled, onclick: run },
      busy ? spinner() : null, h('span', { 'data-i18n': busy ? busyKey : labelKey })),
    h('button', { type: 'button', id: `${id}-cancel`, disabled: busy, onclick: () => cancelAsk(`${id}-button`) },
      h('span', { 'data-i18n': 'common.cancel' })));
}

function panel(id, title, ...children) {
  return h('li', { class: 'action-confirm' },
    h('div', { class: 'callout warn confirm', id, role: 'group', tabindex: '-1', 'aria-labelledby': `${id}-title` },
      h('strong', { id: `${id}-title` }, title), ...children));
}

function resetPanel(m) {
  return panel('reset-password-panel', t('members.reset_confirm_title', { member: label(m) }),
    h('p', {}, t('members.reset_confirm_body', { user: m.user })),
    confirmButtons('reset', 'reset-password', 'members.reset_confirm', 'members.resetting', () => resetPassword(m)));
}

function removeMfaPanel(m) {
  return panel('remove-mfa-panel', t('members.remove_mfa_confirm_title', { member: label(m) }),
    h('p', {}, t('members.remove_mfa_confirm_body', { user: m.user })),
    confirmButtons('remove_mfa', 'remove-mfa', 'members.remove_mfa_confirm', 'members.removing', () => removeMfa(m)));
}

/** Resync: the phone's clock drifted; two consecutive codes bring AWS back in step. */
function resyncPanel(m) {
  const codes = { first: '', second: '' };
  const input = (id, key, label) => h('div', { class: 'field' },
    h('label', { for: id, 'data-i18n': label }),
    h('input', {
      type: 'text', id, inputmode: 'numeric', autocomplete: 'one-time-code', class: 'mono', maxlength: '7',
      oninput: (e) => { codes[key] = e.target.value; },
    }));
  return panel('resync-panel', t('members.resync_title_for', { member: label(m) }),
    h('p', { 'data-i18n': 'members.resync_body' }),
    input('resync-code-1', 'first', 'members.resync_code_1'),
    input('resync-code-2', 'second', 'members.resync_code_2'),
    h('div', { class: 'actions' },
      h('button', {
        type: 'button', id: 'resync-confirm', class: 'primary', disabled: mv.busy === 'resync',
        onclick: () => run('resync', async () => {
          await api.mfaResync(m.user, codes.first, codes.second);
          mv.note = { key: 'members.resync_done', params: { member: label(m) } };
        }, 'member-note', 'resync-code-1'),
      }, mv.busy === 'resync' ? spinner() : null, h('span', { 'data-i18n': 'members.resync_confirm' })),
      h('button', { type: 'button', id: 'resync-cancel', onclick: () => cancelAsk('resync-mfa-button') },
        h('span', { 'data-i18n': 'common.cancel' }))));
}

/** Offboarding: what will be removed, and the user name typed to enable the button. */
function offboardPanel(m) {
  const busy = mv.busy === 'offboard';
  const matches = () => mv.typed.trim() === m.user;
  const confirm = h('button', {
    type: 'button', id: 'offboard-confirm-button', class: 'danger', disabled: busy || !matches(),
    onclick: () => { if (matches()) offboard(m); },
  }, busy ? spinner() : null, h('span', { 'data-i18n': busy ? 'members.offboarding' : 'members.offboard_confirm' }));
  return h('li', { class: 'action-confirm' },
    h('div', {
      class: 'callout danger confirm', id: 'offboard-panel', role: 'group', 'aria-labelledby': 'offboard-panel-title',
    },
    h('strong', { id: 'offboard-panel-title' }, t('members.offboard_confirm_title', { member: label(m) })),
    h('p', {}, t('members.offboard_confirm_body', { user: m.user })),
    h('ul', { class: 'offboard-list' }, ...OFFBOARD_STEPS.map((key) => h('li', { 'data-i18n': key }))),
    h('p', { class: 'small' }, t('members.offboard_team_note', { user: m.user })),
    h('div', { class: 'field' },
      h('label', { for: 'offboard-confirm-input' }, t('members.offboard_type', { user: m.user })),
      h('input', {
        type: 'text', id: 'offboard-confirm-input', class: 'mono', value: mv.typed, autocomplete: 'off',
        spellcheck: 'false', autocapitalize: 'off', disabled: busy, 'aria-describedby': 'offboard-panel-title',
        oninput: (e) => { mv.typed = e.target.value; confirm.disabled = busy || !matches(); },
        onkeydown: (e) => { if (e.key === 'Enter' && matches() && !busy) offboard(m); },
      })),
    mv.offboardExtra?.user === m.user ? offboardExtra(m, busy) : null,
    h('div', { class: 'actions' },
      mv.offboardExtra?.user === m.user ? null : confirm,
      h('button', { type: 'button', id: 'offboard-cancel', disabled: busy, onclick: () => cancelAsk('offboard-button') },
        h('span', { 'data-i18n': 'common.cancel' })))));
}

/** The second confirmation the core asks for (`offboard_confirmation_needed`): a user
 * Baseline did not create, or the identity the app is signed in with. One line per reason. */
export function offboardExtra(m, busy) {
  return h('div', { class: 'callout warn', id: 'offboard-extra', role: 'alert' },
    h('strong', { 'data-i18n': 'members.offboard_extra_title' }),
    h('ul', {}, ...(mv.offboardExtra?.reasons ?? []).map((r) => h('li', { dataset: { reason: r } },
      t(r === 'caller' ? 'members.offboard_extra.caller' : 'members.offboard_extra.unmanaged', { user: m.user })))),
    h('button', {
      type: 'button', id: 'offboard-extra-confirm', class: 'danger', disabled: busy,
      onclick: () => offboard(m, true),
    }, busy ? spinner() : null, h('span', {}, t('members.offboard_extra_confirm', { user: m.user }))));
}

/** Run a confirmed action with its spinner; the error stays next to it. */
async function run(action, work, focusAfter, focusFailed) {
  if (mv.busy) return;
  mv.busy = action;
  mv.actionError = null;
  mv.draw.main();
  let ok = false;
  try {
    await work();
    ok = true;
    Object.assign(mv, { confirm: '', typed: '' });
  } catch (err) {
    mv.actionError = { action, err };
  } finally {
    mv.busy = '';
  }
  mv.draw.main();
  focusId(ok ? focusAfter : focusFailed);
}

function resetPassword(m) {
  return run('reset', async () => {
    await api.resetPassword(m.user);
    mv.note = { key: 'members.reset_done', params: { member: label(m) } };
    loadChecklists();
    refreshSecrets();
  }, 'member-note', 'reset-password-confirm');
}

function removeMfa(m) {
  return run('remove_mfa', async () => {
    const count = await api.mfaRemove(m.user);
    mv.note = { key: count ? 'members.mfa_removed' : 'members.mfa_removed_none', params: { member: label(m), count } };
    if (count) mfaChangedHere(m.user, false);
    loadChecklists();
  }, 'member-note', 'remove-mfa-confirm');
}

/** Offboard; when the core asks for a second confirmation, keep the panel open with it. */
async function offboard(m, extraConfirmed = false) {
  let extra = /** @type {{ user: string, reasons: string[] }|null} */ (null);
  await run('offboard', async () => {
    try {
      mv.offboarded = await api.offboardMember(m.user, extraConfirmed);
    } catch (err) {
      if (err?.code !== 'offboard_confirmation_needed') throw err;
      extra = { user: m.user, reasons: String(err.params?.reasons ?? '').split(',').filter(Boolean) };
      return;
    }
    mv.offboardExtra = null;
    loadChecklists();
    refreshSecrets();
  }, 'offboard-result', 'offboard-confirm-input');
  if (extra) {
    Object.assign(mv, { confirm: 'offboard', typed: m.user, offboardExtra: extra });
    mv.draw.main();
    focusId('offboard-extra-confirm');
  }
}

/** What offboarding removed, and what is left to do in the team file. */
export function offboardResult(r) {
  const removed = r.user_existed === false
    ? [t('members.removed.user_gone'), t('members.removed.secrets', { count: r.secrets })]
    : [
    t(r.console_password ? 'members.removed.password' : 'members.removed.no_password'),
    t('members.removed.keys', { count: r.access_keys }),
    t('members.removed.mfa', { count: r.mfa_devices }),
    t('members.removed.ssh_keys', { count: r.ssh_keys }),
    t('members.removed.certificates', { count: r.signing_certificates }),
    t('members.removed.service_credentials', { count: r.service_credentials }),
    r.groups.length ? t('members.removed.groups', { groups: r.groups.join(', ') }) : t('members.removed.no_groups'),
    t('members.removed.policies', { count: r.policies }),
    t('members.removed.secrets', { count: r.secrets }),
  ];
  return h('div', { class: 'callout ok', id: 'offboard-result', role: 'status', tabindex: '-1', dataset: { user: r.user } },
    h('strong', {}, t('members.offboarded', { user: r.user })),
    h('ul', { class: 'offboard-list' }, ...removed.map((text) => h('li', {}, text))),
    h('p', {}, t('members.offboarded_team', { user: r.user })),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'offboard-open-team', onclick: () => mv.ctx.go('team') },
        h('span', { 'data-i18n': 'plan.open_team' }))));
}

// ---------------------------------------------------------------------------------------
// The handoff dialog of the Secrets screen, shown over this screen

/** Show the Secrets screen's handoff dialog in this screen's part (its other parts are not shown). */
export function attachHandoff() {
  hostHandoff(mv.ctx, mv.parts.handoff, (open) => {
    if (mv.content) mv.content.inert = open;
    if (!open) mv.handoff = false;
  }, afterHandoff);
}

/** Open the handoff dialog for a member; the focus returns to `opener` when it closes. */
export function handoff(user, opener) {
  mv.handoff = true;
  attachHandoff();
  openHandoff(user, opener);
}

/** Close the dialog without a trace (navigating here anew). */
export function closeOwnHandoff() {
  if (!mv.handoff) return;
  mv.handoff = false;
  dropHandoff();
}

/** A handoff was recorded: the checklist and the Secrets dot follow. */
async function afterHandoff() {
  await Promise.all([loadChecklists(), refreshSecrets()]);
}
