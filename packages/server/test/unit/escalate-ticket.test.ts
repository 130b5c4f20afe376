import { describe, expect, it } from 'vitest';
import { escalateTicket, nextPriority } from '../../src/domain/escalate-ticket.ts';
import type { ConversationRecord, TeamRecord } from '../../src/store/types.ts';

const ticket = (over: Partial<ConversationRecord> = {}): ConversationRecord => ({
  id: 'c1', deskId: 'd1', number: 7, subject: 'Help', status: 'open', priority: 'normal', channel: 'web', contactId: 'v1',
  assigneeId: 'jun', teamId: 'billing', tags: ['refund'], snoozedUntil: null, lastSeq: 3, lastMessageAt: 't0', lastMessagePreview: '', createdAt: 't0',
  updatedAt: 't0', version: 2, openKey: 'v1:web', ...over,
});
const billing: TeamRecord = { id: 'billing', deskId: 'd1', name: 'Billing', memberIds: ['jun', 'sora', 'mina', 'gone'], createdAt: 't0' };
const ctx = { actor: { type: 'agent' as const, id: 'mina' }, eventId: 'e1', at: 't1', activeAgentIds: new Set(['mina', 'jun', 'sora']) };

describe('escalateTicket: priority up one level, tagged escalated', () => {
  it('goes low → normal → high → urgent, and no further', () => {
    expect([nextPriority('low'), nextPriority('normal'), nextPriority('high'), nextPriority('urgent')]).toEqual(['normal', 'high', 'urgent', null]);
  });

  it('raises the priority, adds the escalated tag once, and records the reason', () => {
    const result = escalateTicket(ticket(), 'customer waited a week', billing, ctx);
    expect(result.patch).toEqual({ priority: 'high', tags: ['refund', 'escalated'] });
    expect(result.events[0]).toMatchObject({ type: 'ticket.updated', data: { cause: 'escalation', note: 'customer waited a week', changes: { priority: { from: 'normal', to: 'high' } } } });
    expect(result.events[1]).toMatchObject({ type: 'ticket.escalated', id: 'e1.1', data: { from: 'normal', to: 'high', recipients: [] } });
    expect(escalateTicket(ticket({ priority: 'high', tags: ['escalated'] }), '', billing, ctx).patch).toEqual({ priority: 'urgent' });
  });

  it('reaching urgent notifies the assignee and the team’s active members, never the actor', () => {
    const result = escalateTicket(ticket({ priority: 'high' }), '', billing, ctx);
    expect(result.events[1]?.data).toMatchObject({ to: 'urgent', recipients: ['jun', 'sora'] });
    const unassigned = escalateTicket(ticket({ priority: 'high', assigneeId: null, teamId: null }), '', null, ctx);
    expect(unassigned.events[1]?.data).toMatchObject({ recipients: [] });
  });

  it('refuses a closed ticket and one already urgent', () => {
    expect(() => escalateTicket(ticket({ status: 'closed' }), '', null, ctx)).toThrow(expect.objectContaining({ code: 'invalid_input', details: { field: 'conversationId', reason: 'closed' } }));
    expect(() => escalateTicket(ticket({ priority: 'urgent' }), '', null, ctx)).toThrow(expect.objectContaining({ details: { field: 'priority', reason: 'already_urgent' } }));
  });
});
