import { describe, expect, it } from 'vitest';
import { pickAgent, present, queuePositions, routable, routeTicket, type AgentState } from '../../src/domain/routing.ts';
import { NEW_AGENT_DEFAULTS } from '../../src/store/defaults.ts';
import type { AgentRecord, ConversationRecord } from '../../src/store/types.ts';

const agent = (id: string, over: Partial<AgentRecord> = {}): AgentRecord => ({
  ...NEW_AGENT_DEFAULTS, id, deskId: 'd', name: id, email: `${id}@x`, role: 'agent', passwordHash: 'x', createdAt: `2026-01-01T00:00:0${id.length}Z`, ...over,
});
const state = (id: string, load = 0, lastRoutedAt = 0, over: Partial<AgentRecord> = {}): AgentState => ({ agent: agent(id, over), load, lastRoutedAt });
const ticket = (over: Partial<ConversationRecord> = {}): ConversationRecord => ({
  id: 'c1', deskId: 'd', number: 1, subject: 's', status: 'new', priority: 'normal', channel: 'web', contactId: 'v', assigneeId: null,
  teamId: null, tags: [], snoozedUntil: null, lastSeq: 1, lastMessageAt: 't', lastMessagePreview: '', createdAt: 't', updatedAt: 't',
  version: 1, openKey: 'v:web', ...over,
});

describe('routing decisions', () => {
  it('manual routing never picks anyone', () => {
    expect(pickAgent('manual', ticket(), [state('a')], null, 5)).toBeNull();
  });

  it('round robin: whoever was routed to longest ago (never first), skipping full agents', () => {
    const agents = [state('ann', 0, 300), state('bo', 0, 100), state('cy', 0, 0)];
    expect(pickAgent('round_robin', ticket(), agents, null, 5)?.id).toBe('cy');
    agents[2]!.load = 5;
    expect(pickAgent('round_robin', ticket(), agents, null, 5)?.id).toBe('bo');
  });

  it('least loaded: the fewest active tickets, then the longest wait', () => {
    const agents = [state('ann', 2, 0), state('bo', 1, 500), state('cy', 1, 100)];
    expect(pickAgent('least_loaded', ticket(), agents, null, 5)?.id).toBe('cy');
  });

  it('never beyond capacity: their own, else the desk default; nobody free means the ticket waits', () => {
    expect(pickAgent('round_robin', ticket(), [state('ann', 1, 0, { capacity: 1 }), state('bo', 4)], null, 5)?.id).toBe('bo');
    expect(pickAgent('round_robin', ticket(), [state('ann', 1, 0, { capacity: 1 }), state('bo', 5)], null, 5)).toBeNull();
    expect(pickAgent('least_loaded', ticket(), [], null, 5)).toBeNull();
  });

  it("a team's ticket goes to the team's members only", () => {
    const agents = [state('ann'), state('bo', 3)];
    expect(pickAgent('least_loaded', ticket({ teamId: 'billing' }), agents, new Set(['bo']), 5)?.id).toBe('bo');
    expect(pickAgent('least_loaded', ticket({ teamId: 'billing' }), agents, new Set(), 5)).toBeNull();
  });

  it('routes only to active agents who chose online and have a tab open (or had, within the grace period)', () => {
    expect(routable(agent('a'), true, undefined, 1000, 60)).toBe(true);
    expect(routable(agent('a', { availability: 'away' }), true, undefined, 1000, 60)).toBe(false);
    expect(routable(agent('a', { active: false }), true, undefined, 1000, 60)).toBe(false);
    expect(routable(agent('a'), false, 950, 1000, 60)).toBe(true);
    expect(routable(agent('a'), false, 900, 1000, 60)).toBe(false);
    expect(routable(agent('a'), false, undefined, 1000, 60)).toBe(false);
  });

  it('counts an agent without a tab as there for the grace period after they were last seen, by this node or recorded by any', () => {
    const at = Date.parse('2026-03-02T09:00:00.000Z');
    const seen = (msAgo: number | null) => ({ lastSeenAt: msAgo === null ? null : new Date(at - msAgo).toISOString() });
    expect(present(seen(null), true, undefined, at, 60_000)).toBe(true);
    expect(present(seen(null), false, undefined, at, 60_000)).toBe(false);
    expect(present(seen(10_000), false, undefined, at, 60_000)).toBe(true);
    expect(present(seen(3 * 3_600_000), false, undefined, at, 60_000)).toBe(false);
    expect(present(seen(3 * 3_600_000), false, at - 5_000, at, 60_000)).toBe(true); // this node saw them since
    expect(present(seen(5_000), false, at - 3_600_000, at, 60_000)).toBe(true); // another node did
    expect(present({ lastSeenAt: 'garbage' }, false, undefined, at, 60_000)).toBe(false);
    expect(routable(agent('a', seen(10_000)), false, undefined, at, 60_000)).toBe(true);
    expect(routable(agent('a', { ...seen(10_000), availability: 'away' }), false, undefined, at, 60_000)).toBe(false);
  });

  it('lines up waiting tickets in arrival order, one line per team', () => {
    const waiting = [
      { id: 'late', teamId: null, createdAt: '2026-01-01T00:00:03Z', number: 3 },
      { id: 'first', teamId: null, createdAt: '2026-01-01T00:00:01Z', number: 1 },
      { id: 'billing', teamId: 'b', createdAt: '2026-01-01T00:00:02Z', number: 2 },
    ];
    expect(Object.fromEntries(queuePositions(waiting))).toEqual({ first: 1, late: 2, billing: 1 });
  });

  it('an assignment by routing opens a new ticket and is recorded as routing by the system', () => {
    const decision = routeTicket(ticket(), 'ann', { eventId: 'e', at: 't2' });
    expect(decision?.patch).toEqual({ assigneeId: 'ann', status: 'open' });
    expect(decision?.events[0]).toMatchObject({ actor: { type: 'system', id: null }, data: { cause: 'routing' } });
    expect(routeTicket(ticket({ assigneeId: 'ann' }), 'ann', { eventId: 'e', at: 't2' })).toBeNull();
    expect(routeTicket(ticket({ assigneeId: 'ann', status: 'open' }), null, { eventId: 'e', at: 't2' })?.patch).toEqual({ assigneeId: null });
  });
});
