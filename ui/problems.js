// @ts-check
// Problems of the team file in the user's words: the translated sentence, and where it is —
// "line 3 · Member 2 (kim.backend) · Email" rather than `members[1].email`.

import { t, has } from './i18n.js';

/** @typedef {import('./api.js').Problem} Problem */

/**
 * Text of one problem in the user's language.
 * @param {{ code: string, message: string, params?: Record<string, string|number> }} p
 */
export function problemText(p) {
  const key = p.code === 'user_name' && !p.params?.value ? 'problem.user_required' : `problem.${p.code}`;
  return has(key) ? t(key, p.params ?? {}) : p.message;
}

/**
 * Where a field path points, in words: `members[1].email` → "Member 2 (kim.backend) · Email",
 * `groups.backend.policies[0]` → "User group backend · Policies". Unknown parts are left out
 * rather than shown raw.
 * @param {string} field path as team_validate reports it @param {any} [team] to name members
 */
export function fieldLabel(field, team = null) {
  const words = [];
  const member = /^members\[(\d+)\](?:\.(\w+))?/.exec(field);
  const group = /^groups\.([^.[\]]+)(?:\.(\w+))?/.exec(field);
  const section = /^(account|password_policy|billing)\.(\w+)/.exec(field);
  if (member) {
    const n = Number(member[1]) + 1;
    const user = team?.members?.[Number(member[1])]?.user;
    words.push(user ? t('field.member_named', { n, user }) : t('field.member', { n }));
    if (member[2] && has(`field.member.${member[2]}`)) words.push(t(`field.member.${member[2]}`));
  } else if (group) {
    words.push(t('field.group', { group: group[1] }));
    if (group[2] && has(`field.group.${group[2]}`)) words.push(t(`field.group.${group[2]}`));
  } else if (section && has(`field.${section[1]}.${section[2]}`)) {
    words.push(t(`field.${section[1]}.${section[2]}`));
  } else if (has(`field.${field}`)) {
    words.push(t(`field.${field}`));
  }
  return words.join(' · ');
}

/**
 * "line N · where: message", leaving out what is not known.
 * @param {Problem} p @param {any} [team] the team the problem was found in (to name members)
 */
export function problemLine(p, team = null) {
  const where = [p.line ? t('team.line', { line: p.line }) : null, p.field ? fieldLabel(p.field, team) : null]
    .filter(Boolean).join(' · ');
  return where ? `${where}: ${problemText(p)}` : problemText(p);
}
