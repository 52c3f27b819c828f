// @ts-check
// Billing screen: the chart of estimated charges over the last 30 days, drawn as inline SVG
// (no library). Colours come from classes in styles.css, so the dark theme works.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { sectionTitle } from '../parts.js';
import { view, currentStatus, teamBilling, usd } from './billing-state.js';
import { dateTime, shortDate } from '../format.js';

const NS = 'http://www.w3.org/2000/svg';
/** The drawing's own units; the SVG scales to the card's width. */
const W = 640;
const H = 220;
const M = { left: 58, right: 14, top: 14, bottom: 30 };
const HOUR = 3600 * 1000;
/** Headroom above the highest of threshold, budget and charges. */
const HEADROOM = 1.15;
/** Labels closer than this (in drawing units) would overlap. */
const LABEL_GAP = 14;

/** An SVG element: attributes set as attributes, text as text. */
function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null && v !== false) el.setAttribute(k, String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** The chart card, once a status was read. */
export function chartPart() {
  const { store } = view.ctx;
  const status = currentStatus(store);
  if (!status || view.error) return null;
  const billing = teamBilling(store);
  // What AWS has; what the file asks for until the alarm or budget exists.
  const threshold = status.alarm?.threshold ?? billing?.alarm_threshold_usd ?? null;
  const budget = status.budget?.limit_usd ?? billing?.monthly_budget_usd ?? null;
  const points = status.chart
    .filter((p) => Number.isFinite(Date.parse(p.time)) && Number.isFinite(p.usd))
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  return h('section', { class: 'card', id: 'billing-chart' },
    sectionTitle('billing.chart_title', 'term.estimated_charges'),
    h('p', { class: 'muted small', 'data-i18n': 'billing.chart_help' }),
    points.length
      ? drawChart(points, threshold, budget)
      : h('p', { class: 'chart-empty muted', id: 'billing-chart-empty', 'data-i18n': 'billing.chart_empty' }));
}

/** A step of 1, 2, 2.5 or 5 times a power of ten giving about `count` ticks up to `top`. */
function niceStep(top, count) {
  const raw = top / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const factor = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
  return factor * mag;
}

/** "$0.50", "$10": cents only where the steps need them. */
function tickLabel(v, step) {
  const digits = step < 1 || !Number.isInteger(step) ? 2 : 0;
  return `$${v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/**
 * @param {{ time: string, usd: number }[]} points oldest first, at least one
 * @param {number|null} threshold the alarm's, in USD
 * @param {number|null} budget the monthly budget, in USD
 */
function drawChart(points, threshold, budget) {
  let lo = Date.parse(points[0].time);
  let hi = Date.parse(points[points.length - 1].time);
  if (hi - lo < HOUR) {
    lo -= 12 * HOUR;
    hi += 12 * HOUR;
  }
  const highest = Math.max(threshold ?? 0, budget ?? 0, ...points.map((p) => p.usd));
  const top = (highest > 0 ? highest : 1) * HEADROOM;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (ms) => M.left + ((ms - lo) / (hi - lo)) * plotW;
  const y = (v) => M.top + plotH - (v / top) * plotH;
  const f = (n) => n.toFixed(1);

  const step = niceStep(top, 4);
  const ticks = [];
  for (let i = 0; i * step <= top + 1e-9; i += 1) ticks.push(i * step);
  const grid = ticks.map((v) => svg('g', { class: 'chart-tick' },
    svg('line', { class: v === 0 ? 'chart-axis' : 'chart-grid', x1: M.left, x2: W - M.right, y1: f(y(v)), y2: f(y(v)) }),
    svg('text', { class: 'chart-text', x: M.left - 6, y: f(y(v)), 'text-anchor': 'end', 'dominant-baseline': 'middle' },
      tickLabel(v, step))));

  const first = points[0].time;
  const last = points[points.length - 1].time;
  const dateY = H - 10;
  const dates = shortDate(first) === shortDate(last)
    ? [svg('text', { class: 'chart-text chart-date', x: f(x(Date.parse(first))), y: dateY, 'text-anchor': 'middle' }, shortDate(first))]
    : [svg('text', { class: 'chart-text chart-date', x: M.left, y: dateY, 'text-anchor': 'start' }, shortDate(first)),
      svg('text', { class: 'chart-text chart-date', x: W - M.right, y: dateY, 'text-anchor': 'end' }, shortDate(last))];

  const d = points.map((p, i) => `${i ? 'L' : 'M'}${f(x(Date.parse(p.time)))},${f(y(p.usd))}`).join(' ');
  const over = (p) => threshold !== null && p.usd > threshold;
  const parts = [svg('path', { class: 'chart-line', d })];
  if (points.some(over)) {
    // The same line again, red, shown only above the threshold.
    parts.unshift(svg('defs', {}, svg('clipPath', { id: 'billing-over-clip' },
      svg('rect', { x: 0, y: 0, width: W, height: f(y(threshold)) }))));
    parts.push(svg('path', { class: 'chart-line chart-line-over', d, 'clip-path': 'url(#billing-over-clip)' }));
  }
  const dots = points.map((p) => svg('circle', {
    class: over(p) ? 'chart-point chart-point-over' : 'chart-point',
    cx: f(x(Date.parse(p.time))), cy: f(y(p.usd)), r: points.length > 60 ? 1.75 : 2.75,
  }, svg('title', {}, `${usd(p.usd)} · ${dateTime(p.time)}`)));

  const lines = [];
  const ty = threshold !== null ? y(threshold) : 0;
  if (threshold !== null) {
    lines.push(limitLine('chart-threshold', ty, ty - 5, t('billing.chart_alarm', { limit: usd(threshold) })));
  }
  if (budget !== null) {
    const by = y(budget);
    const below = ty !== null && Math.abs(by - ty) < LABEL_GAP && by >= ty;
    lines.push(limitLine('chart-budget', by, below ? by + 13 : by - 5, t('billing.chart_budget', { limit: usd(budget) })));
  }

  const summary = [t('billing.chart_aria', { usd: usd(points[points.length - 1].usd), date: shortDate(last) })];
  if (threshold !== null) summary.push(t('billing.chart_aria_alarm', { limit: usd(threshold) }));
  if (budget !== null) summary.push(t('billing.chart_aria_budget', { limit: usd(budget) }));
  return svg('svg', {
    class: 'chart', role: 'img', 'aria-label': summary.join('; '),
    viewBox: `0 0 ${W} ${H}`, width: '100%',
  }, grid, dates, lines.map((l) => l.line), parts, dots, lines.map((l) => l.label));
}

/**
 * A dashed horizontal line across the plot and its label at the left end (charges add up
 * over the month, so the points are usually lowest there); the label is drawn last.
 */
function limitLine(cls, lineY, textY, label) {
  return {
    line: svg('line', { class: `chart-limit ${cls}`, x1: M.left, x2: W - M.right, y1: lineY.toFixed(1), y2: lineY.toFixed(1) }),
    label: svg('text', {
      class: `chart-text chart-limit-label ${cls}-label`, x: M.left + 6, y: textY.toFixed(1), 'text-anchor': 'start',
    }, label),
  };
}
