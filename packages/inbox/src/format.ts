/** Dates for people: the time alone for today, else a short date and time, in the inbox locale. */
import type { Locale } from './i18n.ts';

const INTL_LOCALE: Record<Locale, string> = { en: 'en-US', ko: 'ko-KR' };

/** Formatters are costly to build (a list of thousands of rows formats two dates per row drawn): one per locale and style. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, style: 'time' | 'dayTime' | 'full'): Intl.DateTimeFormat {
  const key = `${locale}:${style}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      style === 'time'
        ? { hour: 'numeric', minute: '2-digit' }
        : style === 'dayTime'
          ? { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }
          : { dateStyle: 'medium', timeStyle: 'short' };
    f = new Intl.DateTimeFormat(INTL_LOCALE[locale], options);
    formatters.set(key, f);
  }
  return f;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

export function formatTime(iso: string, locale: Locale, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return formatter(locale, sameDay(date, now) ? 'time' : 'dayTime').format(date);
}

/** The full date and time, for `title` attributes and the contact sidebar. */
export function formatDateTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return formatter(locale, 'full').format(date);
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/** A file size for people, in binary steps: `512 B`, `1.5 KB`, `10 MB` (one decimal at most, locale digits). */
export function formatBytes(bytes: number, locale: Locale): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const number = new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
  return `${number} ${BYTE_UNITS[unit]}`;
}
