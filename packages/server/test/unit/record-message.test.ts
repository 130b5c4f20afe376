import type { Message } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { recordMessage } from '../../src/domain/record-message.ts';
import type { ConversationRecord } from '../../src/store/types.ts';

const ticket = (over: Partial<ConversationRecord> = {}): ConversationRecord => ({
  id: 'c1', deskId: 'd1', number: 7, subject: 'Help', status: 'open', priority: 'normal', channel: 'web', contactId: 'v1',
  assigneeId: null, teamId: null, tags: [], snoozedUntil: null, lastSeq: 3, lastMessageAt: 't0', lastMessagePreview: '', createdAt: 't0', updatedAt: 't0',
  version: 2, openKey: 'v1:web', ...over,
});
const message = (over: Partial<Message> = {}): Message => ({
  id: 'm1', conversationId: 'c1', seq: 4, clientMsgId: 'x', type: 'visitor', authorId: 'v1', authorName: null, text: 'hi',
  attachments: [], createdAt: 't1', ...over,
});

describe('recordMessage: what one message does to its ticket', () => {
  it('records a plain message as one event and changes nothing else', () => {
    const verdict = recordMessage(ticket(), message());
    expect(verdict).toEqual({
      patch: null,
      events: [{ id: 'm1.0', deskId: 'd1', conversationId: 'c1', actor: { type: 'visitor', id: 'v1' }, at: 't1', type: 'message.created', data: { messageId: 'm1', seq: 4, type: 'visitor' } }],
    });
  });

  it('creates the ticket with its first message', () => {
    const verdict = recordMessage(ticket({ status: 'new', lastSeq: 0 }), message({ seq: 1 }));
    if ('refused' in verdict) throw new Error('refused');
    expect(verdict.events.map((e) => [e.id, e.type])).toEqual([['m1.0', 'conversation.created'], ['m1.1', 'message.created']]);
    expect(verdict.events[0]?.data).toEqual({ number: 7, channel: 'web' });
  });

  it.each(['pending', 'resolved'] as const)('reopens a %s ticket when the visitor writes, recording the rule as an event', (status) => {
    const verdict = recordMessage(ticket({ status }), message());
    if ('refused' in verdict) throw new Error('refused');
    expect(verdict.patch).toEqual({ status: 'open' });
    expect(verdict.events[1]).toMatchObject({ id: 'm1.1', type: 'ticket.updated', actor: { type: 'visitor', id: 'v1' }, data: { cause: 'visitor_message', changes: { status: { from: status, to: 'open' } } } });
  });

  it('opens a new ticket and gives it to the first agent who replies (claim on reply)', () => {
    const verdict = recordMessage(ticket({ status: 'new' }), message({ type: 'agent', authorId: 'a1' }));
    if ('refused' in verdict) throw new Error('refused');
    expect(verdict.patch).toEqual({ status: 'open', assigneeId: 'a1' });
    expect(verdict.events[1]?.data).toEqual({ cause: 'agent_reply', changes: { status: { from: 'new', to: 'open' }, assigneeId: { from: null, to: 'a1' } } });
  });

  it("claims a team's ticket only for one of its members: another agent's reply leaves it in the team's queue", () => {
    const reply = message({ type: 'agent', authorId: 'a1' });
    const billing = ticket({ status: 'new', teamId: 't1' });
    expect(recordMessage(billing, reply, ['t1', 't2'])).toMatchObject({ patch: { status: 'open', assigneeId: 'a1' } });
    expect(recordMessage(billing, reply, ['t2'])).toMatchObject({ patch: { status: 'open' } });
    expect(recordMessage(billing, reply, ['t2'])).not.toMatchObject({ patch: { assigneeId: 'a1' } });
    // not told the author's teams (a step decided again in a recovery): a team's ticket is not claimed
    expect(recordMessage(billing, reply)).not.toMatchObject({ patch: { assigneeId: 'a1' } });
    expect(recordMessage(ticket({ status: 'new' }), reply)).toMatchObject({ patch: { assigneeId: 'a1' } });
  });

  it('leaves an assigned ticket with its assignee when another agent replies', () => {
    expect(recordMessage(ticket({ assigneeId: 'a2' }), message({ type: 'agent', authorId: 'a1' }))).toMatchObject({ patch: null });
  });

  it('changes nothing for notes, not even on a new unassigned ticket', () => {
    const verdict = recordMessage(ticket({ status: 'new' }), message({ type: 'note', authorId: 'a1' }));
    expect(verdict).toMatchObject({ patch: null });
  });

  it('refuses public messages on a closed ticket, but keeps notes', () => {
    expect(recordMessage(ticket({ status: 'closed' }), message())).toEqual({ refused: 'closed' });
    expect(recordMessage(ticket({ status: 'closed' }), message({ type: 'agent', authorId: 'a1' }))).toEqual({ refused: 'closed' });
    expect(recordMessage(ticket({ status: 'closed' }), message({ type: 'note', authorId: 'a1' }))).toMatchObject({ patch: null });
  });

  it('is deterministic: the same ticket and message give the same events (a repeated step never doubles them)', () => {
    const t = ticket({ status: 'resolved' });
    expect(recordMessage(t, message())).toEqual(recordMessage(t, message()));
  });
});
