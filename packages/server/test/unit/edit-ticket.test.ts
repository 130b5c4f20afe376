import { describe, expect, it } from 'vitest';
import { editTicket } from '../../src/domain/edit-ticket.ts';
import type { ConversationRecord } from '../../src/store/types.ts';

const ticket = (over: Partial<ConversationRecord> = {}): ConversationRecord => ({
  id: 'c1', deskId: 'd1', number: 7, subject: 'Help', status: 'new', priority: 'normal', channel: 'web', contactId: 'v1',
  assigneeId: null, tags: [], lastSeq: 3, lastMessageAt: 't0', lastMessagePreview: '', createdAt: 't0', updatedAt: 't0',
  version: 2, openKey: 'v1:web', ...over,
});
const ctx = { actor: { type: 'agent' as const, id: 'a1' }, eventId: 'e1', at: 't1' };

describe('editTicket: a person changes a ticket', () => {
  it('records exactly the fields that change, with before and after, in one event', () => {
    const result = editTicket(ticket({ status: 'open' }), { priority: 'high', status: 'open', subject: 'Help' }, ctx);
    expect(result?.patch).toEqual({ priority: 'high' });
    expect(result?.events).toEqual([
      { id: 'e1', deskId: 'd1', conversationId: 'c1', actor: { type: 'agent', id: 'a1' }, at: 't1', type: 'ticket.updated', data: { cause: 'edit', changes: { priority: { from: 'normal', to: 'high' } } } },
    ]);
  });

  it('opens a new ticket when it is assigned', () => {
    expect(editTicket(ticket(), { assigneeId: 'a2' }, ctx)?.patch).toEqual({ assigneeId: 'a2', status: 'open' });
  });

  it('returns nothing when nothing changes', () => {
    expect(editTicket(ticket(), { status: 'new', priority: 'normal' }, ctx)).toBeNull();
  });

  it('refuses a transition the lifecycle does not allow', () => {
    expect(() => editTicket(ticket({ status: 'closed' }), { status: 'open' }, ctx)).toThrow(/closed ticket cannot become open/);
  });
});
