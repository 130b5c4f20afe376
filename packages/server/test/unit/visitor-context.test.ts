import { describe, expect, it } from 'vitest';
import { VisitorContext, type ContactVisit } from '@parley/protocol';
import { mergeVisit } from '../../src/services/visitor-context.ts';

const NOW = new Date('2026-11-30T12:00:00.000Z');
const report = (input: unknown) => VisitorContext.parse(input);
const urls = (visit: ContactVisit) => visit.recent.map((p) => p.url);

describe('mergeVisit (page tracking on the contact)', () => {
  it('makes each reported page the newest, one entry per URL, at most ten, dated by the server less its age', () => {
    const first = mergeVisit(null, report({ pages: [{ url: 'https://s.example/a', title: 'A', secondsAgo: 90 }, { url: 'https://s.example/b', title: 'B' }] }), NOW);
    expect(first.page).toEqual({ url: 'https://s.example/b', title: 'B', at: NOW.toISOString() });
    expect(first.recent[1]).toEqual({ url: 'https://s.example/a', title: 'A', at: '2026-11-30T11:58:30.000Z' });
    const again = mergeVisit(first, report({ pages: [{ url: 'https://s.example/a', title: 'A again' }] }), NOW);
    expect(urls(again)).toEqual(['https://s.example/a', 'https://s.example/b']);
    const many = mergeVisit(again, report({ pages: Array.from({ length: 10 }, (_, i) => ({ url: `https://s.example/${i}` })) }), NOW);
    expect(urls(many)).toHaveLength(10);
    expect(urls(many)[0]).toBe('https://s.example/9');
    expect(urls(many)).not.toContain('https://s.example/a');
  });

  it('keeps the page, zone and language a report does not mention, and merges attributes (null removes one)', () => {
    const first = mergeVisit(null, report({ pages: [{ url: 'https://s.example/' }], timeZone: 'Asia/Seoul', utcOffset: 540, language: 'ko-KR', attributes: { plan: 'pro', trial: true } }), NOW);
    const next = mergeVisit(first, report({ attributes: { trial: null, seats: 3 } }), NOW);
    expect(next).toMatchObject({ page: { url: 'https://s.example/' }, timeZone: 'Asia/Seoul', utcOffset: 540, language: 'ko-KR', attributes: { plan: 'pro', seats: '3' } });
    expect(next.attributes).not.toHaveProperty('trial');
  });

  it('refuses more than 20 attributes on the contact with invalid_input', () => {
    const full = mergeVisit(null, report({ attributes: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'v'])) }), NOW);
    expect(() => mergeVisit(full, report({ attributes: { one: 'more' } }), NOW)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(Object.keys(mergeVisit(full, report({ attributes: { k0: null, one: 'more' } }), NOW).attributes)).toHaveLength(20);
  });
});
