import type { Contact, Conversation, Message, TicketActivity } from '@parley/protocol';
import { toActivity } from './activity.ts';
import { editTicket, type TicketEditInput } from '../domain/edit-ticket.ts';
import type { Origin } from '../events/outbox.ts';
import { AppError } from '../lib/app-error.ts';
import { newId } from '../lib/ids.ts';
import { toConversation } from '../store/records.ts';
import type { AgentRecord, ConversationRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { toContactView } from './views.ts';
import { mergeActivity } from './contact-merge.ts';

const TIMELINE_LIMIT = 1000;

const ACTIVITY_LIMIT = 500;

/** A ticket of the agent's own desk; tickets of other desks do not exist for them. */
export async function ticketOfDesk(deps: ServiceDeps, agent: AgentRecord, conversationId: string): Promise<ConversationRecord> {
  const conversation = await deps.store.getConversation(conversationId);
  if (!conversation || conversation.deskId !== agent.deskId) throw new AppError('not_found', 'No such conversation');
  return conversation;
}

export async function getTicket(
  deps: ServiceDeps,
  agent: AgentRecord,
  conversationId: string,
): Promise<{ conversation: Conversation; contact: Contact | null; messages: Message[]; activity: TicketActivity[] }> {
  const conversation = await ticketOfDesk(deps, agent, conversationId);
  const [contactRecord, messages, events, merges] = await Promise.all([
    deps.store.getContact(conversation.contactId),
    deps.store.listMessages(conversation.id, 0, TIMELINE_LIMIT),
    deps.store.listEvents({ deskId: agent.deskId, conversationId: conversation.id, types: ['ticket.updated'], limit: ACTIVITY_LIMIT }),
    mergeActivity(deps, agent.deskId, conversation.id),
  ]);
  const contact: Contact | null = contactRecord && toContactView(contactRecord);
  const changes = events.flatMap((e) => (e.type === 'ticket.updated' ? [toActivity(e)] : []));
  const activity = merges.length === 0 ? changes : [...changes, ...merges].sort((a, b) => a.at.localeCompare(b.at));
  return { conversation: toConversation(conversation), contact, messages, activity };
}

export async function syncTicket(deps: ServiceDeps, agent: AgentRecord, conversationId: string, afterSeq: number): Promise<Message[]> {
  await ticketOfDesk(deps, agent, conversationId);
  return deps.store.listMessages(conversationId, afterSeq, TIMELINE_LIMIT);
}

export interface TicketEdit extends TicketEditInput {
  conversationId: string;
  version: number;
}

/** An agent's edit of a ticket, refused with `conflict` when someone changed it since `version`. */
export async function updateTicket(deps: ServiceDeps, agent: AgentRecord, edit: TicketEdit, origin?: Origin): Promise<Conversation> {
  const current = await ticketOfDesk(deps, agent, edit.conversationId);
  const conflict = () =>
    new AppError('conflict', `Ticket #${current.number} was changed by someone else; reload it and try again`, {
      conversation: toConversation(current),
    });
  if (current.version !== edit.version) throw conflict();
  if (edit.assigneeId) {
    const assignee = await deps.store.getAgent(edit.assigneeId);
    if (!assignee || assignee.deskId !== agent.deskId) throw new AppError('invalid_input', 'assigneeId: no such agent');
    if (!assignee.active && assignee.id !== current.assigneeId) throw new AppError('invalid_input', 'assigneeId: this agent is deactivated');
  }
  // The ticket's team after the edit: its members are who may be its assignee.
  const teamId = edit.teamId === undefined ? current.teamId : edit.teamId;
  const team = teamId ? await deps.store.getTeam(teamId) : null;
  if (edit.teamId && (!team || team.deskId !== agent.deskId)) throw new AppError('invalid_input', 'teamId: no such team');
  const at = iso(deps);
  const decision = editTicket(current, edit, { actor: { type: 'agent', id: agent.id }, eventId: newId(), at, team });
  if (!decision) return toConversation(current);
  const updated = await deps.store.updateConversation(current.id, current.version, decision.patch, at, decision.events);
  if (!updated) throw conflict();
  deps.outbox.publish({ events: decision.events, ticket: updated }, origin);
  return toConversation(updated);
}
