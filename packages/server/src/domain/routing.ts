import type { RoutingMode } from '@parley/protocol';
import { makeEvent, type DomainEvent } from '../events/catalogue.ts';
import type { Conversation } from '@parley/protocol';
import type { AgentRecord, ConversationPatch, ConversationRecord } from '../store/types.ts';
import { changesOf } from './edit-ticket.ts';
import { statusAfterAssignment } from './ticket-lifecycle.ts';

/**
 * Routing, as pure decisions: who may get tickets, who gets the next one, and where a waiting ticket stands.
 *   - an agent gets tickets when active, their own availability is `online`, and they are there (`present`);
 *   - never beyond their capacity (their own, else the desk's default) of active tickets (new, open, pending);
 *   - a ticket of a team goes to that team's members only; a ticket without a team to anyone;
 *   - round robin: the candidate routed to longest ago (never first); least loaded: the fewest active tickets, ties
 *     by the same order;
 *   - tickets wait in arrival order, per team; nobody available → they wait.
 */

export interface AgentState {
  agent: AgentRecord;
  /** Active tickets assigned to them now. */
  load: number;
  /** When routing last gave them a ticket (ms since epoch), 0 for never. */
  lastRoutedAt: number;
}

/**
 * Whether an agent is there: a tab of theirs is open, or was within the grace period, as this node saw it
 * (`lastConnectedAt`, ms) or as any node recorded it (`lastSeenAt`). A reload, a short network cut or a restart of
 * the server does not make them disappear; an agent nobody has seen for longer is not there, however recently this
 * node started.
 */
export function present(
  agent: Pick<AgentRecord, 'lastSeenAt'>,
  connected: boolean,
  lastConnectedAt: number | undefined,
  now: number,
  graceMs: number,
): boolean {
  if (connected) return true;
  const recorded = agent.lastSeenAt === null ? Number.NaN : Date.parse(agent.lastSeenAt);
  const seen = Math.max(lastConnectedAt ?? -Infinity, Number.isNaN(recorded) ? -Infinity : recorded);
  return now - seen <= graceMs;
}

export function routable(agent: AgentRecord, connected: boolean, lastConnectedAt: number | undefined, now: number, graceMs: number): boolean {
  if (!agent.active || agent.availability !== 'online') return false;
  return present(agent, connected, lastConnectedAt, now, graceMs);
}

export const capacityOf = (agent: AgentRecord, defaultCapacity: number): number => agent.capacity ?? defaultCapacity;

/** The agent for a waiting ticket among the routable ones, or null when it must wait. */
export function pickAgent(
  mode: RoutingMode,
  ticket: Pick<ConversationRecord, 'teamId'>,
  candidates: readonly AgentState[],
  teamMembers: ReadonlySet<string> | null,
  defaultCapacity: number,
): AgentRecord | null {
  if (mode === 'manual') return null;
  const free = candidates.filter(
    (c) => c.load < capacityOf(c.agent, defaultCapacity) && (ticket.teamId === null || (teamMembers?.has(c.agent.id) ?? false)),
  );
  const byTurn = (a: AgentState, b: AgentState) =>
    a.lastRoutedAt - b.lastRoutedAt || a.agent.createdAt.localeCompare(b.agent.createdAt) || a.agent.id.localeCompare(b.agent.id);
  const order = mode === 'least_loaded' ? (a: AgentState, b: AgentState) => a.load - b.load || byTurn(a, b) : byTurn;
  return [...free].sort(order)[0]?.agent ?? null;
}

/** Each waiting ticket's place in its team's line (1 = next), in arrival order. */
export function queuePositions(waiting: readonly Pick<ConversationRecord, 'id' | 'teamId' | 'createdAt' | 'number'>[]): Map<string, number> {
  const lines = new Map<string | null, number>();
  const positions = new Map<string, number>();
  const inArrivalOrder = [...waiting].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.number - b.number);
  for (const ticket of inArrivalOrder) {
    const place = (lines.get(ticket.teamId) ?? 0) + 1;
    lines.set(ticket.teamId, place);
    positions.set(ticket.id, place);
  }
  return positions;
}

/** Routing gives a waiting ticket to an agent (a new ticket opens), or takes it back from one who went away. */
export function routeTicket(
  ticket: Conversation,
  assigneeId: string | null,
  ctx: { eventId: string; at: string },
): { patch: ConversationPatch; events: DomainEvent[] } | null {
  if (ticket.assigneeId === assigneeId) return null;
  const patch: ConversationPatch = { assigneeId };
  const opened = statusAfterAssignment(ticket.status, assigneeId);
  if (opened) patch.status = opened;
  const event = makeEvent(
    'ticket.updated',
    { id: ctx.eventId, deskId: ticket.deskId, conversationId: ticket.id, actor: { type: 'system', id: null }, at: ctx.at },
    { changes: changesOf(ticket, patch), cause: 'routing' },
  );
  return { patch, events: [event] };
}
