import type { ReadMark } from '../store/types.ts';
import type { AgentRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { ticketOfDesk } from './tickets.ts';

/** The agent has seen a ticket of their desk up to `seq` (never beyond the ticket's last seq; marks only move forward). */
export async function markRead(deps: ServiceDeps, agent: AgentRecord, conversationId: string, seq: number): Promise<void> {
  const ticket = await ticketOfDesk(deps, agent, conversationId);
  await deps.store.markRead(agent.id, conversationId, Math.min(seq, ticket.lastSeq), iso(deps));
}

export function readMarks(deps: ServiceDeps, agent: AgentRecord, conversationIds: readonly string[]): Promise<ReadMark[]> {
  return deps.store.readMarks(agent.id, [...new Set(conversationIds)]);
}
