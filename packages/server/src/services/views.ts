import type { Message, VisitorConversation } from '@parley/protocol';
import type { ConversationRecord } from '../store/types.ts';

export function toVisitorConversation(c: Pick<ConversationRecord, 'id' | 'number' | 'status' | 'lastSeq' | 'createdAt'>): VisitorConversation {
  return { id: c.id, number: c.number, status: c.status, lastSeq: c.lastSeq, createdAt: c.createdAt };
}

/** Internal notes never reach a visitor. */
export const visibleToVisitor = (m: Message): boolean => m.type !== 'note';
