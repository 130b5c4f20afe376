import { MAX_RECENT_PAGES, VISIT_REPORT_EVERY_MS } from '@parley/protocol/visit';
import type { TrackedPage } from './page-tracker.ts';
import type { SiteAttributes } from './site-attributes.ts';

export { VISIT_REPORT_EVERY_MS };

/** After a failure, the wait doubles up to this many times (1 s … 64 s); a success resets it. */
const MAX_BACKOFF_DOUBLINGS = 6;

export interface VisitReporterOptions {
  /**
   * `POST /api/v1/widget/context` as the page's `fetch` does it; resolves with the HTTP status (0: no answer) and
   * the answer's `Retry-After` in seconds (0: none, or not a number of seconds).
   */
  send(token: string, body: string): Promise<readonly [status: number, retryAfter: number]>;
  /** The stored visitor token of the page's visitor, read afresh each time (null before their first chat). */
  token(): string | null;
  now?: () => number;
  /** What the browser says of itself, sent with every report. */
  browser: () => { timeZone?: string; utcOffset: number; language?: string };
  every?: number;
}

export interface VisitReporter {
  page(page: TrackedPage): void;
  attributes(attributes: SiteAttributes): void;
  /** Try now (a token may have been stored: the visitor's first chat has begun). */
  flush(): void;
}

/**
 * Reports pages and the site's attributes for a visitor who has a session: at once, then one request per `every` ms
 * at most (route changes meanwhile go together in the next report, the current page last; a page that loops
 * `pushState` costs nothing more). Before the visitor's first chat there is no token: everything waits in memory, at
 * most `MAX_RECENT_PAGES` pages, and nothing is sent or stored. A report the server did not store is kept under what
 * came since and sent again once, with them, after the server's `Retry-After` (429) or a wait that doubles with each
 * failure in a row (offline, server errors): never a storm of retries, and never a word on the console. A stale token
 * (401) waits for a new one; an invalid report (400) is dropped.
 */
export function createVisitReporter(options: VisitReporterOptions): VisitReporter {
  const now = options.now ?? Date.now;
  const every = options.every ?? VISIT_REPORT_EVERY_MS;
  let pages: TrackedPage[] = [];
  let attributes: SiteAttributes = {};
  let nextAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sending = false;
  let failures = 0; // in a row

  const flush = (): void => {
    clearTimeout(timer);
    const token = options.token();
    if (sending || !token || (pages.length === 0 && Object.keys(attributes).length === 0)) return;
    const at = now();
    if (nextAt > at) {
      timer = setTimeout(flush, nextAt - at);
      return;
    }
    const sent = { pages, attributes };
    pages = [];
    attributes = {};
    nextAt = at + every;
    sending = true;
    const body = {
      ...options.browser(),
      pages: sent.pages.map((p) => ({ url: p.url, title: p.title, secondsAgo: Math.min(86_400, Math.max(0, Math.round((at - p.at) / 1000))) })),
      ...(Object.keys(sent.attributes).length > 0 ? { attributes: sent.attributes } : {}),
    };
    void options.send(token, JSON.stringify(body)).then(([status, retryAfter]) => {
      sending = false;
      // Stored, or refused as invalid (dropped, or every later report would be refused too). Else (rate limited,
      // offline, stale token) kept under what came since, and sent with it later.
      if ((status > 199 && status < 300) || status === 400) failures = 0;
      else {
        pages = [...sent.pages, ...pages].slice(-MAX_RECENT_PAGES);
        attributes = { ...sent.attributes, ...attributes };
        nextAt = now() + Math.max(retryAfter * 1000, every << Math.min(failures++, MAX_BACKOFF_DOUBLINGS));
        if (status === 401) return; // a new token (`flush`) sends them
      }
      flush();
    });
  };

  return {
    page(page) {
      pages = [...pages.filter((p) => p.url !== page.url), page].slice(-MAX_RECENT_PAGES);
      flush();
    },
    attributes(next) {
      attributes = { ...attributes, ...next };
      flush();
    },
    flush,
  };
}

/** The browser's zone, offset (minutes east of UTC) and language, as the server takes them. */
export function browserContext(win: Window): { timeZone?: string; utcOffset: number; language?: string } {
  let timeZone: string | undefined;
  try {
    timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    // no Intl time zone support: the offset alone
  }
  const language = win.navigator.language;
  return {
    ...(timeZone && /^[A-Za-z0-9_+/-]{1,64}$/.test(timeZone) ? { timeZone } : {}),
    utcOffset: -new Date().getTimezoneOffset(),
    ...(language && /^[A-Za-z0-9-]{1,35}$/.test(language) ? { language } : {}),
  };
}
