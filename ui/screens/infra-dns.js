// @ts-check
// Server, database & domain: the registrar step — the hosted zone's four name servers, a
// step-by-step guide for Gabia or another registrar, "I entered them", and the live check.

import * as api from '../api.js';
import { h, spinner } from '../dom.js';
import { t } from '../i18n.js';
import { errorPanel } from '../errors.js';
import { delegationText } from './infra-live.js';
import { view, teamInfra, currentStatus, loadStatus, redrawLive, copyLine } from './infra-state.js';

const GABIA_STEPS = ['sign_in', 'services', 'tool', 'change', 'ns', 'enter', 'save'];
const OTHER_STEPS = ['sign_in', 'find', 'custom', 'enter', 'save'];

/** The registrar card (null until the zone exists). */
export function dnsPart() {
  const { store } = view.ctx;
  const infra = teamInfra(store);
  if (!infra?.dns) return null;
  const data = view.statusLoading ? null : currentStatus(store);
  const servers = (data?.name_servers ?? []).map((s) => s.replace(/\.$/, ''));
  if (!servers.length) return null;
  const registrar = view.guide ?? infra.dns.registrar ?? 'gabia';
  const item = data?.items.find((i) => i.id === 'infra_delegation');
  const d = data?.delegation;
  return h('section', { class: 'card', id: 'infra-registrar', tabindex: '-1', 'aria-labelledby': 'infra-registrar-title' },
    h('h2', { id: 'infra-registrar-title' }, h('span', { 'data-i18n': 'infra.registrar_title' }),
      h('span', { class: 'aws-term', 'data-i18n': 'term.name_servers' })),
    h('p', {}, t('infra.registrar_lead', { domain: infra.dns.domain })),
    h('ol', { class: 'ns-list', id: 'infra-ns' },
      ...servers.map((s, i) => h('li', { dataset: { ns: s, state: nsState(d, s) } },
        h('span', { class: 'ns-order small muted' }, t('infra.ns_order', { n: i + 1 })),
        copyLine(`infra-ns-${i}`, s)))),
    h('div', { class: 'segmented', role: 'group', 'aria-label': t('infra.registrar_label') },
      ...['gabia', 'other'].map((r) => h('button', {
        type: 'button', id: `infra-guide-${r}`, 'aria-pressed': String(r === registrar),
        onclick: () => { view.guide = /** @type {'gabia'|'other'} */ (r); redrawLive(); },
      }, h('span', { 'data-i18n': `infra.registrar.${r}` })))),
    registrar === 'gabia' ? guide('gabia', GABIA_STEPS) : guide('other', OTHER_STEPS),
    check(item, d));
}

/** Found, missing or wrong, as the live check says (unknown before it ran). */
function nsState(d, s) {
  if (!d) return 'unknown';
  const has = (list) => (list ?? []).some((x) => x.replace(/\.$/, '') === s);
  return has(d.found) ? 'found' : has(d.missing) ? 'missing' : 'unknown';
}

function guide(name, steps) {
  return h('div', { class: 'guide', id: `infra-guide-${name}-steps`, role: 'region', 'aria-labelledby': `infra-guide-${name}-title` },
    h('strong', { id: `infra-guide-${name}-title`, 'data-i18n': `infra.guide.${name}.title` }),
    h('ol', { class: 'guide-steps' }, ...steps.map((s) => h('li', { 'data-i18n': `infra.guide.${name}.${s}` }))),
    h('p', { class: 'small', 'data-i18n': 'infra.guide.dnssec' }),
    h('p', { class: 'muted small', 'data-i18n': 'infra.guide.propagation' }));
}

/** "I entered them", then the live check's answer. */
function check(item, d) {
  const confirmed = item && item.action?.kind !== 'confirm';
  const done = item?.state === 'done';
  return h('div', { class: 'registrar-check', id: 'infra-registrar-check', dataset: { state: item?.state ?? 'unknown' } },
    confirmed
      ? h('p', { class: done ? 'ok-note' : 'small', id: 'infra-delegation-state' },
        t(done ? 'infra.delegation_ok' : 'infra.delegation_waiting'),
        d && !d.ok ? h('span', { class: 'muted small' }, ' ', delegationText(d)) : null)
      : null,
    h('div', { class: 'actions' },
      !confirmed ? h('button', {
        type: 'button', id: 'infra-registrar-done', class: 'primary', disabled: view.registrarMarking, onclick: markDone,
      }, view.registrarMarking ? spinner() : null, h('span', { 'data-i18n': 'infra.registrar_done' })) : null,
      confirmed && !done ? h('button', { type: 'button', id: 'infra-delegation-check', onclick: loadStatus },
        h('span', { 'aria-hidden': 'true' }, '↻'), h('span', { 'data-i18n': 'infra.delegation_check' })) : null),
    view.registrarError ? errorPanel(view.registrarError, 'infra-registrar-error') : null);
}

async function markDone() {
  view.registrarMarking = true;
  view.registrarError = null;
  redrawLive();
  try {
    await api.manualStepDone(/** @type {any} */ ('registrar'));
    view.registrarMarking = false;
    await loadStatus();
  } catch (err) {
    view.registrarError = err;
    view.registrarMarking = false;
    redrawLive();
  }
  document.getElementById('infra-registrar-check')?.scrollIntoView({ block: 'nearest' });
}
