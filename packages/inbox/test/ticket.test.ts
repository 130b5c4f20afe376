import { describe, expect, it } from 'vitest';
import { emptyTicket, ticketReducer, type TicketAction, type TicketState } from '../src/state/ticket.ts';
import { syncFrom } from '../src/state/timeline.ts';
import { conversation, message } from './fixtures.ts';

const run = (actions: TicketAction[], from: TicketState = emptyTicket) => actions.reduce(ticketReducer, from);
const c1 = conversation('c1', { lastSeq: 2 });
const opened: TicketAction = { type: 'opened', id: 'c1', conversation: c1, contact: null, messages: [message(1), message(2)] };

describe('ticketReducer', () => {
  it('select → opened shows the ticket', () => {
    const state = run([{ type: 'select', id: 'c1' }, opened]);
    expect(state.phase).toBe('ready');
    expect(state.conversation?.id).toBe('c1');
    expect(state.messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('drops the late answer of a ticket the agent already left', () => {
    const state = run([{ type: 'select', id: 'c1' }, { type: 'select', id: 'c2' }, opened]);
    expect(state.id).toBe('c2');
    expect(state.phase).toBe('loading');
    expect(state.conversation).toBeNull();
  });

  it('merges live messages of the open ticket only', () => {
    const state = run([
      { type: 'select', id: 'c1' },
      opened,
      { type: 'messages', id: 'c1', messages: [message(3), message(2)] },
      { type: 'messages', id: 'c1', messages: [message(9, { conversationId: 'other' })] },
      { type: 'messages', id: 'other', messages: [message(4)] },
    ]);
    expect(state.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('a re-open after reconnect keeps what was shown and adds what was missed', () => {
    const before = run([{ type: 'select', id: 'c1' }, opened]);
    const after = ticketReducer(before, {
      ...opened,
      conversation: { ...c1, lastSeq: 4 },
      messages: [message(3), message(4)],
    });
    expect(after.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(after.conversation?.lastSeq).toBe(4);
  });

  it('a paged open sets the floor so the older history is not treated as a gap', () => {
    const state = run([
      { type: 'select', id: 'c1' },
      { ...opened, conversation: { ...c1, lastSeq: 60 }, messages: [message(51), message(60), message(55)] },
    ]);
    expect(state.floor).toBe(50);
    expect(syncFrom(state.messages, 60, state.floor)).toBe(51);
  });

  it('keeps the newer conversation when an older update arrives late', () => {
    const state = run([
      { type: 'select', id: 'c1' },
      opened,
      { type: 'conversation', conversation: { ...c1, version: 3, status: 'pending' } },
      { type: 'conversation', conversation: { ...c1, version: 2, status: 'open' } },
    ]);
    expect(state.conversation?.status).toBe('pending');
  });

  it('ignores conversation updates of other tickets', () => {
    const before = run([{ type: 'select', id: 'c1' }, opened]);
    expect(ticketReducer(before, { type: 'conversation', conversation: conversation('c2', { version: 9 }) })).toBe(before);
  });

  it('a failed first open is an error; a failed re-open keeps the ticket', () => {
    const error = { code: 'not_found' as const, message: 'gone' };
    expect(run([{ type: 'select', id: 'c1' }, { type: 'failed', id: 'c1', error }]).phase).toBe('error');
    const shown = run([{ type: 'select', id: 'c1' }, opened, { type: 'failed', id: 'c1', error }]);
    expect(shown.phase).toBe('ready');
    expect(shown.messages).toHaveLength(2);
  });
});
