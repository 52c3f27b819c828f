// @ts-check
// Billing: the guard against a surprise bill — a CloudWatch alarm on the estimated charges
// that mails the team through an SNS topic, and an optional monthly budget. The settings
// go to the team file (billing-settings.js); the checklist (billing-live.js) and the chart
// (billing-chart.js) are read from AWS; the state they share is in billing-state.js.

import { h } from '../dom.js';
import { view, currentStatus, teamBilling, anythingToDo } from './billing-state.js';
import { settingsPart } from './billing-settings.js';
import { applyProblems, validateNow } from './billing-check.js';
import { statePart, loadStatus } from './billing-live.js';
import { chartPart } from './billing-chart.js';
import { partRedrawer, readTeam, navRefresher } from '../parts.js';

/** Sidebar dot: red while the alarm is over the limit, green once the guard is complete. */
export function status(store) {
  const live = currentStatus(store);
  if (live?.alarm?.words === 'over_limit') return 'attention';
  const billing = teamBilling(store);
  if (!billing || !live) return 'todo';
  return anythingToDo(live, billing) ? 'todo' : 'done';
}

export function render(main, ctx) {
  view.ctx = ctx;
  view.parts = {
    settings: h('div', { class: 'billing-part', id: 'billing-settings-part' }),
    state: h('div', { class: 'billing-part', id: 'billing-state-part' }),
    chart: h('div', { class: 'billing-part', id: 'billing-chart-part' }),
  };
  view.draw = { settings: drawSettings, state: drawState, chart: drawChart };
  view.root = h('div', { class: 'screen billing-screen' },
    h('h1', {}, h('span', { 'data-i18n': 'billing.title' }),
      h('span', { class: 'aws-term', 'data-i18n': 'term.billing_title' })),
    h('p', { class: 'lead', 'data-i18n': 'billing.lead' }),
    // What AWS says first (the state and the chart), the settings to change it below.
    view.parts.state, view.parts.chart, view.parts.settings);
  main.append(view.root);
  drawSettings();
  drawState();
  drawChart();

  const { store } = ctx;
  if (!store.team && !store.teamLoaded && !view.loadingTeam) loadTeam();
  else if (store.team?.billing) validateNow();
  const live = currentStatus(store);
  if (!view.loading && (ctx.opened || (!live && !view.error))) loadStatus();
}

/** The working team, when the screen opens before the app's own read finished. */
function loadTeam() {
  readTeam(view, drawSettings, () => {
    drawSettings();
    drawState();
    drawChart();
    if (view.ctx.store.team?.billing) validateNow();
  });
}

// ---------------------------------------------------------------------------------------
// Drawing one part at a time, so typing in the settings survives a status arriving.

/** Draw one part again, keeping the keyboard focus where it was. */
const redrawPart = partRedrawer(() => view.parts);

function drawSettings() {
  redrawPart('settings', settingsPart);
  applyProblems();
}

function drawState() {
  redrawPart('state', statePart);
  refreshNav();
}

function drawChart() {
  redrawPart('chart', chartPart);
}

/** Redraw the sidebar only when this screen's dot changes. */
const refreshNav = navRefresher(view, status);
