// @ts-check
// Server, database & domain: what it costs before anything is created — the plan's estimate,
// item by item, against the billing alarm and budget (with a button that raises them), and
// the way to the Plan screen where apply happens.

import { h, spinner } from '../dom.js';
import { t, has } from '../i18n.js';
import { errorPanel } from '../errors.js';
import { notConnected } from '../parts.js';
import { noteText } from '../infra-words.js';
import { view, teamInfra, currentPlan, loadPlan, usd } from './infra-state.js';
import { structural } from './infra-check.js';

/** The cost card (null without [infra]). */
export function costPart() {
  const { store } = view.ctx;
  const infra = teamInfra(store);
  if (!infra) return null;
  return h('section', { class: 'card', id: 'infra-cost', 'aria-busy': view.planLoading ? 'true' : 'false' },
    h('div', { class: 'card-head' },
      h('h2', {}, h('span', { 'data-i18n': 'infra.cost_title' }), h('span', { class: 'aws-term', 'data-i18n': 'term.pricing' })),
      h('span', { class: 'spacer' }),
      store.identity && store.teamSaved && !store.teamDirty
        ? h('button', { type: 'button', id: 'infra-cost-refresh', disabled: view.planLoading, onclick: loadPlan },
          view.planLoading ? spinner() : h('span', { 'aria-hidden': 'true' }, '↻'),
          h('span', { 'data-i18n': view.planLoading ? 'infra.estimating' : 'infra.estimate_again' }))
        : null),
    body(),
    goPlan());
}

function body() {
  const { store } = view.ctx;
  if (!store.identity) return notConnected('infra-cost-connect', 'infra.cost_needs_connect', view.ctx.go);
  if (store.teamDirty || !store.teamSaved) {
    return h('p', { class: 'muted', id: 'infra-cost-unsaved', 'data-i18n': 'infra.cost_unsaved' });
  }
  if (view.planLoading) {
    return h('p', { class: 'muted', id: 'infra-cost-loading', role: 'status' }, spinner(), ' ',
      h('span', { 'data-i18n': 'infra.estimating' }));
  }
  if (view.planError) return errorPanel(view.planError, 'infra-cost-error');
  const plan = currentPlan(store);
  const est = plan?.estimate;
  if (!est) return h('p', { class: 'muted', 'data-i18n': 'infra.cost_none' });
  const unpriced = (est.unpriced ?? []).map((id) => itemLabel(id));
  const notes = (plan.notes ?? []).filter((n) => n.code === 'infra_cost_over_alarm' || n.code === 'infra_cost_over_budget');
  return h('div', {},
    h('table', { class: 'cost-table', id: 'infra-cost-items' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', 'data-i18n': 'infra.cost_item' }),
        h('th', { scope: 'col', class: 'num', 'data-i18n': 'infra.cost_monthly' }),
        h('th', { scope: 'col', 'data-i18n': 'infra.cost_basis' }))),
      h('tbody', {}, ...est.items.map((i) => h('tr', { dataset: { item: i.id } },
        h('td', {}, itemName(i.id)),
        h('td', { class: 'num mono' }, usd(i.monthly_usd)),
        h('td', { class: 'muted small mono' }, basisText(i.basis ?? ''))))),
      h('tfoot', {}, h('tr', {},
        h('th', { scope: 'row', 'data-i18n': 'infra.cost_total' }),
        h('td', { class: 'num mono', id: 'infra-cost-total' }, usd(est.monthly_usd)),
        h('td', { class: 'muted small' }, t('infra.cost_region', { region: est.region ?? '' }))))),
    h('p', { class: 'muted small', id: 'infra-cost-asof' },
      t('infra.prices_as_of', { month: est.prices_as_of ?? '' }), ' ', t('infra.cost_excludes')),
    unpriced.length ? h('p', { class: 'muted small', id: 'infra-cost-unpriced' },
      t('infra.cost_unpriced', { items: unpriced.join(t('plan.list_separator')) })) : null,
    ...notes.map((n, i) => overNote(n, i)));
}

/** An estimate item in words ("Server (EC2 instance)"); an unknown id as it is. */
function itemLabel(id) {
  const key = `infra.cost.${id.replace(/^infra:/, '')}`;
  return has(key) ? t(key) : id;
}

const itemName = (id) => h('span', {}, itemLabel(id));

/** "1 hosted zone × $0.50/month" with its words in the window's language (numbers as they are). */
const basisText = (b) => b.replace(/GB-month/g, t('infra.basis.gb_month')).replace(/hosted zones?/g, t('infra.basis.zone'))
  .replace(/\/month/g, t('infra.basis.per_month'));

/** "About a day to reach your $1 alarm", with a button that raises it to the suggestion. */
function overNote(n, i) {
  const budget = n.code === 'infra_cost_over_budget';
  const suggested = Number(n.params?.suggested);
  const team = /** @type {any} */ (view.ctx.store.team);
  const id = budget ? 'infra-raise-budget' : 'infra-raise-alarm';
  return h('div', { class: 'callout warn', id: `infra-cost-note-${i}`, dataset: { note: n.code } },
    h('strong', {}, noteText(n)),
    h('p', { 'data-i18n': budget ? 'infra.raise_budget_help' : 'infra.raise_alarm_help' }),
    Number.isFinite(suggested) && team?.billing
      ? h('div', { class: 'actions' }, h('button', {
        type: 'button', id,
        onclick: () => {
          if (budget) team.billing.monthly_budget_usd = suggested;
          else team.billing.alarm_threshold_usd = suggested;
          structural();
          document.getElementById('infra-save')?.focus();
        },
      }, t(budget ? 'infra.raise_budget' : 'infra.raise_alarm', { usd: usd(suggested) })))
      : null);
}

function goPlan() {
  return h('div', { class: 'actions infra-go-plan' },
    h('button', { type: 'button', id: 'infra-go-plan', class: 'primary', onclick: () => view.ctx.go('plan') },
      h('span', { 'data-i18n': 'infra.go_plan' })),
    h('span', { class: 'muted small', 'data-i18n': 'infra.go_plan_help' }));
}
