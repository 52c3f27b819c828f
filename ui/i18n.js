// Every visible string comes from i18n/{ko,en}.json. t() looks a key up and fills {params}.

let table = {};
let current = 'en';
const listeners = new Set();

/** @param {'ko'|'en'} lang */
export async function setLanguage(lang) {
  const res = await fetch(`i18n/${lang}.json`);
  table = await res.json();
  current = lang;
  document.documentElement.lang = lang;
  translate(document);
  listeners.forEach((fn) => fn(lang));
}

export const language = () => current;

/** Call fn after every language change (screens re-render their dynamic text). */
export const onLanguageChange = (fn) => listeners.add(fn);

/** @param {string} key @param {Record<string, string|number>} [params] */
export function t(key, params = {}) {
  const text = table[key];
  if (text === undefined) {
    console.warn(`missing i18n key: ${key}`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** True when the table has the key (for optional per-code messages). */
export const has = (key) => key in table;

/** Fill data-i18n (text), data-i18n-title, data-i18n-aria and data-i18n-placeholder. */
export function translate(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-title]').forEach((el) => { el.title = t(el.dataset.i18nTitle); });
  root.querySelectorAll('[data-i18n-aria]').forEach((el) => {
    el.setAttribute('aria-label', t(el.dataset.i18nAria));
  });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  });
}
