import { describe, expect, it } from 'vitest';
import type { Mention } from '@parley/protocol/notifications';
import { initialNotifications, notificationCount, notificationsReducer, unreadMentions, type NotificationAction, type NotificationState } from '../src/state/notifications.ts';
import { conversation } from './fixtures.ts';

const ME = 'me';
const run = (actions: NotificationAction[], state: NotificationState = initialNotifications(ME, '2025-01-01T00:00:00.000Z')) =>
  actions.reduce(notificationsReducer, state);
const mention = (id: string, at: string, conversationId = 'c1'): Mention => ({
  id, conversationId, number: 1, subject: 's', messageId: 'm', seq: 2, byAgentId: 'bo', excerpt: '@me look', at,
});
const later = { lastSeq: 2, lastMessageAt: '2025-01-01T12:05:00.000Z', updatedAt: '2025-01-01T12:05:00.000Z' };

describe('what needs the agent', () => {
  it("counts a customer's new message on my ticket, once, and not on the ticket I am looking at", () => {
    const mine = conversation('c1', { assigneeId: ME });
    const state = run([{ type: 'seed', conversations: [mine] }, { type: 'updated', conversations: [{ ...mine, ...later }] }]);
    expect(state.tickets.map((t) => [t.conversationId, t.reason])).toEqual([['c1', 'message']]);
    expect(notificationCount(run([{ type: 'updated', conversations: [{ ...mine, ...later }] }], state))).toBe(1);
    const viewing = run([{ type: 'seed', conversations: [mine] }, { type: 'viewing', conversationId: 'c1' }, { type: 'updated', conversations: [{ ...mine, ...later }] }]);
    expect(notificationCount(viewing)).toBe(0);
  });

  it("shows a new message's own text, not the ticket's first message (its subject)", () => {
    const mine = conversation('c1', { assigneeId: ME, subject: 'Hi, my order has not arrived', lastMessagePreview: 'Hi, my order has not arrived' });
    const state = run([
      { type: 'seed', conversations: [mine] },
      { type: 'updated', conversations: [{ ...mine, ...later, lastMessagePreview: 'Any news?' }] },
    ]);
    expect(state.tickets.map((t) => [t.reason, t.preview])).toEqual([['message', 'Any news?']]);
    // A ticket given to me is told by its subject.
    const given = run([{ type: 'seed', conversations: [conversation('c2')] }, { type: 'updated', conversations: [{ ...conversation('c2'), assigneeId: ME, version: 2 }] }]);
    expect(given.tickets.map((t) => [t.reason, t.preview])).toEqual([['assigned', 'Subject']]);
  });

  it('ignores a change that is no new message (a repeated frame, a note) and tickets of others', () => {
    const mine = conversation('c1', { assigneeId: ME });
    const theirs = conversation('c2', { assigneeId: 'bo' });
    const state = run([
      { type: 'seed', conversations: [mine, theirs] },
      { type: 'updated', conversations: [mine, { ...mine, lastSeq: 2 }, { ...theirs, ...later }] },
    ]);
    expect(notificationCount(state)).toBe(0);
  });

  it('tells when a ticket becomes mine, and forgets it when it goes to someone else', () => {
    const waiting = conversation('c1');
    const state = run([{ type: 'seed', conversations: [waiting] }, { type: 'updated', conversations: [{ ...waiting, assigneeId: ME, version: 2 }] }]);
    expect(state.tickets[0]?.reason).toBe('assigned');
    expect(run([{ type: 'updated', conversations: [{ ...waiting, assigneeId: 'bo', version: 3 }] }], state).tickets).toEqual([]);
  });

  it('announces a new unassigned ticket to everyone when nobody routes, and only to its agent when routing does', () => {
    const fresh = conversation('c9', { status: 'new' });
    expect(run([{ type: 'created', conversation: fresh, routing: false }]).tickets[0]?.reason).toBe('new');
    expect(run([{ type: 'created', conversation: fresh, routing: true }]).tickets).toEqual([]);
    expect(run([{ type: 'created', conversation: { ...fresh, assigneeId: ME }, routing: true }]).tickets[0]?.reason).toBe('assigned');
    // Someone takes the new ticket: it leaves my list.
    const taken = run([{ type: 'created', conversation: fresh, routing: false }, { type: 'updated', conversations: [{ ...fresh, assigneeId: 'bo' }] }]);
    expect(taken.tickets).toEqual([]);
  });

  it('counts mentions after the moment they were last seen, each once', () => {
    const state = run([
      { type: 'mentions', mentions: [mention('a', '2024-12-31T00:00:00.000Z'), mention('b', '2025-01-02T00:00:00.000Z')] },
      { type: 'mention', mention: mention('c', '2025-01-03T00:00:00.000Z', 'c2') },
      { type: 'mention', mention: mention('c', '2025-01-03T00:00:00.000Z', 'c2') },
    ]);
    expect(unreadMentions(state).map((m) => m.id)).toEqual(['c', 'b']);
    expect(notificationCount(run([{ type: 'mentionsSeen', at: '2025-01-02T12:00:00.000Z' }], state))).toBe(1);
    expect(notificationCount(run([{ type: 'viewing', conversationId: 'c2' }], state))).toBe(1);
  });
});

describe('read marks', () => {
  it('only rise, and say unread only for tickets whose marks are known', async () => {
    const { isUnread, noMarks, withMarks } = await import('../src/state/read-marks.ts');
    const marks = withMarks(noMarks, [{ conversationId: 'c1', seq: 3 }, { conversationId: 'c2', seq: 0 }]);
    expect(withMarks(marks, [{ conversationId: 'c1', seq: 2 }])).toBe(marks);
    expect(withMarks(marks, [{ conversationId: 'c1', seq: 5 }]).get('c1')).toBe(5);
    const loaded = new Set(['c1', 'c2']);
    expect(isUnread({ id: 'c1', lastSeq: 3, status: 'open' }, marks, loaded)).toBe(false);
    expect(isUnread({ id: 'c1', lastSeq: 4, status: 'resolved' }, marks, loaded)).toBe(true);
    expect(isUnread({ id: 'c2', lastSeq: 1, status: 'open' }, marks, loaded)).toBe(true);
    expect(isUnread({ id: 'c3', lastSeq: 9, status: 'open' }, marks, loaded)).toBe(false);
    // Never opened: unread while active, not once settled.
    const all = new Set(['c1', 'c2', 'c4']);
    expect(isUnread({ id: 'c4', lastSeq: 2, status: 'new' }, marks, all)).toBe(true);
    expect(isUnread({ id: 'c4', lastSeq: 2, status: 'closed' }, marks, all)).toBe(false);
  });
});
