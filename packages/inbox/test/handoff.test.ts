import { describe, expect, it } from 'vitest';
import type { AgentProfile, Team, TicketActivity } from '@parley/protocol/model';
import type { TicketNotice } from '@parley/protocol/notifications';
import { activityTexts, type ActivityNames } from '../src/state/activity.ts';
import { handoffReasonKey, KEEP, nextPriority, NONE, transferAgents, transferPayload, transferReady } from '../src/state/handoff.ts';
import { initialNotifications, notificationsReducer } from '../src/state/notifications.ts';
import { noticeOf, noticesOf } from '../src/state/notice-guard.ts';
import { shortcutOf } from '../src/state/shortcuts.ts';
import { conversation } from './fixtures.ts';

const agent = (id: string, name: string, active = true): AgentProfile => ({
  id, deskId: 'd', name, email: `${id}@x`, role: 'agent', active, initials: '', availability: 'online', capacity: null,
});
const billing: Team = { id: 'billing', deskId: 'd', name: 'Billing', memberIds: ['jun', 'sora', 'old'], createdAt: 't' };
const names: ActivityNames = {
  agent: (id) => (id === null ? 'nobody' : `agent ${id}`),
  team: (id) => `team ${id}`,
  status: (s) => s,
  priority: (p) => p.toUpperCase(),
  time: (iso) => iso,
  actor: (a) => `agent ${a.id}`,
};
const activity = (over: Partial<TicketActivity>): TicketActivity => ({
  id: 'e1', conversationId: 'c1', at: 't', actor: { type: 'agent', id: 'mina' }, cause: 'transfer', changes: {}, ...over,
});

describe('the transfer form', () => {
  it('sends only what was chosen: a kept team or assignee is left out, "none" is null, the note trimmed', () => {
    expect(transferPayload({ team: 'billing', agent: KEEP, note: '  refund > $100 ' })).toEqual({ teamId: 'billing', note: 'refund > $100' });
    expect(transferPayload({ team: KEEP, agent: 'jun', note: '' })).toEqual({ assigneeId: 'jun', note: '' });
    expect(transferPayload({ team: NONE, agent: NONE, note: '' })).toEqual({ teamId: null, assigneeId: null, note: '' });
    expect(transferReady({ team: KEEP, agent: KEEP, note: 'x' })).toBe(false);
    expect(transferReady({ team: 'billing', agent: KEEP, note: '' })).toBe(true);
  });

  it('lists the active members of the team the ticket will be in, everyone active when it will have none', () => {
    const all = [agent('sora', 'Sora'), agent('ari', 'Ari'), agent('jun', 'Jun'), agent('old', 'Old', false)];
    expect(transferAgents(all, [billing], { team: 'billing' }, null, 'en').map((a) => a.id)).toEqual(['jun', 'sora']);
    expect(transferAgents(all, [billing], { team: KEEP }, 'billing', 'en').map((a) => a.id)).toEqual(['jun', 'sora']);
    expect(transferAgents(all, [billing], { team: NONE }, 'billing', 'en').map((a) => a.id)).toEqual(['ari', 'jun', 'sora']);
  });

  it('words each refusal reason, and leaves other failures to the generic texts', () => {
    expect(handoffReasonKey({ code: 'invalid_input', message: '', details: { field: 'assigneeId', reason: 'not_team_member' } })).toBe('handoff.reason.not_team_member');
    expect(handoffReasonKey({ code: 'invalid_input', message: '', details: { reason: 'something_new' } })).toBeNull();
    expect(handoffReasonKey({ code: 'conflict', message: '' })).toBeNull();
  });

  it('escalates one level at a time, up to urgent', () => {
    expect(['low', 'normal', 'high', 'urgent'].map((p) => nextPriority(p as 'low'))).toEqual(['normal', 'high', 'urgent', null]);
  });
});

describe('timeline lines of a transfer and an escalation', () => {
  it('names the team, the agent or both, with the note after the line', () => {
    const toTeam = activity({ note: 'please check the refund', changes: { teamId: { from: null, to: 'billing' }, assigneeId: { from: 'mina', to: null } } });
    expect(activityTexts(toTeam, names)).toEqual([{ key: 'activity.transferredTeam', params: { actor: 'agent mina', to: 'team billing' }, note: 'please check the refund' }]);
    expect(activityTexts(activity({ changes: { assigneeId: { from: null, to: 'jun' } } }), names)).toEqual([
      { key: 'activity.transferredAgent', params: { actor: 'agent mina', to: 'agent jun' } },
    ]);
    expect(activityTexts(activity({ changes: { teamId: { from: null, to: 'billing' }, assigneeId: { from: null, to: 'jun' } } }), names)[0]?.key).toBe('activity.transferredBoth');
    expect(activityTexts(activity({ changes: { assigneeId: { from: 'jun', to: null } } }), names)[0]?.key).toBe('activity.transferredQueue');
  });

  it('says to which priority a ticket was escalated, with the reason', () => {
    const escalated = activity({ cause: 'escalation', note: 'outage', changes: { priority: { from: 'high', to: 'urgent' }, tags: { from: [], to: ['escalated'] } } });
    expect(activityTexts(escalated, names)).toEqual([{ key: 'activity.escalated', params: { actor: 'agent mina', to: 'URGENT' }, note: 'outage' }]);
  });
});

describe('notices of transfers and escalations', () => {
  const notice = (over: Partial<TicketNotice> = {}): TicketNotice => ({
    id: 'n1', kind: 'transfer', conversationId: 'c1', number: 4, subject: 'Refund', byAgentId: 'mina', teamId: 'billing', assigneeId: null,
    priority: 'normal', note: 'please check', at: '2025-01-01T12:00:00.000Z', ...over,
  });

  it('lists a transfer once with its note, and keeps it when the ticket then shows up as mine', () => {
    let state = notificationsReducer(initialNotifications('jun', 't0'), { type: 'seed', conversations: [conversation('c1', { assigneeId: null })] });
    state = notificationsReducer(state, { type: 'notice', notice: notice() });
    state = notificationsReducer(state, { type: 'notice', notice: notice() });
    expect(state.tickets.map((t) => [t.conversationId, t.reason, t.note])).toEqual([['c1', 'transfer', 'please check']]);
    state = notificationsReducer(state, { type: 'updated', conversations: [conversation('c1', { assigneeId: 'jun' })] });
    expect(state.tickets.map((t) => t.reason)).toEqual(['transfer']);
  });

  it('takes only well-formed pushes', () => {
    expect(noticeOf({ notice: notice({ kind: 'escalation' }) })?.kind).toBe('escalation');
    expect(noticeOf({ notice: { ...notice(), kind: 'other' } })).toBeNull();
    expect(noticeOf({ notice: { ...notice(), number: '4' } })).toBeNull();
    expect(noticeOf(null)).toBeNull();
    expect(noticesOf([notice(), { ...notice(), at: 5 }, 'x']).map((n) => n.id)).toEqual(['n1']);
    expect(noticesOf({ notices: [] })).toEqual([]);
  });
});

describe('the transfer and escalate shortcuts', () => {
  const press = (key: string) => ({ key, ctrlKey: false, metaKey: false, altKey: false, isComposing: false, keyCode: 0, target: null, defaultPrevented: false });
  it('t transfers, u escalates', () => {
    expect(shortcutOf(press('t'))).toBe('transfer');
    expect(shortcutOf(press('u'))).toBe('escalate');
  });
});
