import { describe, expect, it } from 'vitest';
import { transferTicket, type TransferInput, type TransferTargets } from '../../src/domain/transfer-ticket.ts';
import type { AgentRecord, ConversationRecord, TeamRecord } from '../../src/store/types.ts';

const ticket = (over: Partial<ConversationRecord> = {}): ConversationRecord => ({
  id: 'c1', deskId: 'd1', number: 7, subject: 'Help', status: 'open', priority: 'normal', channel: 'web', contactId: 'v1',
  assigneeId: 'mina', teamId: null, tags: [], snoozedUntil: null, lastSeq: 3, lastMessageAt: 't0', lastMessagePreview: '', createdAt: 't0',
  updatedAt: 't0', version: 2, openKey: 'v1:web', ...over,
});
const team = (over: Partial<TeamRecord> = {}): TeamRecord => ({ id: 'billing', deskId: 'd1', name: 'Billing', memberIds: ['jun', 'sora', 'mina'], createdAt: 't0', ...over });
const agent = (over: Partial<AgentRecord> = {}): AgentRecord => ({
  id: 'jun', deskId: 'd1', name: 'Jun', email: 'jun@x', role: 'agent', passwordHash: '', createdAt: 't0', active: true, initials: '', signature: '',
  availability: 'online', capacity: null, preferences: { sendKey: 'enter', sound: false, desktopNotifications: false }, lastSeenAt: null, ...over,
});
const ctx = { actor: { type: 'agent' as const, id: 'mina' }, eventId: 'e1', at: 't1', activeAgentIds: new Set(['mina', 'jun', 'sora']) };
const transfer = (t: ConversationRecord, input: Partial<TransferInput>, targets: Partial<TransferTargets> = {}) =>
  transferTicket(t, { note: 'over to you', ...input }, { team: null, assignee: null, ...targets }, ctx);
const reason = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return (err as { code: string; details: { reason: string } }).details.reason;
  }
  return 'accepted';
};

describe('transferTicket: a ticket handed to a team and/or an agent with a note, as one change', () => {
  it('moves a ticket to a team unassigned when its assignee is not a member, and notifies the team (not the actor)', () => {
    const result = transfer(ticket({ assigneeId: 'ari' }), { teamId: 'billing' }, { team: team() });
    expect(result.patch).toEqual({ teamId: 'billing', assigneeId: null });
    expect(result.events.map((e) => e.type)).toEqual(['ticket.updated', 'ticket.transferred']);
    expect(result.events[0]).toMatchObject({
      id: 'e1',
      data: { cause: 'transfer', note: 'over to you', changes: { teamId: { from: null, to: 'billing' }, assigneeId: { from: 'ari', to: null } } },
    });
    expect(result.events[1]).toMatchObject({ id: 'e1.1', data: { teamId: 'billing', assigneeId: null, note: 'over to you', recipients: ['jun', 'sora'] } });
  });

  it('keeps the assignee when they are a member of the new team (then only the team changes and they are told)', () => {
    const result = transferTicket(ticket({ assigneeId: 'jun' }), { teamId: 'billing', note: '' }, { team: team(), assignee: null }, ctx);
    expect(result.patch).toEqual({ teamId: 'billing' });
    expect(result.events[1]?.data).toMatchObject({ assigneeId: 'jun', recipients: ['jun'] });
  });

  it('assigns a team member directly, notifying only them, and opens a new ticket', () => {
    const result = transfer(ticket({ status: 'new', assigneeId: null }), { teamId: 'billing', assigneeId: 'jun' }, { team: team(), assignee: agent() });
    expect(result.patch).toEqual({ teamId: 'billing', assigneeId: 'jun', status: 'open' });
    expect(result.events[1]?.data).toMatchObject({ recipients: ['jun'] });
  });

  it('transfers to an agent alone when they belong to the ticket’s team, or when it has none', () => {
    expect(transfer(ticket(), { assigneeId: 'jun' }, { assignee: agent() }).patch).toEqual({ assigneeId: 'jun' });
    expect(transfer(ticket({ teamId: 'billing' }), { assigneeId: 'jun' }, { team: team(), assignee: agent() }).patch).toEqual({ assigneeId: 'jun' });
  });

  it('refuses what Zendesk and Chatwoot refuse, each with its own reason', () => {
    expect(reason(() => transfer(ticket(), {}))).toBe('no_target');
    expect(reason(() => transfer(ticket({ status: 'closed' }), { teamId: 'billing' }, { team: team() }))).toBe('closed');
    expect(reason(() => transfer(ticket(), { teamId: 'billing' }, { team: null }))).toBe('unknown_team');
    expect(reason(() => transfer(ticket(), { teamId: 'billing' }, { team: team({ deskId: 'other' }) }))).toBe('unknown_team');
    expect(reason(() => transfer(ticket(), { assigneeId: 'jun' }, { assignee: null }))).toBe('unknown_agent');
    expect(reason(() => transfer(ticket(), { assigneeId: 'jun' }, { assignee: agent({ deskId: 'other' }) }))).toBe('unknown_agent');
    expect(reason(() => transfer(ticket(), { assigneeId: 'jun' }, { assignee: agent({ active: false }) }))).toBe('inactive_agent');
    expect(reason(() => transfer(ticket(), { teamId: 'billing', assigneeId: 'jun' }, { team: team({ memberIds: ['sora'] }), assignee: agent() }))).toBe('not_team_member');
    expect(reason(() => transfer(ticket({ teamId: 'billing' }), { assigneeId: 'jun' }, { team: team({ memberIds: ['sora'] }), assignee: agent() }))).toBe('not_team_member');
    expect(reason(() => transfer(ticket({ teamId: 'billing', assigneeId: 'jun' }), { teamId: 'billing' }, { team: team() }))).toBe('unchanged');
  });

  it('hands a ticket back to its team’s queue (assignee null) and out of any team (team null)', () => {
    const toQueue = transfer(ticket({ teamId: 'billing', assigneeId: 'jun' }), { assigneeId: null }, { team: team() });
    expect(toQueue.patch).toEqual({ assigneeId: null });
    expect(toQueue.events[1]?.data).toMatchObject({ recipients: ['jun', 'sora'] });
    const out = transfer(ticket({ teamId: 'billing', assigneeId: null }), { teamId: null });
    expect(out.patch).toEqual({ teamId: null });
    expect(out.events[1]?.data).toMatchObject({ recipients: [] });
  });

  it('notifies only active agents', () => {
    const result = transferTicket(ticket({ assigneeId: null }), { teamId: 'billing', note: '' }, { team: team(), assignee: null }, { ...ctx, activeAgentIds: new Set(['sora']) });
    expect(result.events[1]?.data).toMatchObject({ recipients: ['sora'] });
  });
});
