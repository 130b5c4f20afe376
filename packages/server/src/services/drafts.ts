import type { Draft } from '@parley/protocol';
import type { AgentRecord, DraftRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { ticketOfDesk } from './tickets.ts';

export interface DraftInput {
  conversationId: string;
  kind: DraftRecord['kind'];
  text: string;
  seenSeq: number;
  seenTicket: DraftRecord['seenTicket'];
}

const toDraft = (d: DraftRecord): Draft => ({
  conversationId: d.conversationId,
  kind: d.kind,
  text: d.text,
  seenSeq: d.seenSeq,
  seenTicket: { assigneeId: d.seenTicket.assigneeId, status: d.seenTicket.status },
  updatedAt: d.updatedAt,
});

/** Keeps (or, when the text is blank, forgets) the agent's draft on a ticket of their desk. */
export async function saveDraft(deps: ServiceDeps, agent: AgentRecord, input: DraftInput): Promise<{ draft: Draft | null }> {
  await ticketOfDesk(deps, agent, input.conversationId);
  if (input.text.trim() === '') {
    await deps.store.deleteDraft(agent.id, input.conversationId, input.kind);
    return { draft: null };
  }
  const record: DraftRecord = { agentId: agent.id, ...input, updatedAt: iso(deps) };
  await deps.store.saveDraft(record);
  return { draft: toDraft(record) };
}

export async function listDrafts(deps: ServiceDeps, agent: AgentRecord, conversationId?: string): Promise<Draft[]> {
  if (conversationId !== undefined) await ticketOfDesk(deps, agent, conversationId);
  return (await deps.store.listDrafts(agent.id, conversationId)).map(toDraft);
}

/** The draft a sent message came from is done. */
export async function draftSent(deps: ServiceDeps, agent: AgentRecord, conversationId: string, type: 'agent' | 'note'): Promise<void> {
  await deps.store.deleteDraft(agent.id, conversationId, type === 'note' ? 'note' : 'reply');
}
