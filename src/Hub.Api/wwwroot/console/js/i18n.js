// Message catalogues: Bahasa Indonesia by default, English on request. Every visible string comes from here.
import id from './messages/id.js';
import en from './messages/en.js';

export const catalogues = { id, en };
const STORAGE_KEY = 'hub.console.language';

let current = catalogues[localStorage.getItem(STORAGE_KEY)] ? localStorage.getItem(STORAGE_KEY) : 'id';

/** The current language code: "id" or "en". */
export function language() {
  return current;
}

/** Switches language, remembers it, and sets the document's lang attribute. */
export function setLanguage(code) {
  if (!catalogues[code]) {
    throw new Error(`Unknown language ${code}`);
  }
  current = code;
  localStorage.setItem(STORAGE_KEY, code);
  applyDocumentLanguage();
}

export function applyDocumentLanguage() {
  document.documentElement.lang = current;
}

/** The message for key in the current language, with {name} placeholders filled from params. */
export function t(key, params = {}) {
  const text = catalogues[current][key] ?? catalogues.id[key];
  if (text === undefined) {
    // A missing key is a bug; show the key so that a test or a reviewer sees it.
    console.error(`Missing message: ${key}`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (params[name] !== undefined ? String(params[name]) : whole));
}

/** Formats a number the way the current language writes it. */
export function formatNumber(value, options = {}) {
  if (value === null || value === undefined) {
    return t('common.none');
  }
  return new Intl.NumberFormat(current === 'id' ? 'id-ID' : 'en-GB', options).format(value);
}

/** Formats an ISO time as a local date and time. */
export function formatTime(iso) {
  if (!iso) {
    return t('common.none');
  }
  return new Intl.DateTimeFormat(current === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}

/** Fills elements marked data-i18n (text) and data-i18n-label (aria-label) in the static page. */
export function translateStatic(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of root.querySelectorAll('[data-i18n-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nLabel));
  }
}

/** The message for key, or fallback when the catalogue has none (codes the hub may add later, shown as they are). */
export function tryT(key, fallback) {
  return catalogues[current][key] ?? catalogues.id[key] ?? fallback;
}
