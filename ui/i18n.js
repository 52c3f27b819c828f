// @ts-check
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

/**
 * Fill `{name}` with a parameter. `{name|은는}` also adds the Korean particle that fits the
 * value's last sound (은/는, 이/가, 을/를, 과/와, 으로/로, 이나/나, 이에요/예요, 아/야); text
 * before the pair is kept between value and particle, e.g. `“{user|”은는}` → “kim”은.
 * @param {string} key @param {Record<string, string|number>} [params]
 */
export function t(key, params = {}) {
  const text = table[key];
  if (text === undefined) {
    console.warn(`missing i18n key: ${key}`);
    return key;
  }
  return text.replace(/\{(\w+)(?:\|([^{}]+))?\}/g, (m, name, pair) => {
    if (!(name in params)) return m;
    const value = String(params[name]);
    return pair === undefined ? value : value + withParticle(value, pair);
  });
}

/** Particle pairs: after a final consonant, after a vowel (으로/로 also after ㄹ). */
const PARTICLES = {
  은는: ['은', '는'], 이가: ['이', '가'], 을를: ['을', '를'], 과와: ['과', '와'],
  으로로: ['으로', '로'], 이나나: ['이나', '나'], 이에요예요: ['이에요', '예요'], 아야: ['아', '야'],
};

/** Korean readings of the digits: which end in a consonant, and which in ㄹ (일, 칠, 팔). */
const DIGIT_FINAL = { 0: 'c', 1: 'l', 2: '', 3: 'c', 4: '', 5: '', 6: 'c', 7: 'l', 8: 'l', 9: '' };

/**
 * How a value ends when read in Korean: 'c' (a final consonant), 'l' (final ㄹ), '' (a
 * vowel) or null (unsure: a Latin name like "park" may be read either way).
 * @param {string} value
 */
export function finalSound(value) {
  const s = value.replace(/[\s"'“”‘’)\]」』>.,!?]+$/u, '');
  const ch = s.slice(-1);
  if (!ch) return null;
  const code = ch.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) {
    const jong = (code - 0xac00) % 28;
    if (jong === 0) return '';
    return jong === 8 ? 'l' : 'c';
  }
  if (/[0-9]/.test(ch)) return DIGIT_FINAL[ch];
  const lower = s.toLowerCase();
  if (/(?:m|n|ng)$/.test(lower)) return 'c';
  if (/(?:l|ll)$/.test(lower)) return 'l';
  if (/[aeiouy]$/.test(lower) || /(?:ee|ie|ae)$/.test(lower)) return '';
  return null;
}

/** The particle of a pair key for a value (the "(은)는" form when unsure). */
function withParticle(value, pairSpec) {
  const key = Object.keys(PARTICLES).find((k) => pairSpec.endsWith(k));
  if (!key) return pairSpec;
  const glue = pairSpec.slice(0, -key.length);
  const [after, plain] = PARTICLES[key];
  const sound = finalSound(value);
  if (sound === null) {
    // "(은)는", "(이)가", "(으)로": the Korean convention when the reading is unknown.
    const extra = after.endsWith(plain) ? after.slice(0, -plain.length) : after;
    return after.endsWith(plain) ? `${glue}(${extra})${plain}` : `${glue}${after}(${plain})`;
  }
  if (key === '으로로') return glue + (sound === 'c' ? after : plain);
  return glue + (sound ? after : plain);
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
