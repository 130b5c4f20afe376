import { describe, expect, it } from 'vitest';
import type { Conversation } from '@parley/protocol/model';
import { appendPage, applyToView, compareConversations, upsertConversation } from '../src/state/conversations.ts';
import { isSearchShortcut } from '../src/state/keys.ts';
import { belongsInView, defaultView, isNarrowed, listRequest, mayMatchSearch, sameView, withFilter, type ListView } from '../src/state/list-view.ts';
import { nearEnd, rowWindow } from '../src/state/window.ts';
import { conversation } from './fixtures.ts';

const ids = (list: readonly Conversation[]) => list.map((c) => c.id);
const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 12, minute)).toISOString();
const view = (over: Partial<ListView> = {}): ListView => ({ ...defaultView(), ...over });

describe('listRequest', () => {
  it('sends the queue, the team (tab or filter), the filters, the trimmed search and the cursor', () => {
    expect(listRequest(view(), 100, null)).toEqual({ queue: 'all', filters: {}, limit: 100 });
    const v = withFilter(view({ queue: 'open', teamId: 't1', search: '  refund  ' }), 'priority', 'urgent');
    expect(listRequest(v, 200, 'abc')).toEqual({ queue: 'open', teamId: 't1', filters: { priority: 'urgent' }, search: 'refund', limit: 200, cursor: 'abc' });
    expect(listRequest(view({ teamFilter: 't2' }), 10, null).teamId).toBe('t2');
    expect(listRequest(view({ search: '   ' }), 10, null)).not.toHaveProperty('search');
  });

  it('sets and removes a filter; unassigned is null, not "any"', () => {
    const unassigned = withFilter(view(), 'assigneeId', null);
    expect(unassigned.filters).toEqual({ assigneeId: null });
    expect(withFilter(unassigned, 'assigneeId', undefined).filters).toEqual({});
    expect(isNarrowed(view())).toBe(false);
    expect(isNarrowed(unassigned)).toBe(true);
    expect(isNarrowed(view({ search: 'x' }))).toBe(true);
    expect(sameView(view({ search: 'a ' }), view({ search: 'a' }))).toBe(true);
    expect(sameView(view(), unassigned)).toBe(false);
  });
});

describe('live updates against the view', () => {
  const me = 'agent-me';
  const a = conversation('a', { number: 11, lastMessageAt: at(1), lastMessagePreview: 'I need a refund', priority: 'urgent' });
  const b = conversation('b', { number: 12, lastMessageAt: at(2), lastMessagePreview: '배송이 늦어요', priority: 'low' });

  it('adds a ticket that matches the queue and every filter, removes one that stops matching', () => {
    const urgent = withFilter(view(), 'priority', 'urgent');
    let list = applyToView([], a, urgent, me);
    list = applyToView(list, b, urgent, me);
    expect(ids(list)).toEqual(['a']);
    list = applyToView(list, { ...a, priority: 'normal', version: 2 }, urgent, me);
    expect(ids(list)).toEqual([]);
    const mine = view({ queue: 'mine' });
    expect(ids(applyToView([], { ...a, assigneeId: me }, mine, me))).toEqual(['a']);
    expect(ids(applyToView([], { ...a, assigneeId: 'other' }, mine, me))).toEqual([]);
    const team = view({ queue: 'open', teamId: 't1' });
    expect(ids(applyToView([], { ...a, teamId: 't1' }, team, me))).toEqual(['a']);
    expect(ids(applyToView([], a, team, me))).toEqual([]);
    expect(ids(applyToView([], { ...a, tags: ['billing'] }, withFilter(view(), 'tag', 'billing'), me))).toEqual(['a']);
    expect(ids(applyToView([], a, withFilter(view(), 'channel', 'email'), me))).toEqual([]);
  });

  it('with a search: a new ticket joins when its number or preview shows the words; a listed one stays while it matches the filters', () => {
    const refund = view({ search: 'Refund' });
    expect(ids(applyToView([], a, refund, me))).toEqual(['a']);
    expect(ids(applyToView([], b, refund, me))).toEqual([]);
    expect(ids(applyToView([], b, view({ search: '배송' }), me))).toEqual(['b']);
    expect(ids(applyToView([], b, view({ search: '#12' }), me))).toEqual(['b']);
    expect(ids(applyToView([], b, view({ search: '12' }), me))).toEqual(['b']);
    expect(ids(applyToView([], a, view({ search: '#12' }), me))).toEqual([]);
    // found by the server through an older message: a newer preview does not drop it
    const listed = applyToView([a], { ...a, lastSeq: 5, lastMessagePreview: 'thanks', lastMessageAt: at(9) }, refund, me);
    expect(listed[0]?.lastMessagePreview).toBe('thanks');
    expect(belongsInView({ ...a, status: 'resolved' }, view({ queue: 'unassigned', search: 'refund' }), me, true)).toBe(false);
  });

  it('reads the search words as the server would, never wider', () => {
    expect(mayMatchSearch({ number: 5, subject: 'Invoice broken', lastMessagePreview: '' }, 'invoice broken')).toBe(true);
    expect(mayMatchSearch({ number: 5, subject: 'Invoice', lastMessagePreview: '' }, 'invoice broken')).toBe(false);
    expect(mayMatchSearch({ number: 5, subject: '', lastMessagePreview: '' }, '  ')).toBe(true);
  });
});

describe('appendPage', () => {
  it('appends the next page, keeping a newer live copy of a ticket the list already holds', () => {
    const top = conversation('moved', { lastMessageAt: at(9), lastSeq: 3, number: 1 });
    const page = [conversation('moved', { lastMessageAt: at(1), lastSeq: 1, number: 1 }), conversation('c', { lastMessageAt: at(2), number: 3 })];
    const list = appendPage([top, conversation('d', { lastMessageAt: at(5), number: 4 })], page);
    expect(ids(list)).toEqual(['moved', 'd', 'c']);
    expect(list[0]?.lastSeq).toBe(3);
  });
});

describe('rowWindow', () => {
  it('renders the visible rows plus the overscan, clamped to the list', () => {
    expect(rowWindow(0, 640, 64, 10_000, 8)).toEqual({ start: 0, end: 19 });
    expect(rowWindow(64 * 5000, 640, 64, 10_000, 8)).toEqual({ start: 4992, end: 5019 });
    expect(rowWindow(64 * 10_000, 640, 64, 10_000, 8)).toEqual({ start: 9992, end: 10_000 });
    expect(rowWindow(0, 640, 64, 0)).toEqual({ start: 0, end: 0 });
    expect(rowWindow(-50, 640, 64, 3)).toEqual({ start: 0, end: 3 });
  });

  it('asks for the next page near the loaded end only', () => {
    expect(nearEnd({ start: 0, end: 19 }, 100)).toBe(false);
    expect(nearEnd({ start: 60, end: 80 }, 100)).toBe(true);
    expect(nearEnd({ start: 0, end: 0 }, 0)).toBe(false);
  });
});

describe('search shortcut', () => {
  const input = { tagName: 'INPUT' } as unknown as EventTarget;
  const body = { tagName: 'BODY', isContentEditable: false } as unknown as EventTarget;
  const key = (k: string, over: Partial<KeyboardEvent> = {}, target: EventTarget = body) =>
    isSearchShortcut({ key: k, ctrlKey: false, metaKey: false, altKey: false, target, ...over });
  it('is Ctrl+K or ⌘K anywhere, and / when not typing in a field', () => {
    expect(key('k', { ctrlKey: true })).toBe(true);
    expect(key('K', { metaKey: true }, input)).toBe(true);
    expect(key('/')).toBe(true);
    expect(key('/', {}, input)).toBe(false);
    expect(key('/', {}, { tagName: 'DIV', isContentEditable: true } as unknown as EventTarget)).toBe(false);
    expect(key('k')).toBe(false);
  });
});

describe('a long list kept in order', () => {
  it('places each live update and each page where the sort puts it', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const made = Array.from({ length: 2000 }, (_, i) => conversation(`c${i}`, { number: i + 1, lastMessageAt: at(Math.floor(rand() * 500)) }));
    let list: readonly Conversation[] = [];
    for (const c of made) list = upsertConversation(list, c);
    const sorted = [...made].sort(compareConversations);
    expect(ids(list)).toEqual(ids(sorted));
    // pages of the same tickets, in server order, after the first 100
    let paged: readonly Conversation[] = sorted.slice(0, 100);
    for (let from = 100; from < sorted.length; from += 200) paged = appendPage(paged, sorted.slice(from, from + 200));
    expect(ids(paged)).toEqual(ids(sorted));
  });
});
