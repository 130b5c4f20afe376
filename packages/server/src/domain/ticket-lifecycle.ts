import type { ConversationStatus, MessageType } from '@parley/protocol';

/**
 * The ticket lifecycle, in one place.
 *   new ──agent reply / assignment──▶ open ⇄ pending ──▶ resolved ──▶ closed
 * A visitor message reopens a pending or resolved ticket; closed is terminal (the next message starts a new ticket).
 */
const MANUAL: Record<ConversationStatus, readonly ConversationStatus[]> = {
  new: ['open', 'pending', 'resolved', 'closed'],
  open: ['pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

export function canTransition(from: ConversationStatus, to: ConversationStatus): boolean {
  return from === to || MANUAL[from].includes(to);
}

/** The status a ticket moves to when a message of this type lands (unchanged when null). */
export function statusAfterMessage(current: ConversationStatus, type: MessageType): ConversationStatus | null {
  if (type === 'visitor' && (current === 'pending' || current === 'resolved')) return 'open';
  if (type === 'agent' && current === 'new') return 'open';
  return null;
}

/** Assigning a new ticket to someone means someone is on it. */
export function statusAfterAssignment(current: ConversationStatus, assigneeId: string | null): ConversationStatus | null {
  return assigneeId && current === 'new' ? 'open' : null;
}
