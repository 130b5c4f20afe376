import type { AgentEscalateInput, AgentTransferInput, Conversation, TicketNotice } from '@parley/protocol';
import { escalateTicket } from '../domain/escalate-ticket.ts';
import { transferTicket } from '../domain/transfer-ticket.ts';
import type { DomainEvent, EventOf } from '../events/catalogue.ts';
import type { Origin } from '../events/outbox.ts';
import { AppError } from '../lib/app-error.ts';
import { newId } from '../lib/ids.ts';
import { toConversation } from '../store/records.ts';
import type { AgentRecord, ConversationPatch, ConversationRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { ticketOfDesk } from './tickets.ts';

/**
 * Hand-offs between agents: a transfer (team and/or agent, with an internal note) and an escalation (priority up one
 * level). Each is one domain decision committed as one versioned edit with its events; the events name whom to notify.
 */
export async function transferConversation(deps: ServiceDeps, agent: AgentRecord, input: AgentTransferInput, origin?: Origin): Promise<Conversation> {
  const current = await currentTicket(deps, agent, input.conversationId, input.version);
  const teamId = input.teamId === undefined ? current.teamId : input.teamId;
  const [team, assignee, activeAgentIds] = await Promise.all([
    teamId ? deps.store.getTeam(teamId) : null,
    input.assigneeId ? deps.store.getAgent(input.assigneeId) : null,
    activeAgents(deps, agent.deskId),
  ]);
  const decision = transferTicket(
    current,
    { teamId: input.teamId, assigneeId: input.assigneeId, note: input.note },
    { team, assignee },
    { actor: { type: 'agent', id: agent.id }, eventId: newId(), at: iso(deps), activeAgentIds },
  );
  return commit(deps, current, decision, origin);
}

export async function escalateConversation(deps: ServiceDeps, agent: AgentRecord, input: AgentEscalateInput, origin?: Origin): Promise<Conversation> {
  const current = await currentTicket(deps, agent, input.conversationId, input.version);
  const [team, activeAgentIds] = await Promise.all([current.teamId ? deps.store.getTeam(current.teamId) : null, activeAgents(deps, agent.deskId)]);
  const decision = escalateTicket(current, input.reason, team, { actor: { type: 'agent', id: agent.id }, eventId: newId(), at: iso(deps), activeAgentIds });
  return commit(deps, current, decision, origin);
}

/** What a notified agent is told: copied field by field from the event and the ticket after it. */
export function toNotice(event: EventOf<'ticket.transferred'> | EventOf<'ticket.escalated'>, ticket: Conversation): TicketNotice {
  return {
    id: event.id,
    kind: event.type === 'ticket.transferred' ? 'transfer' : 'escalation',
    conversationId: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    byAgentId: event.actor.id,
    teamId: ticket.teamId,
    assigneeId: ticket.assigneeId,
    priority: ticket.priority,
    note: event.type === 'ticket.transferred' ? event.data.note : event.data.reason,
    at: event.at,
  };
}

async function currentTicket(deps: ServiceDeps, agent: AgentRecord, conversationId: string, version: number): Promise<ConversationRecord> {
  const current = await ticketOfDesk(deps, agent, conversationId);
  if (current.version !== version) throw conflict(current);
  return current;
}

async function activeAgents(deps: ServiceDeps, deskId: string): Promise<Set<string>> {
  return new Set((await deps.store.listAgents(deskId)).filter((a) => a.active).map((a) => a.id));
}

async function commit(
  deps: ServiceDeps,
  current: ConversationRecord,
  decision: { patch: ConversationPatch; events: DomainEvent[] },
  origin: Origin,
): Promise<Conversation> {
  const updated = await deps.store.updateConversation(current.id, current.version, decision.patch, decision.events[0]?.at ?? iso(deps), decision.events);
  if (!updated) throw conflict(current);
  deps.outbox.publish({ events: decision.events, ticket: updated }, origin);
  return toConversation(updated);
}

function conflict(current: ConversationRecord): AppError {
  return new AppError('conflict', `Ticket #${current.number} was changed by someone else; reload it and try again`, {
    conversation: toConversation(current),
  });
}
