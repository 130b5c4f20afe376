import type { ConversationStatus } from './model.ts';

/**
 * The status changes a person may make on a ticket, defined once for the server (which enforces them) and the inbox
 * (which offers only these and says why another is refused, in the agent's language).
 *   new ──▶ open ⇄ pending ──▶ resolved ──▶ closed, snoozed aside
 * Nothing goes back to new; a resolved ticket reopens or closes; a closed one is final (the customer's next message
 * starts a new ticket).
 */
const MANUAL: Record<ConversationStatus, readonly ConversationStatus[]> = {
  new: ['open', 'pending', 'snoozed', 'resolved', 'closed'],
  open: ['pending', 'snoozed', 'resolved', 'closed'],
  pending: ['open', 'snoozed', 'resolved', 'closed'],
  snoozed: ['open', 'pending', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

export function canTransition(from: ConversationStatus, to: ConversationStatus): boolean {
  return from === to || MANUAL[from].includes(to);
}

/**
 * `details.reason` of a refused ticket change or reply:
 * - `closed`: the ticket is closed (final): nothing about it changes, and the customer takes no more replies there;
 * - `transition`: the lifecycle does not allow this status change (`details.from`, `details.to`).
 */
export type TicketRefusal = 'closed' | 'transition';
