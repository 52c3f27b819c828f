// @ts-check
// Plan screen: the state its parts share. Imports nothing from the other plan-*.js modules,
// so the module graph has no cycles.


export const ACCOUNT_KINDS = new Set(['password_policy', 'alias', 'managed_policy']);
export const GROUP_KINDS = new Set(['group', 'group_policy', 'group_inline_policy']);
/** A symbol per action, so colour is never the only sign. */
export const MARKS = { create: '+', update: '~', delete: '−' };
export const STATE_ICONS = { pending: '○', done: '✓', failed: '!', skipped: '–' };

/** Screen-local state kept across re-renders (language switch, navigation). */
export const view = {
  /** @type {HTMLElement|null} */ root: null,
  ctx: /** @type {import('../app.js').Ctx} */ (/** @type {unknown} */ (null)),
  planning: false,
  seq: 0,
  /** @type {import('../api.js').AppError|null} */ error: null,
  confirming: false,
  understood: false,
  applying: false,
  /** @type {Map<string, import('../api.js').Step>} by change id */ steps: new Map(),
  /** @type {import('../api.js').Report|null} */ report: null,
  /** @type {import('../api.js').AppError|null} */ applyError: null,
  /** @type {Map<string, HTMLElement>} change id → its row, for live updates */ rows: new Map(),
};
