// @ts-check
// Server, database & domain (Part 2): the team file's [infra] — one EC2 server, an RDS
// database and a Route 53 zone for a domain bought elsewhere. Settings (infra-settings.js),
// the cost before creating (infra-cost.js), what AWS says and how to connect
// (infra-live.js), the registrar step (infra-dns.js) and teardown (infra-remove.js); the
// state they share is in infra-state.js. Apply itself happens on the Plan screen.

import { h } from '../dom.js';
import { view, infraStatus, teamInfra, currentStatus, currentPlan, loadStatus, loadPlan, refreshNav } from './infra-state.js';
import { settingsPart } from './infra-settings.js';
import { applyProblems, validateNow } from './infra-check.js';
import { costPart } from './infra-cost.js';
import { livePart } from './infra-live.js';
import { dnsPart } from './infra-dns.js';
import { removePart } from './infra-remove.js';
import { partRedrawer, readTeam } from '../parts.js';

/** Sidebar dot: done when every item is done, red when one needs attention; `none` without [infra]. */
export const status = infraStatus;

export function render(main, ctx) {
  view.ctx = ctx;
  const part = (id) => h('div', { class: 'infra-part', id });
  view.parts = {
    live: part('infra-live-part'), dns: part('infra-dns-part'), cost: part('infra-cost-part'),
    settings: part('infra-settings-part'), remove: part('infra-remove-part'),
  };
  view.draw = { settings: drawSettings, cost: drawCost, live: drawLive, dns: drawDns, remove: drawRemove };
  main.append(h('div', { class: 'screen infra-screen' },
    h('h1', {}, h('span', { 'data-i18n': 'infra.title' }),
      h('span', { class: 'aws-term', 'data-i18n': 'term.infra_title' })),
    h('p', { class: 'lead', 'data-i18n': 'infra.lead' }),
    // What AWS says first (status, connection, registrar), then what it costs and the settings.
    view.parts.live, view.parts.dns, view.parts.cost, view.parts.settings, view.parts.remove));
  drawAll();

  const { store } = ctx;
  if (!store.team && !store.teamLoaded && !view.loadingTeam) loadTeam();
  else if (store.team) validateNow();
  afterTeam(ctx.opened ?? false);
}

/** Read what AWS says and the estimate when there is something to read. */
function afterTeam(opened) {
  const { store } = view.ctx;
  if (!teamInfra(store) || !store.identity) return;
  if (!view.statusLoading && (opened || (!currentStatus(store) && !view.statusError))) loadStatus();
  if (!view.planLoading && !currentPlan(store) && !view.planError) loadPlan();
}

/** The working team, when the screen opens before the app's own read finished. */
function loadTeam() {
  readTeam(view, drawSettings, () => {
    drawAll();
    if (view.ctx.store.team) validateNow();
    afterTeam(false);
  });
}

const redrawPart = partRedrawer(() => view.parts);

function drawAll() {
  drawSettings();
  drawCost();
  drawLive();
  drawDns();
  drawRemove();
}

function drawSettings() {
  redrawPart('settings', settingsPart);
  applyProblems();
}

function drawCost() {
  redrawPart('cost', costPart);
}

function drawLive() {
  redrawPart('live', livePart);
  refreshNav();
}

function drawDns() {
  redrawPart('dns', dnsPart);
}

function drawRemove() {
  redrawPart('remove', removePart);
}
