import { isPageUrl, MAX_PAGE_TITLE, MAX_RECENT_PAGES } from '@parley/protocol/visit';

/** A page the visitor saw on the host site; `at`: the browser's clock (ms). */
export interface TrackedPage {
  url: string;
  title: string;
  at: number;
}

export interface PageTracker {
  /** `Parley.trackPage()`: the page now (`location.href`, `document.title`), or `{ url, title }` the site names. */
  track(page?: unknown): void;
  /** This page load's pages, oldest first, one per URL, at most `MAX_RECENT_PAGES`. Kept in memory only. */
  pages(): readonly TrackedPage[];
}

/** After a route change, the page's own title follows a little later (routers set it after rendering). */
export const ROUTE_SETTLE_MS = 300;

/** What `track` takes: an http(s) URL (relative ones resolved against the page), a title cut to size; else `null`. */
export function readPage(input: unknown, location: { href: string }, documentTitle: string): { url: string; title: string } | null {
  const given = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  let url: string;
  try {
    url = new URL(typeof given['url'] === 'string' ? given['url'] : location.href, location.href).href;
  } catch {
    return null;
  }
  const title = typeof given['title'] === 'string' ? given['title'] : documentTitle;
  return isPageUrl(url) ? { url, title: title.trim().slice(0, MAX_PAGE_TITLE) } : null;
}

/**
 * Page tracking on the host page: the page the widget loaded on, every route change of a single-page app
 * (`history.pushState` / `replaceState`, `popstate`, `hashchange`; a burst of them counts once, after it settles)
 * and explicit `track()` calls. `onPage` hears each new page (the same URL and title twice in a row is one page).
 * The history methods are wrapped so that the page's own call runs first, unchanged, with its result and errors.
 */
export function createPageTracker(win: Window, onPage: (page: TrackedPage) => void, now: () => number = Date.now): PageTracker {
  const list: TrackedPage[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tracker: PageTracker = {
    track(input) {
      const page = readPage(input, win.location, win.document.title);
      if (!page) return console.warn('[Parley] trackPage() takes an http(s) page: { url, title }');
      const last = list[list.length - 1];
      if (last && last.url === page.url && last.title === page.title) return;
      const seen = { ...page, at: now() };
      const older = list.findIndex((p) => p.url === page.url);
      if (older >= 0) list.splice(older, 1);
      list.push(seen);
      if (list.length > MAX_RECENT_PAGES) list.shift();
      onPage(seen);
    },
    pages: () => list.slice(),
  };
  const settle = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => tracker.track(), ROUTE_SETTLE_MS);
  };
  const history = win.history;
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    try {
      history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
        const result = original.apply(this, args);
        try {
          settle();
        } catch {
          // never ours to break the page's navigation
        }
        return result;
      };
    } catch {
      // a page that froze its history: popstate, hashchange and trackPage() still count
    }
  }
  win.addEventListener('popstate', settle);
  win.addEventListener('hashchange', settle);
  tracker.track();
  return tracker;
}
