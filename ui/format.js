// @ts-check
// Dates and times in the window's language, and SVG images as data: URLs; shared by the screens.

import { language } from './i18n.js';

/** The locale dates are written in: Korean, or English with day-month order. */
export const locale = () => (language() === 'ko' ? 'ko-KR' : 'en-GB');

/** "29 Nov" / "11월 29일". @param {string} iso */
export const shortDate = (iso) => new Date(iso).toLocaleDateString(locale(), { day: 'numeric', month: 'short' });

/** "29 Nov 2024" / "2024. 11. 29.". @param {string} iso */
export const longDate = (iso) => new Date(iso).toLocaleDateString(locale(), { dateStyle: 'medium' });

/**
 * The local date and time, e.g. "29 Nov 2024, 14:05"; a text that is no date as it came.
 * @param {string} text RFC 3339
 */
export function dateTime(text) {
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) return text;
  return d.toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * The local time of day, e.g. "14:05" (now, for a text that is no date).
 * @param {string|Date} value RFC 3339 or a Date
 */
export function timeOfDay(value) {
  const d = new Date(value);
  return (Number.isNaN(d.getTime()) ? new Date() : d).toLocaleTimeString(locale(), { timeStyle: 'short' });
}

/** An SVG document as a data: URL (base64 of its UTF-8 bytes). @param {string} svg */
export function svgDataUrl(svg) {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}
