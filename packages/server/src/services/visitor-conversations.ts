import type { VisitorConversationSummary } from '@parley/protocol';
import type { ContactRecord, ConversationFilter } from '../store/types.ts';
import type { ServiceDeps } from './deps.ts';
import { decodeCursor, encodeCursor } from './list-cursor.ts';
import { toVisitorConversation } from './views.ts';

/**
 * One page of the visitor's own web conversations, newest activity first (resolved and closed ones included, so a
 * finished conversation stays readable). Only public messages ever make a ticket's preview (records.ts).
 */
export async function listVisitorConversations(
  deps: ServiceDeps,
  contact: ContactRecord,
  request: { cursor?: string | undefined; limit: number },
): Promise<{ conversations: VisitorConversationSummary[]; nextCursor: string | null }> {
  const filter: ConversationFilter = { deskId: contact.deskId, contactId: contact.id, channel: 'web', limit: request.limit + 1 };
  if (request.cursor !== undefined) filter.after = decodeCursor(request.cursor);
  const found = await deps.store.listConversations(filter);
  const page = found.slice(0, request.limit);
  const last = page[page.length - 1];
  return {
    conversations: page.map((c) => ({
      ...toVisitorConversation(c),
      lastMessageAt: c.lastMessageAt,
      lastMessagePreview: c.lastMessagePreview,
    })),
    nextCursor: found.length > request.limit && last ? encodeCursor({ lastMessageAt: last.lastMessageAt, number: last.number }) : null,
  };
}
