// @ts-check
// Errors in the user's words: a translated title and hint, the facts a person may search for,
// and the panel that shows them next to what failed. Shared by every screen.

import { h } from './dom.js';
import { t, has } from './i18n.js';
import { dateTime } from './format.js';

/** Codes whose message carries an AWS error code (`params.aws_code`). */
const AWS_CODES = new Set(['aws', 'access_denied', 'invalid_credentials']);

/** The translated sentence for an AWS error code (`ThrottlingException` → `Throttling`), if any. */
function awsCodeKey(code) {
  if (!code) return null;
  for (const c of [code, code.replace(/Exception$/, '')]) {
    if (has(`aws_code.${c}`)) return `aws_code.${c}`;
  }
  return null;
}

/** The English message without empty "()" or a dangling ":" (nothing left: null). */
export function rawDetail(message) {
  const text = String(message ?? '')
    .replace(/\s*\(\s*\)/g, '')
    .replace(/[\s:]+$/g, '')
    .trim();
  return text || null;
}

/**
 * An error in the user's words: a translated title and hint, the facts a person may search
 * for (AWS operation and error code, each on its own, never inside a sentence) and the raw
 * English message for the "details" toggle (null when there is none).
 * @param {import('./api.js').AppError} err
 * @returns {{ title: string, hint: string|null, facts: [string, string][], detail: string|null }}
 */
export function errorWords(err) {
  const code = err?.code ?? 'internal';
  const params = { ...(err?.params ?? {}) };
  const key = `error.${code}`;
  const facts = [];
  let detail = rawDetail(err?.message);
  // "<operation> failed (<code>): <AWS's message>": nothing to show when AWS said nothing.
  if (AWS_CODES.has(code) && detail && !rawDetail(String(err.message).split('): ').slice(1).join('): '))) {
    detail = null;
  }
  if (code === 'busy') {
    const op = params.operation;
    params.operation = has(`busy.op.${op}`) ? t(`busy.op.${op}`) : t('busy.op.unknown');
    if (params.pid) facts.push(['error.fact_process', params.pid]);
    if (params.since) facts.push(['error.fact_since', dateTime(params.since)]);
  }
  let title = /** @type {string|null} */ (null);
  if (code === 'invalid_input') {
    // The field in the user's words; one without a name is not shown raw inside a sentence.
    const named = `field.input.${params.field}`;
    if (has(named)) params.field = t(named);
    else title = t('error.invalid_input_value');
  }
  let hintKey = has(`${key}.hint`) ? `${key}.hint` : null;
  if (AWS_CODES.has(code)) {
    const aws = awsCodeKey(params.aws_code);
    if (aws) title = t(aws);
    // A known AWS code's sentence says what to do; an unknown one points at the details.
    if (code === 'aws') hintKey = aws ? null : (detail ? 'error.aws.hint' : 'error.aws.retry');
    if (params.operation) facts.push(['error.fact_operation', params.operation]);
    if (params.aws_code) facts.push(['error.fact_code', params.aws_code]);
  }
  const translated = has(key);
  if (!title) title = translated ? t(key, params) : (detail ?? t('error.internal'));
  // Rust's hint is English: only for a code the tables do not know at all.
  const hint = hintKey ? t(hintKey, params) : (translated ? null : (err?.hint || null));
  // Without a translation the English message is the title already: not repeated below.
  return { title: title ?? '', hint, facts, detail: translated || AWS_CODES.has(code) ? detail : null };
}

/** "AWS operation: iam:CreateUser · Error code: EntityAlreadyExists", small and grey. */
/** @param {[string, string][]} facts @param {'p'|'span'|'div'} [tag] */
export function errorFacts(facts, tag = 'p') {
  if (!facts.length) return null;
  return h(tag, { class: 'error-facts muted small' },
    ...facts.flatMap(([label, value], i) => [
      i ? h('span', { 'aria-hidden': 'true' }, ' · ') : null,
      h('span', { class: 'error-fact' }, h('span', {}, t(label)), ' ', h('span', { class: 'mono' }, value)),
    ]));
}

/** @param {import('./api.js').AppError} err @param {string} [id] the panel's id */
export function errorPanel(err, id = undefined) {
  const w = errorWords(err);
  return h('div', { class: 'callout danger', role: 'alert', id, dataset: { code: err.code } },
    h('strong', {}, w.title),
    w.hint ? h('p', {}, w.hint) : null,
    errorFacts(w.facts),
    w.detail
      ? h('details', {}, h('summary', { 'data-i18n': 'error.details' }), h('pre', { class: 'mono small' }, w.detail))
      : null);
}

/**
 * The error panel, with Baseline's own explanation for bad input (it names what to fix).
 * @param {import('./api.js').AppError} err @param {string} [id] the panel's id
 */
export function inputErrorPanel(err, id = undefined) {
  const panel = errorPanel(err, id);
  if (err.code === 'invalid_input' && err.message) {
    panel.querySelector('strong')?.after(h('p', { class: 'wrap' }, err.message));
  }
  return panel;
}
