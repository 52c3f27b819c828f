// @ts-check
// Team screen: the Members card — one table row per IAM user, add and remove.

import { h, focusId } from '../dom.js';
import { t } from '../i18n.js';
import { view, fieldError } from './team-state.js';
import { inputWithValue } from '../team-form.js';
import { sectionTitle } from '../parts.js';

/**
 * @param {import('../api.js').Team} team
 * @param {import('./team-state.js').Edit} edit
 */
export function membersCard(team, edit) {
  const groups = Object.keys(team.groups);
  const th = (key, term) => h('th', { scope: 'col' },
    h('span', { 'data-i18n': key }), term ? h('span', { class: 'aws-term', 'data-i18n': term }) : null);
  const table = h('table', { class: 'members-table' },
    h('thead', {}, h('tr', {},
      th('team.col_user', 'term.user'),
      th('team.col_name'),
      th('team.col_email'),
      th('team.col_groups'),
      th('team.col_console', 'term.console'),
      h('th', { scope: 'col' }, h('span', { class: 'sr-only', 'data-i18n': 'team.col_remove' })))),
    h('tbody', {}, ...team.members.map((m, i) => memberRow(m, i, groups, edit))));
  return h('section', { class: 'card', id: 'team-members' },
    sectionTitle('team.members', 'term.members'),
    h('p', { class: 'muted small', 'data-i18n': 'team.members_help' }),
    team.members.length
      ? h('div', { class: 'table-wrap' }, table)
      : h('p', { class: 'muted', id: 'team-no-members', 'data-i18n': 'team.no_members' }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'add-member-button', onclick: () => addMember(team, edit) },
        h('span', { 'aria-hidden': 'true' }, '+'), h('span', { 'data-i18n': 'team.add_member' }))));
}

function memberRow(m, i, groups, edit) {
  const n = i + 1;
  const base = `members[${i}]`;
  const text = (key, field, value, set, attrs = {}) => {
    const el = inputWithValue({
      type: 'text', id: `member-${i}-${key}`, autocomplete: 'off',
      ...attrs,
      oninput: (e) => { set(e.target.value); edit.changed(); },
    }, value);
    return h('td', {}, el, fieldError(`${base}.${field}`, el));
  };
  const groupBox = h('div', { class: 'member-groups', role: 'group', 'aria-label': t('team.groups_of_row', { n }) },
    ...groups.map((g) => {
      const id = `member-${i}-group-${g}`;
      return h('label', { class: 'check', for: id },
        h('input', {
          type: 'checkbox', id, checked: m.groups.includes(g),
          onchange: (e) => {
            m.groups = e.target.checked ? [...m.groups, g] : m.groups.filter((x) => x !== g);
            edit.structural();
          },
        }),
        h('span', { class: 'mono' }, g));
    }));
  if (!groups.length) groupBox.append(h('span', { class: 'muted small', 'data-i18n': 'team.no_groups' }));
  return h('tr', { id: `member-${i}` },
    text('user', 'user', m.user, (v) => { m.user = v; }, {
      class: 'mono', spellcheck: 'false', 'aria-label': t('team.user_of_row', { n }),
    }),
    text('name', 'name', m.name, (v) => { m.name = v === '' ? null : v; }, {
      'aria-label': t('team.name_of_row', { n }),
    }),
    text('email', 'email', m.email, (v) => { m.email = v.trim() === '' ? null : v.trim(); }, {
      inputmode: 'email', spellcheck: 'false', 'aria-label': t('team.email_of_row', { n }),
    }),
    h('td', {}, groupBox, fieldError(`${base}.groups`, groupBox)),
    h('td', { class: 'center' },
      h('input', {
        type: 'checkbox', id: `member-${i}-console`, checked: m.console,
        'aria-label': t('team.console_of_row', { n }), title: t('team.console_help'),
        onchange: (e) => { m.console = e.target.checked; edit.changed(); },
      })),
    h('td', { class: 'center' },
      h('button', {
        type: 'button', class: 'icon-button', id: `member-${i}-remove`,
        'aria-label': t('team.remove_member', { n }), title: t('team.remove_member', { n }),
        onclick: () => removeMember(i, edit),
      }, '×')));
}

function addMember(team, edit) {
  team.members.push({ user: '', name: null, email: null, groups: [], console: true });
  edit.structural();
  focusId(`member-${team.members.length - 1}-user`);
}

function removeMember(i, edit) {
  const team = /** @type {import('../api.js').Team} */ (view.ctx.store.team);
  team.members.splice(i, 1);
  // Problems name rows by index: drop the old ones until the new check answers.
  view.problems = view.problems.filter((p) => !p.field.startsWith('members['));
  edit.structural();
  if (!document.getElementById(`member-${i}-remove`)) focusId('add-member-button');
}

