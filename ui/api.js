// The only module that talks to Rust. Every call returns a Promise that rejects with an
// AppError: { code, message, hint, params }.

/**
 * @typedef {{ code: string, message: string, hint: string|null, params: Record<string,string> }} AppError
 * @typedef {{ version: string, language: 'ko'|'en', endpoint: string|null, sandbox: boolean }} AppInfo
 * @typedef {{ name: string, kind: 'sso'|'role'|'process'|'keys'|'other', region: string|null }} ProfileInfo
 * @typedef {{ account_id: string, alias: string|null, alias_error: string|null, arn: string,
 *   user_id: string, principal: 'root'|'user'|'assumed_role'|'other', sign_in_url: string,
 *   region: string, profile: string|null, endpoint: string|null, sandbox: boolean }} Identity
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
