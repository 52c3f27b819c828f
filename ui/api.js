// @ts-check
// The only module that talks to Rust. Every call returns a Promise that rejects with an
// AppError: { code, message, hint, params } (plus `problems` for an invalid team).

/**
 * @typedef {{ code: string, message: string, hint: string|null, params: Record<string,string>,
 *   problems?: Problem[] }} AppError
 * @typedef {{ profile: string|null, region: string|null, login: boolean }} Remembered the last
 *   successful connection's choices (never the MFA code)
 * @typedef {{ account_id: string, user: string, access_key_id: string, mfa_serial?: string }} LoginRef
 *   the stored login, named only (its secret stays in the keychain)
 * @typedef {{ version: string, language: 'ko'|'en', endpoint: string|null, sandbox: boolean,
 *   remembered: Remembered|null, login: LoginRef|null }} AppInfo
 * @typedef {{ name: string, kind: 'sso'|'role'|'process'|'keys'|'other', region: string|null }} ProfileInfo
 * @typedef {{ account_id: string, alias: string|null, alias_error: string|null, arn: string,
 *   user_id: string, principal: 'root'|'user'|'assumed_role'|'other', sign_in_url: string,
 *   region: string, profile: string|null, endpoint: string|null, sandbox: boolean,
 *   mfa_session: boolean, login?: string|null }} Identity `login`: the IAM user of the stored
 *   login when that is the credential source
 *
 * @typedef {{ alias?: string|null, home_region: string, require_mfa: boolean }} TeamAccount
 * @typedef {{ minimum_length: number, require_uppercase: boolean, require_lowercase: boolean,
 *   require_numbers: boolean, require_symbols: boolean, allow_users_to_change: boolean,
 *   max_age_days?: number|null, reuse_prevention?: number|null }} PasswordPolicy
 * @typedef {{ policies: string[], deny_delete: boolean }} Group
 * @typedef {{ user: string, name?: string|null, email?: string|null, groups: string[],
 *   console: boolean }} Member
 * @typedef {{ version: number, account: TeamAccount, password_policy: PasswordPolicy,
 *   billing?: TeamBilling|null, groups: Record<string, Group>, members: Member[],
 *   infra?: Record<string, any>|null }} Team the team file (`infra`: Part 2's `[infra]`)
 * @typedef {{ line: number|null, field: string, code: string, message: string,
 *   params: Record<string,string> }} Problem
 * @typedef {{ policies: string[], services: { id: string, policy: string }[],
 *   default_services: string[] }} Catalog
 * @typedef {{ instance_type: string, disk_gb: number, image_id: string|null, protect: boolean }} ServerValues
 *   a new server's settings, for the plan to word (Part 2)
 * @typedef {{ engine: string, version: string|null, instance_class: string, storage_gb: number,
 *   backup_days: number, protect: boolean, password: 'keychain'|'aws-managed' }} DatabaseValues
 *   a new database's settings, for the plan to word (Part 2)
 * @typedef {{ before: object|null, after: object } | ServerValues | DatabaseValues} ChangeValues
 *   what the plan sends for the UI to word: the password policy's before/after, or Part 2's settings
 * @typedef {{ values?: ChangeValues, id: string, action: 'create'|'update'|'delete', kind: string, owner: string,
 *   target: string, title: string, before: string|null, after: string|null,
 *   risk: string|null, fingerprint: string }} Change
 * @typedef {{ create: number, update: number, delete: number, unchanged: number,
 *   risky: number }} PlanSummary
 * @typedef {{ code: string, params: Record<string, string> }} Note something the plan cannot change
 *   but the lead should know; `code` is a `note.<code>` key, `params` its values
 * @typedef {{ id: string, monthly_usd: number, basis: string }} EstimateItem one line of the estimate
 *   (`basis` in English: "730 h × $0.0104/h")
 * @typedef {{ monthly_usd: number, items: EstimateItem[], prices_as_of: string, region: string,
 *   unpriced?: string[] }} Estimate Part 2's monthly cost, before anything is created
 * @typedef {{ account_id: string, changes: Change[], unchanged: { kind: string, target: string }[],
 *   estimate?: Estimate|null, notes: Note[], orphans: string[], summary: PlanSummary }} Plan
 * @typedef {{ id: string, title: string, kind: string,
 *   state: 'pending'|'running'|'done'|'failed'|'skipped', detail: string|null,
 *   note?: { code: 'already_in_place' } | { code: 'skipped_because', change: string }
 *     | { code: 'waiting', state: string, elapsed_secs: number },
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
 * @typedef {'billing_alerts'|'invoice_email'|'free_tier_alerts'|'mailbox'|'account'|'access_analyzer'|'registrar'} ManualStep
 *
 * @typedef {'console-password'|'root-password'|'mailbox-password'|'ec2-key'|'db-password'} SecretKind
 * @typedef {{ time: string, method: 'sheet'|'age-passphrase'|'age-ssh' }} HandedOff
 * @typedef {{ key: string, account_id: string, kind: SecretKind, name: string, created: string,
 *   note?: string, handed_off?: HandedOff }} SecretEntry a secret described without its value
 * @typedef {{ account_id: string, entries: SecretEntry[], clipboard_seconds: number,
 *   auto_retire: boolean }} SecretListing
 * @typedef {{ length: number, uppercase: boolean, lowercase: boolean, digits: boolean,
 *   symbols: boolean, passphrase: boolean }} PasswordOptions `length` counts words for a passphrase
 * @typedef {{ lang: 'ko'|'en', title: string, user: string, display_name: string|null,
 *   account: string, sign_in_url: string, password: string, steps: string[], warning: string,
 *   qr_svg: string }} Sheet the printable handoff sheet, in the member's language
 * @typedef {{ user: string, key: string, last_sign_in: string }} Retirable
 *
 * @typedef {'done'|'todo'|'attention'|'manual'} CheckState
 * @typedef {{ kind: 'apply'|'resend'|'handoff'|'enrol_mfa' } | { kind: 'confirm', step: ManualStep }
 *   | { kind: 'guide', guide: 'root_mfa'|'registrar' } | { kind: 'console', url: string }} CheckAction
 *   what fixes an item (core's `checklist::Action`)
 * @typedef {{ id: string, state: CheckState, evidence: string, detail: string|null,
 *   action: CheckAction|null, lag?: 'on'|'off' }} CheckItem `evidence` is the code of the fact read
 *   (`evidence.<code>` words it, e.g. `credential_report`); `detail` a date (RFC 3339) or names
 * @typedef {{ user: string, name: string|null, items: CheckItem[] }} MemberChecklist
 * @typedef {{ account: CheckItem[], members: MemberChecklist[], read_at: string, billing: BillingStatus|null }} Checklists
 * @typedef {{ kind: 'root'|'password_policy'|'no_support_role' } | { kind: 'user'|'group', name: string }} Affected
 *   what fails an audit check
 * @typedef {{ cis: string, id: string, outcome: 'pass'|'fail'|'manual', affected: Affected[],
 *   fix: string, confirmed?: string }} AuditCheck `fix` in English (the UI has translated ones);
 *   `confirmed` (RFC 3339): a manual check the lead confirmed, then `outcome` is `pass`
 * @typedef {{ account_id: string, checks: AuditCheck[], passed: number, failed: number,
 *   score: number, read_at: string }} Audit `score`: passed out of answered checks, 0–100
 * @typedef {{ user: string, serial: string, seed: string, qr_svg: string }} MfaEnrollment
 *   `seed` is base32 for typing by hand; `qr_svg` an SVG document
 * @typedef {{ user: string, user_existed: boolean, console_password: boolean,
 *   access_keys: number, mfa_devices: number, ssh_keys: number, signing_certificates: number,
 *   service_credentials: number, groups: string[], policies: number, secrets: number }} Offboarded
 *   `user_existed` false: the IAM user was already gone, only local secrets were retired
 */

/** Tauri's global API (`withGlobalTauri`), untyped here. */
const tauri = /** @type {any} */ (window).__TAURI__;
const invoke = tauri.core.invoke;

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

/** `login: true` connects with the stored login (the lead's own access key in the keychain).
 * @param {{ profile: string|null, region: string|null, mfa_code?: string|null, login?: boolean }} options
 * @returns {Promise<Identity>} */
export const connect = (options) => call('connect', { options });

/** The stored login (names only), if there is one. @returns {Promise<LoginRef|null>} */
export const loginStatus = () => call('login_status');

/**
 * Verify the lead's own access key with STS, keep it only in the OS keychain, then connect
 * with it. Rejects with `invalid_input` (params.field `access_key_id` or `secret_access_key`)
 * for a malformed key or a root user's key.
 * @param {string} accessKeyId @param {string} secretAccessKey @param {string|null} region
 * @returns {Promise<Identity>}
 */
export const loginSave = (accessKeyId, secretAccessKey, region) =>
  call('login_save', { accessKeyId, secretAccessKey, region });

/** Forget the stored login (a connection made with it ends too); the key stays active in AWS.
 * @returns {Promise<LoginRef|null>} the login removed, or null */
export const logout = () => call('logout');

/** Open an AWS console, sign-up or registrar page in the browser (others reject with
 * `invalid_input`). @param {string} url an https URL @returns {Promise<null>} */
export const openLink = (url) => call('open_link', { url });

/** Abort the running operation (the pending promise rejects with code "cancelled"). */
export const cancel = () => call('cancel');

/**
 * Fill in what the file format lets a team leave out (Rust skips empty lists when it
 * serialises), so screens can rely on every list and flag being there.
 * @template {Team|null} T @param {T} team @returns {T}
 */
function withDefaults(team) {
  if (!team) return team;
  team.account = Object.assign({ home_region: 'us-east-1', require_mfa: true }, team.account);
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
 * @param {string[]} confirmed fingerprints of the risky changes the user saw and confirmed;
 *   any other risky change rejects with `confirmation_needed` before anything runs
 * @param {(step: Step) => void} onStep
 * @returns {Promise<Report>}
 */
export function applyTeam(confirmed, onStep) {
  const channel = new tauri.core.Channel();
  channel.onmessage = onStep;
  return call('apply_team', { confirmed, onStep: channel });
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

/** What the keychain holds for the connected account: names and dates, never values
 * (rejects with `not_connected` before Connect). @returns {Promise<SecretListing>} */
export const secretsList = () => call('secrets_list');

/** The value of one secret, on an explicit "reveal".
 * @param {string} key @returns {Promise<string>} */
export const secretReveal = (key) => call('secret_reveal', { key });

/** Copy a secret to the clipboard.
 * @param {string} key @returns {Promise<number>} seconds until the clipboard is cleared
 *   (if it still holds the value) */
export const secretCopy = (key) => call('secret_copy', { key });

/** Delete a secret from the keychain and the index. @param {string} key @returns {Promise<null>} */
export const secretDelete = (key) => call('secret_delete', { key });

/**
 * Generate and store a password for an account-setup step (replaces a stored one).
 * Rejects with `invalid_input` for a length out of range or no character class.
 * @param {'root-password'|'mailbox-password'} kind
 * @param {PasswordOptions} options length 12..128 characters, or 4..12 words
 * @param {string|null} note kept in Baseline's index, not in the secret
 * @returns {Promise<SecretEntry>}
 */
export const secretGenerate = (kind, options, note) => call('secret_generate', { kind, options, note });

/** The printable sheet of a member (holds the temporary password). Rejects with
 * `invalid_input` when no temporary password is stored or the member is not in the team.
 * @param {string} user @param {'ko'|'en'} lang @returns {Promise<Sheet>} */
export const handoffSheet = (user, lang) => call('handoff_sheet', { user, lang });

/** Record that the member got their access. @param {string} user @param {'sheet'} method
 * @returns {Promise<null>} */
export const handoffRecord = (user, method) => call('handoff_record', { user, method });

/**
 * Write the member's access as an `age` file in the Downloads folder and record the handoff.
 * Give exactly one of `sshKey` (an `ssh-ed25519 …` or `ssh-rsa …` line) and `passphrase`
 * (8 characters or more); rejects with `invalid_input` otherwise.
 * @param {string} user @param {'ko'|'en'} lang
 * @param {string|null} sshKey @param {string|null} passphrase
 * @param {boolean} [withServer] also the team server's key and the DB password (Part 2)
 * @returns {Promise<string>} the path written
 */
export const handoffFile = (user, lang, sshKey, passphrase, withServer = false) =>
  call('handoff_file', { user, lang, sshKey, passphrase, withServer });

/** Print the window (the handoff sheet is laid out for paper). @returns {Promise<null>} */
export const printWindow = () => call('print_window');

/** Stored temporary passwords AWS shows were already changed by their owner; with auto-retire
 * on they are deleted at once. @returns {Promise<Retirable[]>} */
export const retireCheck = () => call('retire_check');

/** Delete the stored temporary passwords of these members. @param {string[]} users
 * @returns {Promise<number>} how many were deleted */
export const retire = (users) => call('retire', { users });

/** Delete changed temporary passwords automatically from now on. @param {boolean} on
 * @returns {Promise<null>} */
export const setAutoRetire = (on) => call('set_auto_retire', { on });

/** Generate, store and set a new temporary password (reset required at next sign-in); the
 * member's current password stops working. @param {string} user @returns {Promise<null>} */
export const resetPassword = (user) => call('reset_password', { user });

/** The account checklist and one per member of the saved team, read live from AWS
 * (rejects with `not_connected` before Connect, `io` without a saved team file).
 * @returns {Promise<Checklists>} */
export const statusChecklists = () => call('status_checklists');

/** The security check-up (CIS AWS Foundations Benchmark, IAM section); changes nothing.
 * @returns {Promise<Audit>} */
export const auditRun = () => call('audit_run');

/** CIS 1.17: create the role `BaselineAWSSupport` with AWSSupportAccess, assumable by this
 * account's principals with MFA only (an existing one is reused; safe to repeat).
 * @returns {Promise<string>} the role's name or ARN as the command reports it */
export const auditSupportRole = () => call('audit_support_role');

/** Create a virtual MFA device for the member and return its QR code and seed (a pending
 * enrolment is dropped). Call `mfaFinish` or `mfaCancel` next.
 * @param {string} user @returns {Promise<MfaEnrollment>} */
export const mfaStart = (user) => call('mfa_start', { user });

/**
 * Enable the pending device with two consecutive codes (spaces allowed). Rejects with
 * `invalid_input` for wrong codes; the device stays pending, so two new codes can be tried.
 * @param {string} first @param {string} second @returns {Promise<null>}
 */
export const mfaFinish = (first, second) => call('mfa_finish', { first, second });

/** Drop the pending enrolment: the unused device is deleted. @returns {Promise<null>} */
export const mfaCancel = () => call('mfa_cancel');

/** Lost phone: deactivate and delete every MFA device of the member.
 * @param {string} user @returns {Promise<number>} how many devices were removed */
/**
 * Resynchronise the member's MFA device with two consecutive codes (clock drift).
 * @param {string} user @param {string} first @param {string} second @returns {Promise<null>}
 */
export const mfaResync = (user, first, second) => call('mfa_resync', { user, first, second });

export const mfaRemove = (user) => call('mfa_remove', { user });

/** Remove the member's IAM user and everything on it (password, keys, MFA, SSH keys,
 * certificates, service credentials, groups, policies) and their stored secrets.
 * Irreversible; the team file is left as it is. A user Baseline did not create, or the
 * signed-in identity, is refused with `offboard_confirmation_needed` (params.reasons:
 * "unmanaged,caller") unless `extraConfirmed`.
 * @param {string} user @param {boolean} [extraConfirmed] @returns {Promise<Offboarded>} */
export const offboardMember = (user, extraConfirmed = false) =>
  call('offboard_member', { user, extraConfirmed });

// Part 2: server, database and domain ([infra] in the team file).

/** Part 2's checklist (items like the account checklist's, ids `infra_*`), the connection
 * card, the zone's name servers and the live delegation check; `null` without `[infra]`.
 * @returns {Promise<any>} */
export const infraStatus = () => call('infra_status');

/** Write the server's SSH private key from the keychain to a file only the user can read
 * (a bare name goes to ~/.ssh; never under BASELINE_HOME). @param {string} path
 * @returns {Promise<string>} the path written */
export const infraKeySave = (path) => call('infra_key_save', { path });

/** What teardown would remove (a plan of deletions) and keep (note `infra_keeps`).
 * @param {boolean} includeDns also the hosted zone and its records @returns {Promise<Plan>} */
export const destroyPlan = (includeDns) => call('destroy_plan', { includeDns });

/**
 * Remove the stack; steps arrive through `onStep`. `typed` must be the stack's name.
 * @param {boolean} includeDns @param {string} typed @param {string[]} confirmed fingerprints
 *   of the deletions shown @param {(step: Step) => void} onStep @returns {Promise<Report>}
 */
export function destroyApply(includeDns, typed, confirmed, onStep) {
  const channel = new tauri.core.Channel();
  channel.onmessage = onStep;
  return call('destroy_apply', { includeDns, typed, confirmed, onStep: channel });
}
