import { describe, expect, it } from 'vitest';
import { SERVER_EVENTS } from '@parley/protocol/events';
import { CATCH_UP_EVENTS, onCatchUp } from '../src/socket.ts';
import { catchUp, emptyTicket, ticketReducer, type TicketAction, type TicketState } from '../src/state/ticket.ts';
import { syncFrom } from '../src/state/timeline.ts';
import { conversation, message } from './fixtures.ts';

const run = (actions: TicketAction[], from: TicketState = emptyTicket) => actions.reduce(ticketReducer, from);
const c1 = conversation('c1', { lastSeq: 3 });
const opened: TicketAction = {
  type: 'opened',
  id: 'c1',
  conversation: c1,
  contact: null,
  messages: [message(1), message(2), message(3)],
};

/** A minimal emitter with Socket's on/off. */
function fakeSocket() {
  const handlers = new Map<string, Set<(payload: unknown) => void>>();
  return {
    on(event: string, handler: (payload: unknown) => void) {
      if (!handlers.has(event)) handlers.set(event, new Set());
      handlers.get(event)!.add(handler);
      return this;
    },
    off(event: string, handler: (payload: unknown) => void) {
      handlers.get(event)?.delete(handler);
      return this;
    },
    emit(event: string, payload: unknown = {}) {
      for (const h of handlers.get(event) ?? []) h(payload);
    },
    count: () => [...handlers.values()].reduce((n, s) => n + s.size, 0),
  };
}

describe('catch-up events', () => {
  it('treat the server `resync` push exactly like a (re)connection', () => {
    expect(SERVER_EVENTS.resync).toBe('resync');
    expect(CATCH_UP_EVENTS).toEqual(['connect', 'resync']);
    const socket = fakeSocket();
    const seen: string[] = [];
    const off = onCatchUp(socket as unknown as Parameters<typeof onCatchUp>[0], (reason) => seen.push(reason));
    socket.emit('connect');
    socket.emit(SERVER_EVENTS.resync, {});
    socket.emit('message.created', {});
    expect(seen).toEqual(['connect', 'resync']);
    off();
    expect(socket.count()).toBe(0);
    socket.emit(SERVER_EVENTS.resync, {});
    expect(seen).toHaveLength(2);
  });
});

describe('catchUp (after a reconnect or a resync)', () => {
  it('does nothing when no ticket is selected', () => {
    expect(catchUp(emptyTicket, null)).toBeNull();
    expect(catchUp(run([{ type: 'select', id: 'c1' }, opened]), null)).toBeNull();
  });

  it('re-opens a ticket still loading, without a sync', () => {
    expect(catchUp(run([{ type: 'select', id: 'c1' }]), 'c1')).toEqual({ conversationId: 'c1', afterSeq: null });
    expect(catchUp(emptyTicket, 'c1')).toEqual({ conversationId: 'c1', afterSeq: null });
  });

  it('re-opens the shown ticket and syncs after its last seq', () => {
    const state = run([{ type: 'select', id: 'c1' }, opened]);
    expect(catchUp(state, 'c1')).toEqual({ conversationId: 'c1', afterSeq: 3 });
  });

  it('syncs from below a hole, not from the newest message', () => {
    const state = run([
      { type: 'select', id: 'c1' },
      opened,
      { type: 'messages', id: 'c1', messages: [message(6)] },
    ]);
    expect(catchUp(state, 'c1')?.afterSeq).toBe(3);
  });

  it('respects the floor of a paged open', () => {
    const state = run([
      { type: 'select', id: 'c1' },
      { ...opened, conversation: { ...c1, lastSeq: 60 }, messages: [message(51), message(52)] },
    ]);
    expect(catchUp(state, 'c1')?.afterSeq).toBe(52);
  });

  it('an empty timeline syncs from 0', () => {
    const state = run([{ type: 'select', id: 'c1' }, { ...opened, conversation: { ...c1, lastSeq: 0 }, messages: [] }]);
    expect(catchUp(state, 'c1')).toEqual({ conversationId: 'c1', afterSeq: 0 });
  });

  it('a ticket that failed to open is opened again', () => {
    const state = run([
      { type: 'select', id: 'c1' },
      { type: 'failed', id: 'c1', error: { code: 'unavailable', message: 'down' } },
    ]);
    expect(catchUp(state, 'c1')).toEqual({ conversationId: 'c1', afterSeq: null });
  });

  it('the answers fill in what was missed: messages, and the ticket changes of other agents', () => {
    const before = run([{ type: 'select', id: 'c1' }, opened]);
    const plan = catchUp(before, 'c1')!;
    const missed = [message(4), message(5, { type: 'agent', authorName: 'Bora' })];
    // The sync answer (messages after plan.afterSeq) and the re-open answer, in either order.
    const sync: TicketAction = { type: 'messages', id: 'c1', messages: missed.filter((m) => m.seq > plan.afterSeq!) };
    const reopen: TicketAction = {
      ...opened,
      conversation: { ...c1, lastSeq: 5, version: 2, assigneeId: 'bora' },
      messages: [message(1), message(2), message(3), ...missed],
    };
    for (const order of [
      [sync, reopen],
      [reopen, sync],
    ]) {
      const after = run(order, before);
      expect(after.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(after.conversation?.assigneeId).toBe('bora');
      expect(syncFrom(after.messages, after.conversation!.lastSeq, after.floor)).toBeNull();
    }
  });

  it('a late re-open answer cannot roll the ticket back', () => {
    const newer = run([
      { type: 'select', id: 'c1' },
      opened,
      { type: 'conversation', conversation: { ...c1, version: 3, status: 'pending' } },
    ]);
    const after = ticketReducer(newer, { ...opened, conversation: { ...c1, version: 2, status: 'open' } });
    expect(after.conversation?.status).toBe('pending');
  });
});
