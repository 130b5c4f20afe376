import type { ReadMark } from '../store/types.ts';
import type { AgentRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { ticketOfDesk } from './tickets.ts';

/**
 * The agent has seen a ticket of their desk up to `seq` (never beyond the ticket's last seq; marks only move forward).
 * Answers what the visitor may be told ("seen" up to `seq`) when this agent's mark moved forward, else null.
 */
export async function markRead(
  deps: ServiceDeps,
  agent: AgentRecord,
  conversationId: string,
  seq: number,
): Promise<{ contactId: string; conversationId: string; seq: number } | null> {
  const ticket = await ticketOfDesk(deps, agent, conversationId);
  const mark = Math.min(seq, ticket.lastSeq);
  const [before] = await deps.store.readMarks(agent.id, [conversationId]);
  await deps.store.markRead(agent.id, conversationId, mark, iso(deps));
  if (ticket.channel !== 'web' || mark <= (before?.seq ?? 0)) return null;
  return { contactId: ticket.contactId, conversationId, seq: mark };
}

export function readMarks(deps: ServiceDeps, agent: AgentRecord, conversationIds: readonly string[]): Promise<ReadMark[]> {
  return deps.store.readMarks(agent.id, [...new Set(conversationIds)]);
}
