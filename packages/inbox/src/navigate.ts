/**
 * The inbox's own moves between routes (`#/c/<id>`, `#/settings/...`). `history.pushState` fires neither `hashchange`
 * nor `popstate`, so a move made here is announced with ROUTE_CHANGED: every part of the page that follows the route
 * (the open ticket, the settings page) hears it, whichever of them made the move.
 */
export const ROUTE_CHANGED = 'parley:route';

const ROUTE_EVENTS = ['hashchange', 'popstate', ROUTE_CHANGED] as const;

/** What of `window` the route needs (a test passes its own). */
export interface RouteWindow extends EventTarget {
  readonly location: { readonly hash: string; readonly pathname: string; readonly search: string };
  readonly history: { pushState(data: unknown, unused: string, url: string): void };
}

/** Goes to `hash` (empty: no route) as a new history entry, and tells every route listener. */
export function navigate(hash: string, win: RouteWindow = window): void {
  if (win.location.hash === hash) return;
  win.history.pushState(null, '', hash || win.location.pathname + win.location.search);
  win.dispatchEvent(new Event(ROUTE_CHANGED));
}

/** Calls `listener` after every change of the route: a link, Back/Forward, or `navigate`. */
export function onRouteChange(listener: () => void, win: EventTarget = window): () => void {
  for (const type of ROUTE_EVENTS) win.addEventListener(type, listener);
  return () => {
    for (const type of ROUTE_EVENTS) win.removeEventListener(type, listener);
  };
}
