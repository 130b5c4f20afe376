/**
 * The visitor's local time as an agent reads it ("오후 3:04 (UTC+9)"), from the browser's reported IANA zone, else its
 * offset (minutes east of UTC); null when neither is known or the zone is unknown to this browser.
 */
export function localTimeOf(visit: { timeZone: string | null; utcOffset: number | null }, now: Date, locale: string): string | null {
  const offsetLabel = (minutes: number): string => {
    const sign = minutes < 0 ? '-' : '+';
    const abs = Math.abs(minutes);
    return `UTC${sign}${Math.floor(abs / 60)}${abs % 60 ? `:${String(abs % 60).padStart(2, '0')}` : ''}`;
  };
  if (visit.timeZone) {
    try {
      const time = new Intl.DateTimeFormat(locale, { timeZone: visit.timeZone, hour: 'numeric', minute: '2-digit' }).format(now);
      return visit.utcOffset === null ? `${time} (${visit.timeZone})` : `${time} (${offsetLabel(visit.utcOffset)})`;
    } catch {
      // a zone this browser does not know: the offset below
    }
  }
  if (visit.utcOffset === null) return null;
  const shifted = new Date(now.getTime() + visit.utcOffset * 60_000);
  const time = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', hour: 'numeric', minute: '2-digit' }).format(shifted);
  return `${time} (${offsetLabel(visit.utcOffset)})`;
}

/** A page's address as a link target: http(s) only (the server keeps nothing else; checked again here). */
export function pageHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
