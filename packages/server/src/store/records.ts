import type { Conversation, Message } from '@parley/protocol';
import { listLine } from '../lib/list-text.ts';
import { previewOfMessage } from '../lib/preview.ts';
import type { ConversationPatch, ConversationRecord } from './types.ts';

/**
 * The value of the unique `openKey`: one active (not closed) conversation per contact and channel.
 * A resolved ticket keeps its key so that the visitor's next message reopens it instead of starting another.
 */
export function openKeyFor(c: Pick<ConversationRecord, 'id' | 'contactId' | 'channel' | 'status'>): string {
  return c.status === 'closed' ? `closed:${c.id}` : `${c.contactId}:${c.channel}`;
}

/**
 * The wire view of a ticket, copied field by field: a field added to the record never leaves by accident. Subject
 * and preview are cleaned again on the way out, for rows stored before they were cleaned when written (issue #8).
 */
export function toConversation(r: ConversationRecord): Conversation {
  return {
    id: r.id,
    deskId: r.deskId,
    number: r.number,
    subject: listLine(r.subject),
    status: r.status,
    priority: r.priority,
    channel: r.channel,
    contactId: r.contactId,
    assigneeId: r.assigneeId,
    teamId: r.teamId,
    tags: [...r.tags],
    snoozedUntil: r.snoozedUntil,
    lastSeq: r.lastSeq,
    lastMessageAt: r.lastMessageAt,
    lastMessagePreview: listLine(r.lastMessagePreview),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}

export const anonymousIdentityKey = (contactId: string): string => `anon:${contactId}`;
export const externalIdentityKey = (deskId: string, externalId: string): string => `ext:${deskId}:${externalId}`;

/**
 * The ticket after a committed message: lastSeq always moves; public messages move the list's time and preview; the
 * rule's changes (if any) bump the version. Every adapter computes the summary with this one function.
 */
export function ticketAfterMessage(ticket: ConversationRecord, message: Message, patch: ConversationPatch | null): ConversationRecord {
  const after: ConversationRecord = { ...ticket, lastSeq: message.seq };
  if (message.type === 'visitor' || message.type === 'agent') {
    after.lastMessageAt = message.createdAt;
    after.lastMessagePreview = previewOfMessage(message);
  }
  if (patch) {
    Object.assign(after, patch);
    after.version = ticket.version + 1;
    after.updatedAt = message.createdAt;
    after.openKey = openKeyFor(after);
  }
  return after;
}
