import { describe, expect, it } from 'vitest';
import { navigate, onRouteChange, type RouteWindow } from '../src/navigate.ts';
import { hashForTicket, settingsFromHash, ticketFromHash } from '../src/route.ts';

/** A window whose history behaves as a browser's: pushState changes the URL and fires no event. */
function fakeWindow(hash: string): RouteWindow & { pushes: string[] } {
  const target = new EventTarget();
  const location = { hash, pathname: '/inbox/', search: '' };
  const pushes: string[] = [];
  return Object.assign(target, {
    location,
    pushes,
    history: {
      pushState(_data: unknown, _unused: string, url: string) {
        pushes.push(url);
        location.hash = url.startsWith('#') ? url : '';
      },
    },
  });
}

describe('moving between the settings and a ticket', () => {
  it('tells the settings page that a ticket was chosen (a notification clicked on Settings → Profile)', () => {
    const win = fakeWindow('#/settings/profile');
    const seen: Array<{ settings: string | null; ticket: string | null }> = [];
    const off = onRouteChange(() => seen.push({ settings: settingsFromHash(win.location.hash), ticket: ticketFromHash(win.location.hash) }), win);
    navigate(hashForTicket('abc123'), win);
    expect(win.location.hash).toBe('#/c/abc123');
    expect(seen).toEqual([{ settings: null, ticket: 'abc123' }]);
    off();
    navigate(hashForTicket('other'), win);
    expect(seen).toHaveLength(1);
  });

  it('adds no history entry and says nothing when the route does not change; no ticket is the bare path', () => {
    const win = fakeWindow('#/c/abc123');
    let heard = 0;
    onRouteChange(() => heard++, win);
    navigate('#/c/abc123', win);
    expect(win.pushes).toEqual([]);
    expect(heard).toBe(0);
    navigate(hashForTicket(null), win);
    expect(win.pushes).toEqual(['/inbox/']);
    expect(heard).toBe(1);
  });

  it('hears links and Back/Forward as well', () => {
    const win = fakeWindow('');
    let heard = 0;
    onRouteChange(() => heard++, win);
    win.dispatchEvent(new Event('hashchange'));
    win.dispatchEvent(new Event('popstate'));
    expect(heard).toBe(2);
  });
});
