import { describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../src/app/browser-storage.ts';
import { fetchUnread } from '../src/panel/unread-check.ts';

const BASE = 'https://chat.example.com';

function pageWith(items: Record<string, string>, answer: unknown = { ok: true, unread: 2 }) {
  const localStorage = memoryStorage();
  for (const [key, value] of Object.entries(items)) localStorage.setItem(key, value);
  const fetch = vi.fn(() => Promise.resolve({ json: () => Promise.resolve(answer) }));
  return { win: { localStorage, fetch } as unknown as Window, fetch };
}

const SEEN = JSON.stringify({ conversationId: 'c1', seq: 7 });

describe('fetchUnread (panel, before the app loads)', () => {
  it('asks the unread endpoint once with the stored token and seen mark', async () => {
    const { win, fetch } = pageWith({ 'parley:acme:token': 'tok_1', 'parley:acme:seen': SEEN });
    await expect(fetchUnread(win, BASE, 'acme', null)).resolves.toBe(2);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith(`${BASE}/api/v1/widget/unread?conversation=c1&after=7`, {
      headers: { authorization: 'Bearer tok_1' },
      credentials: 'omit',
    });
  });

  it('uses an identified visitor’s token only on a page of the same user', async () => {
    const token = JSON.stringify({ token: 'tok_2', userId: 'alice' });
    const alice = pageWith({ 'parley:acme:token': token, 'parley:acme:seen': SEEN });
    await expect(fetchUnread(alice.win, BASE, 'acme', 'alice')).resolves.toBe(2);
    for (const owner of ['bob', null]) {
      const other = pageWith({ 'parley:acme:token': token, 'parley:acme:seen': SEEN });
      expect(fetchUnread(other.win, BASE, 'acme', owner)).toBeNull();
      expect(other.fetch).not.toHaveBeenCalled();
    }
    const anonymous = pageWith({ 'parley:acme:token': 'tok_3', 'parley:acme:seen': SEEN });
    expect(fetchUnread(anonymous.win, BASE, 'acme', 'alice')).toBeNull();
  });

  it('makes no request for a browser that never chatted on the desk, or whose storage is damaged or blocked', () => {
    const cases: Array<Record<string, string>> = [{}, { 'parley:acme:token': 'tok' }, { 'parley:acme:seen': SEEN }, { 'parley:acme:token': 'tok', 'parley:acme:seen': '{' }, { 'parley:other:token': 'tok', 'parley:other:seen': SEEN }];
    for (const items of cases) {
      const { win, fetch } = pageWith(items);
      expect(fetchUnread(win, BASE, 'acme', null)).toBeNull();
      expect(fetch).not.toHaveBeenCalled();
    }
    const blocked = {
      get localStorage(): Storage {
        throw new DOMException('denied', 'SecurityError');
      },
    } as unknown as Window;
    expect(fetchUnread(blocked, BASE, 'acme', null)).toBeNull();
  });

  it('gives no count for an error answer or a failed request', async () => {
    const items = { 'parley:acme:token': 'tok', 'parley:acme:seen': SEEN };
    await expect(fetchUnread(pageWith(items, { ok: false, error: { code: 'rate_limited' } }).win, BASE, 'acme', null)).resolves.toBeNull();
    await expect(fetchUnread(pageWith(items, { ok: true, unread: -1 }).win, BASE, 'acme', null)).resolves.toBeNull();
    const offline = pageWith(items);
    offline.fetch.mockImplementation(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(fetchUnread(offline.win, BASE, 'acme', null)).resolves.toBeNull();
  });
});
