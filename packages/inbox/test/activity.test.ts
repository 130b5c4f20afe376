import { describe, expect, it } from 'vitest';
import type { TicketActivity } from '@parley/protocol/model';
import { activityTexts, mergeActivity, timelineItems, type ActivityNames } from '../src/state/activity.ts';
import { fromLocalInput, normalizeTag, snoozeTime, toLocalInput } from '../src/state/snooze.ts';
import { message } from './fixtures.ts';

const names: ActivityNames = {
  agent: (id) => (id === null ? 'nobody' : `agent ${id}`),
  team: (id) => `team ${id}`,
  status: (s) => s.toUpperCase(),
  priority: (p) => p.toUpperCase(),
  time: (iso) => `time ${iso}`,
  actor: (a) => (a.type === 'agent' ? `agent ${a.id}` : a.type),
};
const activity = (over: Partial<TicketActivity>): TicketActivity => ({
  id: 'e1', conversationId: 'c1', at: '2025-01-01T12:00:01.500Z', actor: { type: 'agent', id: 'mina' }, cause: 'edit', changes: {}, ...over,
});

describe('timeline lines for ticket changes', () => {
  it('says who did what, one line per field', () => {
    const lines = activityTexts(activity({ changes: { assigneeId: { from: null, to: 'bo' }, teamId: { from: null, to: 'billing' }, priority: { from: 'normal', to: 'high' } } }), names);
    expect(lines).toEqual([
      { key: 'activity.assigned', params: { actor: 'agent mina', to: 'agent bo' } },
      { key: 'activity.team', params: { actor: 'agent mina', to: 'team billing' } },
      { key: 'activity.priority', params: { actor: 'agent mina', to: 'HIGH' } },
    ]);
  });

  it('says an agent took the ticket when they gave it to themselves, not "assigned this to" themselves', () => {
    expect(activityTexts(activity({ changes: { assigneeId: { from: null, to: 'mina' } } }), names)).toEqual([
      { key: 'activity.took', params: { actor: 'agent mina' } },
    ]);
    expect(activityTexts(activity({ cause: 'transfer', changes: { assigneeId: { from: 'bo', to: 'mina' }, teamId: { from: null, to: 'orders' } } }), names)).toEqual([
      { key: 'activity.movedAndTook', params: { actor: 'agent mina', team: 'team orders' } },
    ]);
    expect(activityTexts(activity({ cause: 'transfer', note: 'mine now', changes: { assigneeId: { from: 'bo', to: 'mina' } } }), names)).toEqual([
      { key: 'activity.took', params: { actor: 'agent mina' }, note: 'mine now' },
    ]);
    // Given to someone else, or by the routing: named as before.
    expect(activityTexts(activity({ cause: 'transfer', changes: { assigneeId: { from: null, to: 'bo' } } }), names)[0]?.key).toBe('activity.transferredAgent');
    expect(activityTexts(activity({ cause: 'routing', actor: { type: 'system', id: null }, changes: { assigneeId: { from: null, to: 'mina' } } }), names)[0]?.key).toBe('activity.routed');
  });

  it('tells a snooze by its wake-up time, and the rules by what caused them', () => {
    expect(activityTexts(activity({ changes: { status: { from: 'open', to: 'snoozed' }, snoozedUntil: { from: null, to: 'T' } } }), names)).toEqual([
      { key: 'activity.snoozed', params: { actor: 'agent mina', to: 'time T' } },
    ]);
    expect(activityTexts(activity({ cause: 'snooze_ended', actor: { type: 'system', id: null }, changes: { status: { from: 'snoozed', to: 'open' } } }), names)[0]?.key).toBe('activity.woke');
    expect(activityTexts(activity({ cause: 'visitor_message', changes: { status: { from: 'resolved', to: 'open' } } }), names)[0]?.key).toBe('activity.reopened');
    expect(activityTexts(activity({ cause: 'agent_reply', changes: { status: { from: 'new', to: 'open' }, assigneeId: { from: null, to: 'mina' } } }), names)).toEqual([
      { key: 'activity.claimed', params: { actor: 'agent mina' } },
    ]);
    expect(activityTexts(activity({ cause: 'routing', changes: { assigneeId: { from: 'bo', to: null } } }), names)).toEqual([
      { key: 'activity.routedBack', params: { from: 'agent bo' } },
    ]);
    expect(activityTexts(activity({ cause: 'agent_reply', changes: { status: { from: 'new', to: 'open' } } }), names)).toEqual([]);
  });

  it('places each change among the messages by time, after the message that caused it', () => {
    const messages = [message(1), message(2), message(3)];
    const between = activity({ id: 'a', at: '2025-01-01T12:00:01.500Z' });
    const sameAsThird = activity({ id: 'b', at: messages[2]!.createdAt });
    const items = timelineItems(messages, [between, sameAsThird]).map((i) => (i.kind === 'message' ? i.message.seq : i.activity.id));
    expect(items).toEqual([1, 'a', 2, 3, 'b']);
  });

  it('keeps each change once however often it is delivered', () => {
    const a = activity({ id: 'a', at: '2' });
    const b = activity({ id: 'b', at: '1' });
    const once = mergeActivity([a], [b, a]);
    expect(once.map((x) => x.id)).toEqual(['b', 'a']);
    expect(mergeActivity(once, [a])).toBe(once);
  });
});

describe('snooze times and tags', () => {
  it('offers an hour from now, tomorrow at 9 and next Monday at 9, in local time', () => {
    const wednesday = new Date(2026, 0, 7, 15, 30);
    expect(snoozeTime('oneHour', wednesday).getTime() - wednesday.getTime()).toBe(3600_000);
    expect(toLocalInput(snoozeTime('tomorrow', wednesday))).toBe('2026-01-08T09:00');
    expect(toLocalInput(snoozeTime('nextWeek', wednesday))).toBe('2026-01-12T09:00');
    expect(toLocalInput(snoozeTime('nextWeek', new Date(2026, 0, 12, 8, 0)))).toBe('2026-01-19T09:00');
    expect(fromLocalInput('2026-01-08T09:00')?.getHours()).toBe(9);
    expect(fromLocalInput('tomorrow')).toBeNull();
  });

  it('stores tags trimmed and in lower case, Korean included, and refuses markup', () => {
    expect(normalizeTag('  VIP ')).toBe('vip');
    expect(normalizeTag('환불 요청')).toBe('환불 요청');
    expect(normalizeTag('<b>')).toBeNull();
    expect(normalizeTag('')).toBeNull();
  });
});
