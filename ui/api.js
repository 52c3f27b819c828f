// The only module that talks to Rust. Every call returns a Promise that rejects with an
// AppError: { code, message, hint, params } (plus `problems` for an invalid team).

/**
 * @typedef {{ code: string, message: string, hint: string|null, params: Record<string,string>,
 *   problems?: Problem[] }} AppError
 * @typedef {{ version: string, language: 'ko'|'en', endpoint: string|null, sandbox: boolean }} AppInfo
 * @typedef {{ name: string, kind: 'sso'|'role'|'process'|'keys'|'other', region: string|null }} ProfileInfo
 * @typedef {{ account_id: string, alias: string|null, alias_error: string|null, arn: string,
 *   user_id: string, principal: 'root'|'user'|'assumed_role'|'other', sign_in_url: string,
 *   region: string, profile: string|null, endpoint: string|null, sandbox: boolean }} Identity
 *
 * @typedef {{ alias?: string|null, home_region: string, require_mfa: boolean }} TeamAccount
 * @typedef {{ minimum_length: number, require_uppercase: boolean, require_lowercase: boolean,
 *   require_numbers: boolean, require_symbols: boolean, allow_users_to_change: boolean,
 *   max_age_days?: number|null, reuse_prevention?: number|null }} PasswordPolicy
 * @typedef {{ policies: string[], deny_delete: boolean }} Group
 * @typedef {{ user: string, name?: string|null, email?: string|null, groups: string[],
 *   console: boolean }} Member
 * @typedef {{ version: number, account: TeamAccount, password_policy: PasswordPolicy,
 *   billing?: TeamBilling|null, groups: Record<string, Group>, members: Member[] }} Team
 * @typedef {{ line: number|null, field: string, code: string, message: string,
 *   params: Record<string,string> }} Problem
 * @typedef {{ policies: string[], services: { id: string, policy: string }[],
 *   default_services: string[] }} Catalog
 * @typedef {{ values?: { before: object|null, after: object }, id: string, action: 'create'|'update'|'delete', kind: string, owner: string,
 *   target: string, title: string, before: string|null, after: string|null,
 *   risk: string|null }} Change
 * @typedef {{ create: number, update: number, delete: number, unchanged: number,
 *   risky: number }} PlanSummary
 * @typedef {{ account_id: string, changes: Change[], unchanged: { kind: string, target: string }[],
 *   orphans: string[], summary: PlanSummary }} Plan
 * @typedef {{ id: string, title: string, kind: string,
 *   state: 'pending'|'running'|'done'|'failed'|'skipped', detail: string|null,
 *   error?: AppError }} Step
 * @typedef {{ account_id: string, steps: Step[], done: number, failed: number,
 *   skipped: number }} Report
 *
 * @typedef {{ alarm_threshold_usd: number, notify: string[], monthly_budget_usd?: number,
 *   budget_alert_percents?: number[] }} TeamBilling the team file's `[billing]`
 * @typedef {{ state: 'enabled' } | { state: 'disabled', keys: string[] }
 *   | { state: 'unknown', reason: string }} BillingAlerts the "receive billing alerts" preference
 * @typedef {{ email: string, state: 'confirmed'|'pending' }} BillingSubscription
 * @typedef {{ threshold: number, state: 'OK'|'ALARM'|'INSUFFICIENT_DATA',
 *   words: 'ok'|'over_limit'|'waiting_for_data', updated: string|null }} BillingAlarm
 * @typedef {{ kind: 'ACTUAL'|'FORECASTED', percent: number, emails: string[]|null }} BudgetNotification
 * @typedef {{ limit_usd: number, notifications: BudgetNotification[],
 *   subscribers_unreadable: string|null }} BillingBudget
 * @typedef {{ alerts: BillingAlerts, topic_arn: string|null, subscriptions: BillingSubscription[],
 *   alarm: BillingAlarm|null, budget: BillingBudget|null,
 *   chart: { time: string, usd: number }[] }} BillingStatus `chart`: estimated charges, oldest first
 * @typedef {'billing_alerts'|'invoice_email'|'free_tier_alerts'} ManualStep
 */

const invoke = window.__TAURI__.core.invoke;

/** @param {unknown} err @returns {AppError} */
function normalise(err) {
  if (err && typeof err === 'object' && 'code' in err) return /** @type {AppError} */ (err);
  return { code: 'internal', message: String(err), hint: null, params: {} };
}

/** @template T @param {string} cmd @param {object} [args] @returns {Promise<T>} */
async function call(cmd, args) {
  try {
    return await invoke(cmd, args);
  } catch (err) {
    throw normalise(err);
  }
}

/** @returns {Promise<AppInfo>} */
export const appInfo = () => call('app_info');

/** @param {'ko'|'en'} language */
export const setLanguage = (language) => call('set_language', { language });

/** @returns {Promise<ProfileInfo[]>} */
export const listProfiles = () => call('list_profiles');

/** @param {{ profile: string|null, region: string|null }} options @returns {Promise<Identity>} */
export const connect = (options) => call('connect', { options });

/** Abort the running operation (the pending promise rejects with code "cancelled"). */
export const cancel = () => call('cancel');

/**
 * Fill in what the file format lets a team leave out (Rust skips empty lists when it
 * serialises), so screens can rely on every list and flag being there.
 * @param {Team|null} team @returns {Team|null}
 */
function withDefaults(team) {
  if (!team) return team;
  team.account = { home_region: 'us-east-1', require_mfa: true, ...team.account };
  team.groups ??= {};
  for (const g of Object.values(team.groups)) {
    g.policies ??= [];
    g.deny_delete ??= false;
  }
  team.members ??= [];
  for (const m of team.members) {
    m.groups ??= [];
    m.console ??= true;
  }
  return team;
}

/** The working team file; `team` is null until one is created or imported.
 * @returns {Promise<{ team: Team|null, path: string }>} */
export const teamLoad = () => call('team_load').then((r) => ({ ...r, team: withDefaults(r.team) }));

/** The starter team (lead, backend, frontend, pm), not saved yet.
 * @param {string[]} services catalog service ids for the backend group @returns {Promise<Team>} */
export const teamNew = (services) => call('team_new', { services }).then(withDefaults);

/** @returns {Promise<Catalog>} */
export const teamCatalog = () => call('team_catalog');

/** @param {Team} team @returns {Promise<Problem[]>} empty when valid */
export const teamValidate = (team) => call('team_validate', { team });

/** Save the working team (rejects with `invalid_team` and `problems`; nothing written).
 * @param {Team} team @returns {Promise<string>} the path written */
export const teamSave = (team) => call('team_save', { team });

/** Parse TOML text and save it as the working team.
 * @param {string} name file name, for messages @param {string} text @returns {Promise<Team>} */
export const teamImport = (name, text) => call('team_import', { name, text }).then(withDefaults);

/** Write the saved team to the Downloads folder. @returns {Promise<string>} the path */
export const teamExport = () => call('team_export');

/** What apply would change; changes nothing. @returns {Promise<Plan>} */
export const planTeam = () => call('plan_team');

/**
 * Plan afresh and apply; every step's state arrives through `onStep` as it changes.
 * @param {boolean} confirmRisky true once the user confirmed the risky changes
 * @param {(step: Step) => void} onStep
 * @returns {Promise<Report>}
 */
export function applyTeam(confirmRisky, onStep) {
  const channel = new window.__TAURI__.core.Channel();
  channel.onmessage = onStep;
  return call('apply_team', { confirmRisky, onStep: channel });
}

/** The billing guard as it is in the connected account, and the last 30 days of estimated
 * charges (rejects with `not_connected` before Connect). @returns {Promise<BillingStatus>} */
export const billingStatus = () => call('billing_status');

/** Subscribe the address again: AWS resends the confirmation mail (no duplicate).
 * @param {string} email @returns {Promise<null>} */
export const billingResend = (email) => call('billing_resend', { email });

/** The manual console steps confirmed so far for the connected account.
 * @returns {Promise<Partial<Record<ManualStep, string>>>} step → when (RFC 3339) */
export const manualSteps = () => call('manual_steps');

/** Record that the lead did a manual step in the console.
 * @param {ManualStep} step @returns {Promise<string>} when it was recorded (RFC 3339) */
export const manualStepDone = (step) => call('manual_step_done', { step });
