import type { Contact, Message, VisitorConversation } from '@parley/protocol';
import type { ContactRecord, ConversationRecord } from '../store/types.ts';

export function toVisitorConversation(c: Pick<ConversationRecord, 'id' | 'number' | 'status' | 'lastSeq' | 'createdAt'>): VisitorConversation {
  return { id: c.id, number: c.number, status: c.status, lastSeq: c.lastSeq, createdAt: c.createdAt };
}

/** Internal notes never reach a visitor. */
export const visibleToVisitor = (m: Message): boolean => m.type !== 'note';

/** What agents see of a contact: copied by name, so the token hash and identity key never leave. */
export function toContactView(c: ContactRecord): Contact {
  return { id: c.id, deskId: c.deskId, externalId: c.externalId, name: c.name, email: c.email, createdAt: c.createdAt, lastSeenAt: c.lastSeenAt };
}
