// @ts-check
// Part 2's words shared by the Plan screen and the Server, database & domain screen: its plan
// notes (whose params are English facts) and the "waiting for AWS" note of a running step.

import { t, has } from './i18n.js';

/**
 * How long until the estimate reaches a threshold, in words ("about a day").
 * @param {number} days
 */
export function daysWords(days) {
  if (!Number.isFinite(days)) return t('infra.when.never');
  const hours = days * 24;
  if (hours < 1) return t('infra.when.under_hour');
  if (hours < 18) return t('infra.when.hours', { count: Math.round(hours) });
  if (days < 1.5) return t('infra.when.day');
  return t('infra.when.days', { count: Math.round(days) });
}

/**
 * A plan note in the user's language: Part 2's with their params worded here, the others
 * by their key (the code itself when there is none).
 * @param {{ code: string, params?: Record<string, string> }} n
 */
export function noteText(n) {
  const p = { ...(n.params ?? {}) };
  const key = `note.${n.code}`;
  if (!has(key)) return n.code;
  switch (n.code) {
    case 'infra_cost_over_alarm':
    case 'infra_cost_over_budget':
      return t(key, { ...p, when: daysWords(Number(p.days)) });
    case 'infra_keeps': {
      const what = [];
      if (p.snapshot) what.push(t('note.infra_keeps.snapshot', { snapshot: p.snapshot }));
      if (p.zone) what.push(t('note.infra_keeps.zone', { zone: p.zone }));
      return t(key, { what: what.join(t('plan.list_separator')) });
    }
    case 'infra_replace_needed':
      return t(key, { ...p, resource: has(`infra.resource.${p.resource}`) ? t(`infra.resource.${p.resource}`) : p.resource });
    case 'infra_name_servers':
      return t(key, { ...p, name_servers: (p.name_servers ?? '').split(/\s+/).map((s) => s.replace(/\.$/, '')).join(', ') });
    default:
      return t(key, p);
  }
}

/**
 * "creating · 2 min 10 s": the state AWS reports while a step waits, and the time waited.
 * @param {{ state: string, elapsed_secs: number }} note
 */
export function waitingText(note) {
  const secs = Math.max(0, Math.round(note.elapsed_secs ?? 0));
  const min = Math.floor(secs / 60);
  const elapsed = min ? t('infra.wait.min_sec', { min, sec: secs % 60 }) : t('infra.wait.sec', { sec: secs });
  const key = `infra.aws_state.${String(note.state ?? '').replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`;
  const state = has(key) ? t(key) : note.state;
  return t('infra.wait.line', { state, elapsed });
}
