// @ts-check
// Team screen: the User groups card — one row per group with its policies, add and remove.

import { h, focusId } from '../dom.js';
import { t } from '../i18n.js';
import { view, fieldError } from './team-state.js';
import { inputWithValue } from '../team-form.js';
import { sectionTitle } from '../parts.js';

const GROUP_NAME = /^[\w+=,.@-]{1,128}$/;
// ReadOnlyAccess reads S3 objects and Lambda environment variables (ViewOnlyAccess does not).
const READS_DATA = /(^|\/)ReadOnlyAccess$/;

/**
 * @param {import('../api.js').Team} team
 * @param {import('./team-state.js').Edit} edit
 */
export function groupsCard(team, edit) {
  const names = Object.keys(team.groups);
  const name = inputWithValue({
    type: 'text', id: 'new-group-name', autocomplete: 'off', spellcheck: 'false',
    class: 'mono', 'aria-describedby': 'new-group-problem',
    oninput: (e) => { view.newGroup = e.target.value; },
    onkeydown: (e) => { if (e.key === 'Enter') { e.preventDefault(); addGroup(team, edit); } },
  }, view.newGroup);
  return h('section', { class: 'card', id: 'team-groups' },
    sectionTitle('team.groups', 'term.groups'),
    h('p', { class: 'muted small', 'data-i18n': 'team.groups_help' }),
    names.length
      ? h('ul', { class: 'group-list' }, ...names.map((n) => groupRow(team, n, edit)))
      : h('p', { class: 'muted', 'data-i18n': 'team.no_groups' }),
    h('div', { class: 'add-row' },
      h('label', { for: 'new-group-name', 'data-i18n': 'team.new_group' }),
      name,
      h('button', { type: 'button', id: 'add-group-button', onclick: () => addGroup(team, edit) },
        h('span', { 'data-i18n': 'team.add_group' }))),
    h('p', {
      class: 'field-error', id: 'new-group-problem', hidden: !view.newGroupError,
    }, view.newGroupError ? t(view.newGroupError) : ''));
}

function addGroup(team, edit) {
  const name = view.newGroup.trim();
  if (!GROUP_NAME.test(name)) view.newGroupError = 'team.group_name_invalid';
  else if (name in team.groups) view.newGroupError = 'team.group_exists';
  else {
    team.groups[name] = { policies: [], deny_delete: false };
    view.newGroup = '';
    view.newGroupError = null;
    edit.structural();
    focusId(`group-${name}-add-policy`);
    return;
  }
  edit.redraw();
  focusId('new-group-name');
}

function groupRow(team, name, edit) {
  const g = team.groups[name];
  const base = `groups.${name}`;
  const count = team.members.filter((m) => m.groups.includes(name)).length;
  const policyError = h('p', { class: 'field-error', hidden: true, 'aria-live': 'polite' });
  view.fields.set(`${base}.policies`, { error: policyError, mark: null });
  const chips = g.policies.map((policy, i) => {
    const chip = h('li', { class: 'chip', dataset: { policy } },
      h('span', { class: 'mono' }, policy),
      h('button', {
        type: 'button', class: 'chip-remove', id: `group-${name}-policy-${i}-remove`,
        'aria-label': t('team.remove_policy', { policy }), title: t('team.remove_policy', { policy }),
        onclick: () => {
          g.policies.splice(i, 1);
          edit.structural();
          // The last chip is gone: keep the focus in this group.
          if (!document.getElementById(`group-${name}-policy-${i}-remove`)) focusId(`group-${name}-add-policy`);
        },
      }, '×'));
    view.fields.set(`${base}.policies[${i}]`, { error: policyError, mark: chip });
    return chip;
  });
  const available = (view.catalog?.policies ?? []).filter((p) => !g.policies.includes(p));
  const select = h('select', {
    id: `group-${name}-add-policy`, 'aria-label': t('team.add_policy_to', { group: name }),
    onchange: (e) => {
      if (!e.target.value) return;
      g.policies.push(e.target.value);
      edit.structural();
    },
  }, h('option', { value: '', 'data-i18n': 'team.add_policy' }),
  ...available.map((p) => h('option', { value: p }, p)));
  const arn = h('input', {
    type: 'text', id: `group-${name}-policy-arn`, class: 'mono arn', autocomplete: 'off', spellcheck: 'false',
    placeholder: t('team.arn_placeholder'), 'aria-label': t('team.arn_for', { group: name }),
    onkeydown: (e) => { if (e.key === 'Enter') { e.preventDefault(); addArn(); } },
  });
  const addArn = () => {
    const value = arn.value.trim();
    if (!value) return;
    g.policies.push(value);
    edit.structural();
    focusId(`group-${name}-policy-arn`);
  };
  const denyId = `group-${name}-deny-delete`;
  const head = h('div', { class: 'group-head' },
    h('h3', { class: 'mono' }, name),
    h('span', { class: 'tag', id: `group-${name}-count` }, t('team.member_count', { count })),
    h('span', { class: 'spacer' }),
    h('button', {
      type: 'button', id: `group-${name}-remove`, class: 'quiet',
      'aria-label': t('team.remove_group_named', { group: name }),
      onclick: () => removeGroup(team, name, edit),
    }, h('span', { 'data-i18n': 'team.remove_group' })));
  return h('li', { class: 'group-row', id: `group-${name}`, dataset: { group: name } },
    head,
    fieldError(base, null),
    h('div', { class: 'group-policies' },
      h('span', { class: 'muted small' },
        h('span', { 'data-i18n': 'team.policies' }), h('span', { class: 'aws-term', 'data-i18n': 'term.policies' })),
      g.policies.length
        ? h('ul', { class: 'chips', 'aria-label': t('team.policies_of', { group: name }) }, ...chips)
        : h('p', { class: 'muted small', 'data-i18n': 'team.no_policies' })),
    h('div', { class: 'policy-add' },
      select,
      arn,
      h('button', { type: 'button', id: `group-${name}-add-arn`, onclick: addArn },
        h('span', { 'data-i18n': 'team.add_arn' }))),
    policyError,
    g.policies.some((p) => READS_DATA.test(p))
      ? h('p', { class: 'muted small', id: `group-${name}-readonly-note`, 'data-i18n': 'team.readonly_note' })
      : null,
    h('label', { class: 'check', for: denyId },
      h('input', {
        type: 'checkbox', id: denyId, checked: g.deny_delete, 'aria-describedby': `${denyId}-help`,
        onchange: (e) => { g.deny_delete = e.target.checked; edit.changed(); },
      }),
      h('span', { class: 'check-body' },
        h('span', {}, h('span', { 'data-i18n': 'team.deny_delete' }),
          h('span', { class: 'aws-term', 'data-i18n': 'term.deny_delete' })),
        h('span', { class: 'muted small', id: `${denyId}-help` },
          h('span', { 'data-i18n': 'team.deny_delete_help' }), ' ',
          h('span', { 'data-i18n': 'team.deny_delete_limits' })))));
}

function removeGroup(team, name, edit) {
  delete team.groups[name];
  for (const m of team.members) m.groups = m.groups.filter((g) => g !== name);
  edit.structural();
  focusId('new-group-name');
}

