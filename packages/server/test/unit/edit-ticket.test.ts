import { describe, expect, it } from 'vitest';
import { editTicket, wakeSnoozed } from '../../src/domain/edit-ticket.ts';
import { AppError } from '../../src/lib/app-error.ts';
import type { ConversationRecord } from '../../src/store/types.ts';

const ticket = (over: Partial<ConversationRecord> = {}): ConversationRecord => ({
  id: 'c1', deskId: 'd1', number: 7, subject: 'Help', status: 'new', priority: 'normal', channel: 'web', contactId: 'v1',
  assigneeId: null, teamId: null, tags: [], snoozedUntil: null, lastSeq: 3, lastMessageAt: 't0', lastMessagePreview: '', createdAt: 't0', updatedAt: 't0',
  version: 2, openKey: 'v1:web', ...over,
});
const ctx = { actor: { type: 'agent' as const, id: 'a1' }, eventId: 'e1', at: 't1' };
/** What a refused edit says: its code and details. */
const refusal = (edit: () => unknown): { code: string; details: unknown } | null => {
  try {
    edit();
    return null;
  } catch (err) {
    return err instanceof AppError ? { code: err.code, details: err.details } : null;
  }
};

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

  it('refuses a transition the lifecycle does not allow, saying which', () => {
    expect(() => editTicket(ticket({ status: 'closed' }), { status: 'open' }, ctx)).toThrow(/closed ticket cannot become open/);
    expect(refusal(() => editTicket(ticket({ status: 'resolved' }), { status: 'pending' }, ctx))).toEqual({
      code: 'invalid_input',
      details: { field: 'status', reason: 'transition', from: 'resolved', to: 'pending' },
    });
  });

  it('changes nothing of a closed ticket: not its assignee, team, tags or priority', () => {
    const closed = ticket({ status: 'closed', assigneeId: 'a2' });
    for (const edit of [{ assigneeId: 'a1' }, { assigneeId: null }, { teamId: 't1' }, { tags: ['vip'] }, { priority: 'high' as const }, { status: 'open' as const }]) {
      expect(refusal(() => editTicket(closed, edit, ctx))).toMatchObject({ code: 'invalid_input', details: { reason: 'closed' } });
    }
    expect(editTicket(closed, { assigneeId: 'a2', status: 'closed' }, ctx)).toBeNull(); // nothing changes: nothing refused
  });

  describe("a team's ticket goes to its members (Zendesk's rule for groups, as transfers)", () => {
    const billing = { id: 't1', memberIds: ['a1', 'a2'] };
    const support = { id: 't2', memberIds: ['a3'] };
    it('refuses an assignee who is not a member of its team', () => {
      expect(refusal(() => editTicket(ticket({ teamId: 't1' }), { assigneeId: 'a3' }, { ...ctx, team: billing }))).toEqual({
        code: 'invalid_input',
        details: { field: 'assigneeId', reason: 'not_team_member' },
      });
      expect(editTicket(ticket({ teamId: 't1' }), { assigneeId: 'a2' }, { ...ctx, team: billing })?.patch).toEqual({ assigneeId: 'a2', status: 'open' });
      expect(editTicket(ticket({ teamId: null }), { assigneeId: 'a3' }, { ...ctx, team: null })?.patch).toEqual({ assigneeId: 'a3', status: 'open' });
    });
    it('refuses a move to a team together with a non-member as assignee', () => {
      const mine = ticket({ status: 'open', teamId: 't1', assigneeId: 'a1' });
      expect(refusal(() => editTicket(mine, { teamId: 't2', assigneeId: 'a1' }, { ...ctx, team: support }))).toMatchObject({ details: { reason: 'not_team_member' } });
    });
    it('moved to another team, the ticket stays with a member and leaves a non-member for the queue', () => {
      const mine = ticket({ status: 'open', teamId: 't1', assigneeId: 'a1' });
      expect(editTicket(mine, { teamId: 't2' }, { ...ctx, team: support })?.patch).toEqual({ teamId: 't2', assigneeId: null });
      expect(editTicket(mine, { teamId: 't2' }, { ...ctx, team: { id: 't2', memberIds: ['a1'] } })?.patch).toEqual({ teamId: 't2' });
      expect(editTicket(mine, { teamId: null }, { ...ctx, team: null })?.patch).toEqual({ teamId: null });
    });
  });

  describe('snooze', () => {
    const at = '2026-03-02T10:00:00.000Z';
    const when = { ...ctx, at };
    it('needs a wake-up time, and records it with the status', () => {
      expect(() => editTicket(ticket({ status: 'open' }), { status: 'snoozed' }, when)).toThrow(/say until when/);
      const result = editTicket(ticket({ status: 'open' }), { status: 'snoozed', snoozedUntil: '2026-03-03T09:00:00+09:00' }, when);
      expect(result?.patch).toEqual({ status: 'snoozed', snoozedUntil: '2026-03-03T00:00:00.000Z' });
      expect(result?.events[0]?.data).toEqual({
        cause: 'edit',
        changes: { status: { from: 'open', to: 'snoozed' }, snoozedUntil: { from: null, to: '2026-03-03T00:00:00.000Z' } },
      });
    });
    it('refuses a wake-up time for a ticket that is not snoozed, or one in the past', () => {
      expect(() => editTicket(ticket({ status: 'open' }), { snoozedUntil: '2026-03-03T09:00:00Z' }, when)).toThrow(/only a snoozed ticket/);
      expect(() => editTicket(ticket({ status: 'open' }), { status: 'snoozed', snoozedUntil: '2026-03-01T09:00:00Z' }, when)).toThrow(/at least a minute/);
    });
    it('moves the wake-up time of a snoozed ticket, and clears it when the ticket leaves snoozed', () => {
      const snoozed = ticket({ status: 'snoozed', snoozedUntil: '2026-03-03T00:00:00.000Z' });
      expect(editTicket(snoozed, { snoozedUntil: '2026-03-04T00:00:00Z' }, when)?.patch).toEqual({ snoozedUntil: '2026-03-04T00:00:00.000Z' });
      expect(editTicket(snoozed, { status: 'resolved' }, when)?.patch).toEqual({ status: 'resolved', snoozedUntil: null });
    });
    it('wakes a snoozed ticket whose time has come, as the system, and not before', () => {
      const snoozed = ticket({ status: 'snoozed', snoozedUntil: '2026-03-02T09:59:00.000Z' });
      const woken = wakeSnoozed(snoozed, { eventId: 'w1', at });
      expect(woken?.patch).toEqual({ status: 'open', snoozedUntil: null });
      expect(woken?.events[0]).toMatchObject({ actor: { type: 'system', id: null }, data: { cause: 'snooze_ended' } });
      expect(wakeSnoozed(ticket({ status: 'snoozed', snoozedUntil: '2026-03-02T10:01:00.000Z' }), { eventId: 'w2', at })).toBeNull();
      expect(wakeSnoozed(ticket({ status: 'open' }), { eventId: 'w3', at })).toBeNull();
    });
  });

  it('records tags (without repeats) and the team, with before and after', () => {
    const result = editTicket(ticket({ tags: ['vip'] }), { tags: ['vip', 'refund', 'refund'], teamId: 'billing' }, ctx);
    expect(result?.patch).toEqual({ tags: ['vip', 'refund'], teamId: 'billing' });
    expect(result?.events[0]?.data).toMatchObject({ changes: { tags: { from: ['vip'], to: ['vip', 'refund'] }, teamId: { from: null, to: 'billing' } } });
    expect(editTicket(ticket({ tags: ['vip'] }), { tags: ['vip'] }, ctx)).toBeNull();
  });
});
