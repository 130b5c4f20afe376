/**
 * What the widget tells the desk of a visitor's browsing (page tracking, `Parley.trackPage`, `Parley.setAttributes`),
 * kept on their contact. Runtime-free of zod: the widget and the inbox import it.
 */

/** One page the visitor saw; `at` is the server's time of the report (minus the age the widget reported). */
export interface PageView {
  url: string;
  title: string;
  at: string;
}

export interface ContactVisit {
  /** The page the visitor is on (the newest reported). */
  page: PageView | null;
  /** Newest first, one entry per URL, at most `MAX_RECENT_PAGES`; the current page is the first. */
  recent: PageView[];
  /** The browser's IANA time zone (e.g. `Asia/Seoul`), for the visitor's local time. */
  timeZone: string | null;
  /** Minutes east of UTC the browser reported (Seoul: 540); used when the zone is unknown. */
  utcOffset: number | null;
  /** The browser's language (`navigator.language`). */
  language: string | null;
  /** What the site said of the visitor with `Parley.setAttributes` (unverified: the page's own words). */
  attributes: Record<string, string>;
  updatedAt: string;
}

export const MAX_RECENT_PAGES = 10;
export const MAX_PAGE_URL = 2000;
export const MAX_PAGE_TITLE = 200;
export const MAX_SITE_ATTRIBUTES = 20;
export const MAX_ATTRIBUTE_KEY = 40;
export const MAX_ATTRIBUTE_VALUE = 200;
/**
 * A page of the widget sends at most one context report per this many ms: the server's own pace for a visitor (one
 * write a second, plus a small burst for a visitor whose every page load reports at once: `visitPerVisitor`).
 */
export const VISIT_REPORT_EVERY_MS = 1000;
/** A site attribute key: a letter, then letters, digits, `_`, `.` or `-`. */
export const ATTRIBUTE_KEY = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** Only http(s) pages are reported and kept. */
export function isPageUrl(url: string): boolean {
  return url.length <= MAX_PAGE_URL && /^https?:\/\/[^\s]+$/i.test(url);
}
