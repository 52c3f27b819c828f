// @ts-check
// Server, database & domain: teardown — "Remove…" opens a dialog that lists what would be
// deleted and what stays (and still costs), asks for the stack's name, then removes with
// live progress.

import * as api from '../api.js';
import { h, spinner } from '../dom.js';
import { t, translate } from '../i18n.js';
import { errorPanel } from '../errors.js';
import { changeText, riskText, stepState } from './plan-changes.js';
import { noteText, waitingText } from '../infra-words.js';
import { view, teamInfra, loadStatus } from './infra-state.js';

const rm = {
  open: false,
  includeDns: false,
  loading: false,
  /** @type {any} */ plan: null,
  /** @type {any} */ error: null,
  typed: '',
  running: false,
  /** @type {Map<string, import('../api.js').Step>} */ steps: new Map(),
  /** @type {import('../api.js').Report|null} */ report: null,
  /** @type {HTMLElement|null} */ overlay: null,
};

/** The card with the Remove… button (null without [infra] or before Connect). */
export function removePart() {
  const { store } = view.ctx;
  const infra = teamInfra(store);
  if (!infra || !store.identity) return null;
  if (rm.open) queueMicrotask(drawDialog);
  return h('section', { class: 'card', id: 'infra-remove-card' },
    h('h2', { 'data-i18n': 'infra.remove_title' }),
    h('p', { class: 'muted small', 'data-i18n': 'infra.remove_lead' }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'infra-remove', class: 'danger', onclick: openDialog },
        h('span', { 'data-i18n': 'infra.remove' }))));
}

function openDialog() {
  Object.assign(rm, { open: true, typed: '', report: null, error: null, steps: new Map() });
  loadPlan();
}

async function loadPlan() {
  rm.loading = true;
  rm.plan = null;
  rm.error = null;
  drawDialog();
  try {
    rm.plan = await api.destroyPlan(rm.includeDns);
  } catch (err) {
    rm.error = err;
  }
  rm.loading = false;
  drawDialog();
}

function close() {
  if (rm.running) return;
  rm.open = false;
  rm.overlay?.remove();
  rm.overlay = null;
  if (rm.report) loadStatus();
  document.getElementById('infra-remove')?.focus();
}

/** Draw the dialog again (over the whole window), keeping the focus where it was. */
function drawDialog() {
  if (!rm.open) return;
  const focused = document.activeElement?.id ?? '';
  const overlay = h('div', {
    class: 'handoff-overlay', id: 'infra-remove-overlay',
    onkeydown: (e) => { if (e.key === 'Escape') close(); },
  }, dialog());
  translate(overlay);
  if (rm.overlay?.isConnected) rm.overlay.replaceWith(overlay);
  else document.body.append(overlay);
  rm.overlay = overlay;
  const el = (focused && document.getElementById(focused)) || document.getElementById('infra-remove-title');
  el?.focus();
}

function dialog() {
  const stack = teamInfra(view.ctx.store)?.name ?? '';
  const changes = (rm.plan?.changes ?? []).filter((c) => c.action === 'delete');
  const keeps = (rm.plan?.notes ?? []).filter((n) => n.code === 'infra_keeps');
  const matches = rm.typed.trim() === stack && stack !== '';
  return h('div', {
    class: 'handoff-dialog remove-dialog', id: 'infra-remove-dialog', role: 'dialog', 'aria-modal': 'true',
    'aria-labelledby': 'infra-remove-title',
  },
  h('div', { class: 'handoff-head' },
    h('h2', { id: 'infra-remove-title', tabindex: '-1' }, t('infra.remove_dialog_title', { stack })),
    h('p', { class: 'small', 'data-i18n': 'infra.remove_dialog_lead' })),
  rm.loading ? h('p', { class: 'muted', id: 'infra-remove-loading', role: 'status' }, spinner(), ' ',
    h('span', { 'data-i18n': 'infra.remove_reading' })) : null,
  rm.error ? errorPanel(rm.error, 'infra-remove-error') : null,
  rm.plan ? h('div', {},
    h('h3', {}, t('infra.remove_deletes', { count: changes.length })),
    changes.length
      ? h('ul', { class: 'change-list', id: 'infra-remove-list' }, ...changes.map((c, i) => deletion(c, i)))
      : h('p', { class: 'muted', id: 'infra-remove-nothing', 'data-i18n': 'infra.remove_nothing' }),
    keeps.length ? h('div', { class: 'callout warn', id: 'infra-remove-keeps' },
      h('strong', { 'data-i18n': 'infra.remove_keeps' }),
      ...keeps.map((n) => h('p', {}, noteText(n)))) : null) : null,
  h('label', { class: 'check', for: 'infra-remove-dns' },
    h('input', {
      type: 'checkbox', id: 'infra-remove-dns', checked: rm.includeDns, disabled: rm.running || Boolean(rm.report),
      onchange: (e) => { rm.includeDns = e.target.checked; loadPlan(); },
    }),
    h('span', { class: 'check-body' }, h('span', { 'data-i18n': 'infra.remove_dns' }),
      h('span', { class: 'muted small', 'data-i18n': 'infra.remove_dns_help' }))),
  rm.report ? result(rm.report) : confirmField(stack, changes, matches));
}

function deletion(c, i) {
  const step = rm.steps.get(c.id);
  return h('li', {
    class: 'change change-delete', id: `infra-remove-${i}`,
    dataset: { changeId: c.id, state: step ? step.state : 'planned' },
  },
  h('span', { class: 'marker marker-delete', 'aria-hidden': 'true' }, '−'),
  h('div', { class: 'change-body' },
    h('span', { class: 'change-title' }, changeText(c)),
    c.risk ? h('span', { class: 'risk' }, h('span', { class: 'badge badge-risk', 'data-i18n': 'plan.risky' }),
      h('span', { class: 'small' }, riskText(c.risk))) : null,
    step?.note && /** @type {any} */ (step.note).code === 'waiting'
      ? h('span', { class: 'step-detail muted small' }, waitingText(/** @type {any} */ (step.note))) : null,
    step?.state === 'failed' && step.error ? errorPanel(step.error) : null),
  step ? stepState(step) : null);
}

function confirmField(stack, changes, matches) {
  const input = h('input', {
    type: 'text', id: 'infra-remove-typed', autocomplete: 'off', spellcheck: 'false', disabled: rm.running,
    'aria-describedby': 'infra-remove-typed-help',
    oninput: (e) => {
      rm.typed = e.target.value;
      const go = /** @type {HTMLButtonElement|null} */ (document.getElementById('infra-remove-confirm'));
      if (go) go.disabled = rm.running || !rm.plan || rm.typed.trim() !== stack;
    },
  });
  /** @type {HTMLInputElement} */ (input).value = rm.typed;
  return h('div', {},
    h('div', { class: 'field' },
      h('label', { for: 'infra-remove-typed' }, t('infra.remove_type', { stack })),
      input,
      h('p', { id: 'infra-remove-typed-help', class: 'muted small', 'data-i18n': 'infra.remove_type_help' })),
    h('div', { class: 'actions remove-foot' },
      h('button', {
        type: 'button', id: 'infra-remove-confirm', class: 'danger',
        disabled: rm.running || !rm.plan || !matches || !changes.length,
        onclick: () => run(stack, changes),
      }, rm.running ? spinner() : null, h('span', { 'data-i18n': rm.running ? 'infra.removing' : 'infra.remove_confirm' })),
      h('button', { type: 'button', id: 'infra-remove-cancel', disabled: rm.running, onclick: close },
        h('span', { 'data-i18n': 'infra.cancel' })),
      rm.running ? h('span', { class: 'muted small', role: 'status', id: 'infra-remove-progress' }, progress()) : null));
}

function progress() {
  const done = [...rm.steps.values()].filter((s) => s.state === 'done').length;
  return t('plan.progress', { done, total: rm.steps.size });
}

async function run(stack, changes) {
  rm.running = true;
  rm.error = null;
  rm.steps = new Map(changes.map((c) => [c.id, { id: c.id, title: c.title, kind: c.kind, state: 'pending', detail: null }]));
  drawDialog();
  try {
    rm.report = await api.destroyApply(rm.includeDns, rm.typed.trim(), changes.map((c) => c.fingerprint), (step) => {
      rm.steps.set(step.id, step);
      drawDialog();
    });
    for (const s of rm.report.steps) rm.steps.set(s.id, s);
  } catch (err) {
    rm.error = err;
  }
  rm.running = false;
  drawDialog();
  document.getElementById(rm.report ? 'infra-remove-close' : 'infra-remove-typed')?.focus();
}

function result(report) {
  const ok = report.failed === 0 && report.skipped === 0;
  return h('div', {},
    h('div', { class: `callout ${ok ? 'ok' : 'danger'}`, id: 'infra-remove-result', role: 'status', dataset: { ok: String(ok) } },
      h('strong', {}, ok ? t('infra.removed', { count: report.done }) : t('plan.result_failed', report)),
      h('p', { 'data-i18n': ok ? 'infra.removed_help' : 'plan.result_failed_help' })),
    h('div', { class: 'actions remove-foot' },
      h('button', { type: 'button', id: 'infra-remove-close', class: 'primary', onclick: close },
        h('span', { 'data-i18n': 'infra.close' }))));
}
