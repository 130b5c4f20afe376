import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEmitter, readMessageNotice } from '../src/host/emitter.ts';
import { createPageTracker, readPage, ROUTE_SETTLE_MS } from '../src/host/page-tracker.ts';
import { readAttributes } from '../src/host/site-attributes.ts';
import { createVisitReporter, VISIT_REPORT_EVERY_MS } from '../src/host/visit-reporter.ts';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('Parley.on / off (the host chunk’s emitter)', () => {
  it('calls each listener, and a throwing listener neither stops the others nor escapes', () => {
    const warn = vi.fn();
    const emitter = createEmitter(warn);
    const heard: unknown[] = [];
    const bad = () => {
      throw new Error('page bug');
    };
    const good = (value: unknown) => heard.push(value);
    emitter.on('unread', bad);
    emitter.on('unread', good);
    expect(() => emitter.emit('unread', 2)).not.toThrow();
    expect(heard).toEqual([2]);
    expect(warn).toHaveBeenCalledWith('a listener of "unread" threw', expect.any(Error));
    emitter.off('unread', good);
    emitter.emit('unread', 3);
    expect(heard).toEqual([2]);
  });

  it('refuses unknown events, and calls a ready listener added after ready', async () => {
    const warn = vi.fn();
    const emitter = createEmitter(warn);
    emitter.on('bogus', () => {});
    emitter.on('open', 'not a function');
    expect(warn).toHaveBeenCalledTimes(2);
    emitter.emit('ready');
    const late = vi.fn();
    emitter.on('ready', late);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('passes an agent’s reply on field by field', () => {
    expect(readMessageNotice({ id: 'm1', conversationId: 'c1', text: 'Hi', createdAt: 't', extra: 'x' })).toEqual({ id: 'm1', conversationId: 'c1', text: 'Hi', createdAt: 't' });
    expect(readMessageNotice({ id: 1 })).toBeNull();
    expect(readMessageNotice(null)).toBeNull();
  });
});

/** Just enough of a window for the tracker: location, title, history and its events. */
function fakeWindow(href = 'https://shop.example/') {
  const listeners = new Map<string, () => void>();
  const win = {
    location: { href },
    document: { title: 'Shop' },
    history: {
      pushState(_state: unknown, _unused: string, url?: string | URL | null) {
        if (url) win.location.href = new URL(String(url), win.location.href).href;
        return undefined;
      },
      replaceState(_state: unknown, _unused: string, url?: string | URL | null) {
        if (url) win.location.href = new URL(String(url), win.location.href).href;
      },
    },
    addEventListener: (type: string, listener: () => void) => listeners.set(type, listener),
    fire: (type: string) => listeners.get(type)?.(),
  };
  return win;
}

describe('page tracking (host page, in memory)', () => {
  it('takes only http(s) pages, resolves relative URLs and cuts titles', () => {
    const here = { href: 'https://shop.example/a' };
    expect(readPage(undefined, here, ' Shop ')).toEqual({ url: 'https://shop.example/a', title: 'Shop' });
    expect(readPage({ url: '/cart', title: 'x'.repeat(300) }, here, '')).toEqual({ url: 'https://shop.example/cart', title: 'x'.repeat(200) });
    expect(readPage({ url: 'javascript:alert(1)' }, here, '')).toBeNull();
    expect(readPage({ url: `https://shop.example/${'a'.repeat(2000)}` }, here, '')).toBeNull();
  });

  it('tracks the first page, then each route change once it settles (a burst of pushState is one page)', () => {
    vi.useFakeTimers();
    const win = fakeWindow();
    const pages: string[] = [];
    const tracker = createPageTracker(win as unknown as Window, (p) => pages.push(`${p.url} ${p.title}`));
    expect(pages).toEqual(['https://shop.example/ Shop']);
    for (let i = 0; i < 1000; i += 1) win.history.pushState({}, '', `/loop/${i}`);
    win.document.title = 'Loop';
    vi.advanceTimersByTime(ROUTE_SETTLE_MS);
    expect(pages).toEqual(['https://shop.example/ Shop', 'https://shop.example/loop/999 Loop']);
    win.location.href = 'https://shop.example/';
    win.fire('popstate');
    vi.advanceTimersByTime(ROUTE_SETTLE_MS);
    tracker.track({ url: '/help', title: 'Help' });
    tracker.track({ url: '/help', title: 'Help' }); // the same page twice in a row is one
    expect(pages).toHaveLength(4);
    // one entry per URL, oldest first
    expect(tracker.pages().map((p) => p.url)).toEqual(['https://shop.example/loop/999', 'https://shop.example/', 'https://shop.example/help']);
  });

  it('keeps the page’s own history call first, with its result', () => {
    const win = fakeWindow();
    const original = vi.fn(() => 'theirs');
    win.history.pushState = original as unknown as typeof win.history.pushState;
    createPageTracker(win as unknown as Window, () => {});
    expect(win.history.pushState({ a: 1 }, '', '/x')).toBe('theirs');
    expect(original).toHaveBeenCalledWith({ a: 1 }, '', '/x');
  });

  it('tracks without the history hooks on a page that froze its history', () => {
    const win = fakeWindow();
    Object.freeze(win.history);
    const pages: string[] = [];
    const tracker = createPageTracker(win as unknown as Window, (p) => pages.push(p.url));
    tracker.track({ url: '/help' });
    expect(pages).toEqual(['https://shop.example/', 'https://shop.example/help']);
  });
});

describe('Parley.setAttributes input', () => {
  it('takes text, numbers, booleans and null under a key, and refuses the rest with a reason', () => {
    expect(readAttributes({ plan: 'pro', seats: 3, trial: false, coupon: null })).toEqual({ ok: true, attributes: { plan: 'pro', seats: 3, trial: false, coupon: null } });
    expect(readAttributes('plan')).toMatchObject({ ok: false });
    expect(readAttributes({ 'bad key': 1 })).toMatchObject({ ok: false });
    expect(readAttributes({ plan: { nested: 1 } })).toMatchObject({ ok: false });
    expect(readAttributes({ plan: 'x'.repeat(201) })).toMatchObject({ ok: false });
    expect(readAttributes(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 1])))).toMatchObject({ ok: false });
  });
});

describe('visit reports (POST /api/v1/widget/context)', () => {
  const browser = () => ({ timeZone: 'Asia/Seoul', utcOffset: 540, language: 'ko-KR' });
  /** A reporter whose requests answer `answers` in turn (then 200); `sent` holds each request's pages' paths and time. */
  function reporterAnswering(answers: Array<readonly [number, number]>) {
    const sent: Array<{ at: number; paths: string[] }> = [];
    const reporter = createVisitReporter({
      token: () => 'tok',
      send: (_t, body) => {
        sent.push({ at: Date.now(), paths: (JSON.parse(body) as { pages: Array<{ url: string }> }).pages.map((p) => new URL(p.url).pathname) });
        return Promise.resolve(answers.shift() ?? ([200, 0] as const));
      },
      browser,
    });
    const visit = (path: string) => reporter.page({ url: `https://shop.example${path}`, title: '', at: Date.now() });
    return { reporter, sent, visit };
  }

  it('sends nothing before the visitor has a token; then a report at once, and at most one a second', async () => {
    vi.useFakeTimers();
    let token: string | null = null;
    const sent: Array<{ token: string; body: Record<string, unknown> }> = [];
    let now = 100_000;
    const reporter = createVisitReporter({
      token: () => token,
      send: (t, body) => {
        sent.push({ token: t, body: JSON.parse(body) as Record<string, unknown> });
        return Promise.resolve([200, 0] as const);
      },
      now: () => now,
      browser,
    });
    expect(VISIT_REPORT_EVERY_MS).toBe(1000);
    reporter.page({ url: 'https://shop.example/', title: 'Shop', at: 90_000 });
    reporter.attributes({ plan: 'pro' });
    expect(sent).toEqual([]); // in memory only
    token = 'tok';
    reporter.flush();
    expect(sent).toEqual([
      {
        token: 'tok',
        body: { timeZone: 'Asia/Seoul', utcOffset: 540, language: 'ko-KR', pages: [{ url: 'https://shop.example/', title: 'Shop', secondsAgo: 10 }], attributes: { plan: 'pro' } },
      },
    ]);
    await Promise.resolve();
    for (let i = 0; i < 50; i += 1) reporter.page({ url: `https://shop.example/${i}`, title: '', at: now });
    expect(sent).toHaveLength(1);
    now += 999;
    vi.advanceTimersByTime(999);
    expect(sent).toHaveLength(1);
    now += 1;
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(2);
    // the last 10 of the burst, oldest first: the page the visitor is on is the last
    expect((sent[1]!.body['pages'] as Array<{ url: string }>).map((p) => p.url)).toEqual(Array.from({ length: 10 }, (_, i) => `https://shop.example/${40 + i}`));
  });

  it('route changes a second apart are each reported at once', async () => {
    vi.useFakeTimers();
    const { sent, visit } = reporterAnswering([]);
    visit('/');
    for (const path of ['/shoes', '/shoes/trail', '/cart']) {
      await vi.advanceTimersByTimeAsync(1000);
      visit(path);
    }
    expect(sent).toEqual([
      { at: 0, paths: ['/'] },
      { at: 1000, paths: ['/shoes'] },
      { at: 2000, paths: ['/shoes/trail'] },
      { at: 3000, paths: ['/cart'] },
    ].map((r) => ({ ...r, at: r.at + sent[0]!.at })));
  });

  it('after a refusal (429) waits out Retry-After, then sends once what was refused and what came since, the current page last', async () => {
    vi.useFakeTimers();
    const { sent, visit } = reporterAnswering([[429, 3]]);
    const start = Date.now();
    visit('/a');
    await vi.advanceTimersByTimeAsync(0);
    visit('/b');
    await vi.advanceTimersByTimeAsync(1500);
    visit('/c');
    await vi.advanceTimersByTimeAsync(1499);
    expect(sent).toHaveLength(1); // nothing before the server said
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([
      { at: start, paths: ['/a'] },
      { at: start + 3000, paths: ['/a', '/b', '/c'] },
    ]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(2);
  });

  it('waits longer after each failure in a row (offline, server errors), and a success starts over', async () => {
    vi.useFakeTimers();
    const { sent, visit } = reporterAnswering([[0, 0], [503, 0], [0, 0], [429, 0], [200, 0], [0, 0]]);
    const start = Date.now();
    visit('/a');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sent.map((r) => r.at - start)).toEqual([0, 1000, 3000, 7000, 15_000]);
    visit('/b');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sent.map((r) => r.at - start)).toEqual([0, 1000, 3000, 7000, 15_000, 20_000, 21_000]);
  });

  it('keeps a report sent with a stale token (401) until a new token, and drops an invalid one (400)', async () => {
    vi.useFakeTimers();
    const { reporter, sent, visit } = reporterAnswering([[401, 0], [400, 0]]);
    visit('/a');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(1); // no retry with the same token
    reporter.flush(); // a new token was stored
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((r) => r.paths)).toEqual([['/a'], ['/a']]);
    visit('/b');
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.map((r) => r.paths)).toEqual([['/a'], ['/a'], ['/b']]); // '/a' was dropped with the invalid report
  });
});
