import { describe, expect, it } from 'vitest';
import type { Conversation } from '@parley/protocol/model';
import {
  applyConversation,
  fromServer,
  isNotOlder,
  matchesQueue,
  upsertConversation,
} from '../src/state/conversations.ts';
import { conversation } from './fixtures.ts';

const ids = (list: readonly Conversation[]) => list.map((c) => c.id);
const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 12, minute)).toISOString();

describe('upsertConversation', () => {
  const a = conversation('a', { lastMessageAt: at(1), number: 1 });
  const b = conversation('b', { lastMessageAt: at(2), number: 2 });

  it('inserts and sorts by lastMessageAt, newest first', () => {
    const list = upsertConversation(upsertConversation([], a), b);
    expect(ids(list)).toEqual(['b', 'a']);
  });

  it('replaces by id and moves a ticket with new activity to the top', () => {
    const list = upsertConversation([b, a], { ...a, lastMessageAt: at(5), lastSeq: 2, lastMessagePreview: 'new' });
    expect(ids(list)).toEqual(['a', 'b']);
    expect(list).toHaveLength(2);
    expect(list[0]?.lastMessagePreview).toBe('new');
  });

  it('ignores an older copy arriving late (lower version)', () => {
    const v2 = { ...a, version: 2, status: 'pending' as const };
    const list = upsertConversation([v2], { ...a, version: 1, status: 'open' });
    expect(list[0]?.status).toBe('pending');
  });

  it('ignores a same-version copy with an older lastSeq', () => {
    const newer = { ...a, lastSeq: 3, lastMessagePreview: 'third' };
    const list = upsertConversation([newer], { ...a, lastSeq: 2, lastMessagePreview: 'second' });
    expect(list[0]?.lastMessagePreview).toBe('third');
  });

  it('breaks ties on time by ticket number, newest first', () => {
    const x = conversation('x', { number: 7, lastMessageAt: at(1) });
    const y = conversation('y', { number: 9, lastMessageAt: at(1) });
    expect(ids(upsertConversation([x], y))).toEqual(['y', 'x']);
  });
});

describe('isNotOlder', () => {
  it('orders by version, then lastSeq', () => {
    const base = conversation('a', { version: 2, lastSeq: 5 });
    expect(isNotOlder({ ...base, version: 3, lastSeq: 1 }, base)).toBe(true);
    expect(isNotOlder({ ...base, version: 1, lastSeq: 9 }, base)).toBe(false);
    expect(isNotOlder({ ...base, lastSeq: 6 }, base)).toBe(true);
    expect(isNotOlder({ ...base, lastSeq: 4 }, base)).toBe(false);
  });
});

describe('fromServer', () => {
  it('dedupes by id keeping the newest copy, and sorts', () => {
    const list = fromServer([
      conversation('a', { lastMessageAt: at(1), version: 1 }),
      conversation('b', { lastMessageAt: at(3) }),
      conversation('a', { lastMessageAt: at(1), version: 2, status: 'pending' }),
    ]);
    expect(ids(list)).toEqual(['b', 'a']);
    expect(list[1]?.status).toBe('pending');
  });
});

describe('queues', () => {
  const me = 'agent-me';
  const unassigned = conversation('u', { assigneeId: null, status: 'new' });
  const mine = conversation('m', { assigneeId: me });
  const theirs = conversation('t', { assigneeId: 'agent-other' });
  const resolved = conversation('r', { assigneeId: me, status: 'resolved' });
  const closed = conversation('c', { assigneeId: null, status: 'closed' });
  const all = [unassigned, mine, theirs, resolved, closed];
  const inQueue = (queue: Parameters<typeof matchesQueue>[1]) =>
    all.filter((c) => matchesQueue(c, queue, me)).map((c) => c.id);

  it('filters each queue', () => {
    expect(inQueue('all')).toEqual(['u', 'm', 't', 'r', 'c']);
    expect(inQueue('unassigned')).toEqual(['u']);
    expect(inQueue('mine')).toEqual(['m']);
    expect(inQueue('resolved')).toEqual(['r', 'c']);
  });

  it('adds a live ticket that enters the queue', () => {
    const list = applyConversation([], unassigned, 'unassigned', me);
    expect(ids(list)).toEqual(['u']);
  });

  it('removes a ticket that leaves the queue (assigned away from Unassigned)', () => {
    const list = applyConversation([unassigned], { ...unassigned, assigneeId: me, version: 2 }, 'unassigned', me);
    expect(list).toEqual([]);
  });

  it('moves a ticket into Mine when it is assigned to me', () => {
    const list = applyConversation([], { ...unassigned, assigneeId: me, version: 2 }, 'mine', me);
    expect(ids(list)).toEqual(['u']);
  });

  it('does not let a stale event remove a ticket', () => {
    const current = { ...unassigned, version: 3 };
    const stale = { ...unassigned, version: 2, assigneeId: 'agent-other' };
    expect(applyConversation([current], stale, 'unassigned', me)).toEqual([current]);
  });

  it('leaves the list untouched for a ticket of another queue', () => {
    const list = [mine];
    expect(applyConversation(list, theirs, 'mine', me)).toBe(list);
  });
});
