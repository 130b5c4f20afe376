import { describe, expect, it } from 'vitest';
import { attributesOf } from '../src/state/contact-form.ts';
import { historyWithLive, historyWithUpdate } from '../src/state/contact-history.ts';
import { conversation } from './fixtures.ts';
import { browserInfo, firstLanguage } from '../src/state/user-agent.ts';

describe('the browser a customer chats from, in words', () => {
  it('names the usual browsers and systems', () => {
    expect(browserInfo('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36')).toEqual({ browser: 'Chrome 131', system: 'macOS' });
    expect(browserInfo('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86')).toEqual({ browser: 'Edge 131', system: 'Windows' });
    expect(browserInfo('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toEqual({ browser: 'Safari 17', system: 'iOS' });
    expect(browserInfo('Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36')).toEqual({ browser: 'Samsung Internet 25', system: 'Android' });
    expect(browserInfo('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Whale/3.28.266.14 Safari/537.36')).toEqual({ browser: 'Whale 3', system: 'Windows' });
    expect(browserInfo('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0')).toEqual({ browser: 'Firefox 133', system: 'Linux' });
    expect(browserInfo('curl/8.5')).toEqual({ browser: null, system: null });
  });

  it("takes the customer's first language from Accept-Language", () => {
    expect(firstLanguage('ko-KR,ko;q=0.9,en;q=0.8', 'en')).toBe('Korean (South Korea)');
    expect(firstLanguage('', 'en')).toBeNull();
  });
});

describe('contact attributes as the form sends them', () => {
  it('keeps named rows, trims names, and lets a repeated name take the last value', () => {
    expect(attributesOf([{ key: ' plan ', value: 'Pro' }, { key: '', value: 'orphan' }, { key: 'plan', value: 'Team' }, { key: '주문', value: '' }])).toEqual({ plan: 'Team', 주문: '' });
  });
});

describe("the contact panel's ticket list", () => {
  const at = (minute: number) => `2026-11-30T10:${String(minute).padStart(2, '0')}:00.000Z`;
  const older = conversation('t1', { number: 1, status: 'closed', contactId: 'c1', lastMessageAt: at(1) });
  const loaded = conversation('t2', { number: 2, status: 'new', contactId: 'c1', version: 0, lastSeq: 1, lastMessageAt: at(2) });

  it('shows the open ticket as it is now: a reply that opened it, newest first', () => {
    const replied = { ...loaded, status: 'open' as const, version: 1, lastSeq: 2, lastMessageAt: at(5) };
    expect(historyWithLive([older, loaded], replied).map((t) => [t.id, t.status])).toEqual([['t2', 'open'], ['t1', 'closed']]);
  });

  it('never lets an older copy of the open ticket replace a newer answer', () => {
    const newer = { ...loaded, status: 'pending' as const, version: 3 };
    expect(historyWithLive([newer, older], loaded).map((t) => t.status)).toEqual(['pending', 'closed']);
  });

  it("adds the open ticket when the answer predates it, and drops it when it moved to another contact", () => {
    expect(historyWithLive([older], loaded).map((t) => t.id)).toEqual(['t2', 't1']);
    expect(historyWithLive([older, loaded], { ...loaded, contactId: 'c9', version: 2 }).map((t) => t.id)).toEqual(['t1']);
  });

  it("follows the desk's updates of the customer's other tickets: a colleague's change, a new ticket, never another customer's", () => {
    const open = conversation('t3', { number: 3, status: 'open', contactId: 'c1', version: 2, lastSeq: 4, lastMessageAt: at(3) });
    const resolved = { ...open, status: 'resolved' as const, version: 3 };
    expect(historyWithUpdate([loaded, open, older], 'c1', resolved).map((t) => [t.id, t.status])).toEqual([['t3', 'resolved'], ['t2', 'new'], ['t1', 'closed']]);
    const started = conversation('t4', { number: 4, status: 'new', contactId: 'c1', lastMessageAt: at(9) });
    expect(historyWithUpdate([loaded, older], 'c1', started).map((t) => t.id)).toEqual(['t4', 't2', 't1']);
    const someoneElse = conversation('t5', { number: 5, status: 'new', contactId: 'c2', lastMessageAt: at(9) });
    expect(historyWithUpdate([loaded, older], 'c1', someoneElse).map((t) => t.id)).toEqual(['t2', 't1']);
    expect(historyWithUpdate([resolved, older], 'c1', open).map((t) => t.status)).toEqual(['resolved', 'closed']);
    expect(historyWithUpdate([loaded, older], 'c1', { ...older, contactId: 'c2', version: 9 }).map((t) => t.id)).toEqual(['t2']);
  });
});
