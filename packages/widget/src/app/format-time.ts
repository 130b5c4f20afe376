import type { Locale } from './i18n.ts';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, withDate: boolean): Intl.DateTimeFormat {
  const key = `${locale}:${withDate}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      ...(withDate ? { month: 'short', day: 'numeric' } : {}),
      hour: 'numeric',
      minute: '2-digit',
    });
    formats.set(key, format);
  }
  return format;
}

/** A server timestamp for display: the time, with the date when it is not today. Empty when not a date. */
export function formatMessageTime(iso: string, locale: Locale, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return formatter(locale, date.toDateString() !== now.toDateString()).format(date);
}
