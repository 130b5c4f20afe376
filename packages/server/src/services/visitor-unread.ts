import { AppError } from '../lib/app-error.ts';
import type { ContactRecord } from '../store/types.ts';
import type { ServiceDeps } from './deps.ts';
import { HISTORY_PAGE_MESSAGES } from './history-page.ts';

/** The count is exact up to this many newer messages (one history page); the launcher shows "9+" from 10 on. */
export const UNREAD_SCAN_LIMIT = HISTORY_PAGE_MESSAGES;

/**
 * How many agent replies in the visitor's conversation came after `afterSeq`, the seq up to which the widget showed
 * the conversation while the visitor looked (its seen mark). The usual answer, nothing new, is decided from the
 * conversation's `lastSeq` alone; otherwise at most one page of the newer messages is read (an index range).
 * Someone else's conversation is `not_found`, like a missing one.
 */
export async function countUnreadReplies(deps: ServiceDeps, contact: ContactRecord, conversationId: string, afterSeq: number): Promise<number> {
  const conversation = await deps.store.getConversation(conversationId);
  if (!conversation || conversation.contactId !== contact.id) throw new AppError('not_found', 'No such conversation');
  if (conversation.lastSeq <= afterSeq) return 0;
  const newer = await deps.store.listMessages(conversationId, afterSeq, UNREAD_SCAN_LIMIT);
  return newer.filter((message) => message.type === 'agent').length;
}
