import type { Message } from '@parley/protocol';
import { makeEvent, type DomainEvent, type EventActor, type TicketChanges } from '../events/catalogue.ts';
import type { ConversationPatch, ConversationRecord } from '../store/types.ts';
import { statusAfterMessage } from './ticket-lifecycle.ts';

/** What one message does to its ticket: the changes the rules make, and every event that happened. */
export interface TicketDecision {
  patch: ConversationPatch | null;
  events: DomainEvent[];
}

export type MessageVerdict = TicketDecision | { refused: 'closed' };

export const actorOfMessage = (m: Pick<Message, 'type' | 'authorId'>): EventActor =>
  m.type === 'visitor' ? { type: 'visitor', id: m.authorId } : m.type === 'system' ? { type: 'system', id: null } : { type: 'agent', id: m.authorId };

/**
 * The one step every message takes, whatever its channel: given the ticket as it is and the message (with its seq),
 * decide the ticket's changes and the events. Pure: the store commits the result together with the message.
 *   - a closed ticket takes no more public messages (the visitor's next message starts a new ticket);
 *   - the first message of a ticket creates it (conversation.created);
 *   - a visitor message reopens a pending or resolved ticket; the first agent reply opens a new one;
 *   - the first agent to reply to an unassigned ticket takes it (claim on reply); a team's ticket only when they are
 *     one of its members (`authorTeamIds`: a team's ticket goes to its members), else it stays in the team's queue.
 * Event ids derive from the message id, so completing a half-done step again never doubles an event.
 */
export function recordMessage(ticket: ConversationRecord, message: Message, authorTeamIds: readonly string[] = []): MessageVerdict {
  const isPublic = message.type === 'visitor' || message.type === 'agent';
  if (ticket.status === 'closed' && isPublic) return { refused: 'closed' };
  const actor = actorOfMessage(message);
  let n = 0;
  const base = () => ({ id: `${message.id}.${n++}`, deskId: ticket.deskId, conversationId: ticket.id, actor, at: message.createdAt });
  const events: DomainEvent[] = [];
  if (ticket.lastSeq === 0) events.push(makeEvent('conversation.created', base(), { number: ticket.number, channel: ticket.channel }));
  events.push(makeEvent('message.created', base(), { messageId: message.id, seq: message.seq, type: message.type }));

  const patch: ConversationPatch = {};
  const changes: TicketChanges = {};
  const status = statusAfterMessage(ticket.status, message.type);
  if (status) {
    patch.status = status;
    changes.status = { from: ticket.status, to: status };
    if (ticket.status === 'snoozed') {
      patch.snoozedUntil = null;
      changes.snoozedUntil = { from: ticket.snoozedUntil, to: null };
    }
  }
  const member = ticket.teamId === null || authorTeamIds.includes(ticket.teamId);
  if (message.type === 'agent' && ticket.assigneeId === null && message.authorId && member) {
    patch.assigneeId = message.authorId;
    changes.assigneeId = { from: null, to: message.authorId };
  }
  if (Object.keys(changes).length === 0) return { patch: null, events };
  events.push(makeEvent('ticket.updated', base(), { changes, cause: message.type === 'visitor' ? 'visitor_message' : 'agent_reply' }));
  return { patch, events };
}
