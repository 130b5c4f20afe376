import type { Contact, Conversation, ConversationQueueName, ConversationStatus, Message, Priority } from '@parley/protocol';
import { canTransition, statusAfterAssignment } from '../domain/ticket-lifecycle.ts';
import { AppError } from '../lib/app-error.ts';
import { toConversation } from '../store/records.ts';
import type { AgentRecord, ConversationFilter, ConversationPatch, ConversationRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { logEvent } from './event-log.ts';

const TIMELINE_LIMIT = 1000;

function queueFilter(agent: AgentRecord, queue: ConversationQueueName, limit: number): ConversationFilter {
  const active: ConversationStatus[] = ['new', 'open', 'pending'];
  switch (queue) {
    case 'unassigned':
      return { deskId: agent.deskId, statuses: active, assigneeId: null, limit };
    case 'mine':
      return { deskId: agent.deskId, statuses: active, assigneeId: agent.id, limit };
    case 'open':
      return { deskId: agent.deskId, statuses: active, limit };
    case 'resolved':
      return { deskId: agent.deskId, statuses: ['resolved', 'closed'], limit };
    case 'all':
      return { deskId: agent.deskId, limit };
  }
}

export function listTickets(deps: ServiceDeps, agent: AgentRecord, queue: ConversationQueueName, limit: number): Promise<Conversation[]> {
  return deps.store.listConversations(queueFilter(agent, queue, limit));
}

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
): Promise<{ conversation: Conversation; contact: Contact | null; messages: Message[] }> {
  const conversation = await ticketOfDesk(deps, agent, conversationId);
  const [contactRecord, messages] = await Promise.all([
    deps.store.getContact(conversation.contactId),
    deps.store.listMessages(conversation.id, 0, TIMELINE_LIMIT),
  ]);
  let contact: Contact | null = null;
  if (contactRecord) {
    const { tokenHash: _secret, identityKey: _key, ...rest } = contactRecord;
    contact = rest;
  }
  return { conversation: toConversation(conversation), contact, messages };
}

export async function syncTicket(deps: ServiceDeps, agent: AgentRecord, conversationId: string, afterSeq: number): Promise<Message[]> {
  await ticketOfDesk(deps, agent, conversationId);
  return deps.store.listMessages(conversationId, afterSeq, TIMELINE_LIMIT);
}

export interface TicketEdit {
  conversationId: string;
  version: number;
  status?: ConversationStatus | undefined;
  priority?: Priority | undefined;
  assigneeId?: string | null | undefined;
  subject?: string | undefined;
}

/** An agent's edit of a ticket, refused with `conflict` when someone changed it since `version`. */
export async function updateTicket(deps: ServiceDeps, agent: AgentRecord, edit: TicketEdit): Promise<Conversation> {
  const current = await ticketOfDesk(deps, agent, edit.conversationId);
  const conflict = () =>
    new AppError('conflict', `Ticket #${current.number} was changed by someone else; reload it and try again`, {
      conversation: toConversation(current),
    });
  if (current.version !== edit.version) throw conflict();
  const patch: ConversationPatch = {};
  if (edit.status !== undefined && edit.status !== current.status) {
    if (!canTransition(current.status, edit.status)) {
      throw new AppError('invalid_input', `status: a ${current.status} ticket cannot become ${edit.status}`);
    }
    patch.status = edit.status;
  }
  if (edit.priority !== undefined && edit.priority !== current.priority) patch.priority = edit.priority;
  if (edit.subject !== undefined && edit.subject !== current.subject) patch.subject = edit.subject;
  if (edit.assigneeId !== undefined && edit.assigneeId !== current.assigneeId) {
    if (edit.assigneeId !== null) {
      const assignee = await deps.store.getAgent(edit.assigneeId);
      if (!assignee || assignee.deskId !== agent.deskId) throw new AppError('invalid_input', 'assigneeId: no such agent');
    }
    patch.assigneeId = edit.assigneeId;
    const status = statusAfterAssignment(patch.status ?? current.status, edit.assigneeId);
    if (status && patch.status === undefined) patch.status = status;
  }
  const changes = Object.keys(patch);
  if (changes.length === 0) return toConversation(current);
  const updated = await deps.store.updateConversation(current.id, current.version, patch, iso(deps));
  if (!updated) throw conflict();
  const conversation = toConversation(updated);
  await logEvent(deps, agent.deskId, 'conversation.updated', { type: 'agent', id: agent.id }, current.id, {
    from: Object.fromEntries(changes.map((k) => [k, current[k as keyof ConversationPatch]])),
    to: patch,
  });
  deps.bus.emit('conversation.updated', { conversation, changes });
  return conversation;
}
