import type { Conversation } from '@parley/protocol';
import type { ConversationRecord } from './types.ts';

/**
 * The value of the unique `openKey`: one active (not closed) conversation per contact and channel.
 * A resolved ticket keeps its key so that the visitor's next message reopens it instead of starting another.
 */
export function openKeyFor(c: Pick<ConversationRecord, 'id' | 'contactId' | 'channel' | 'status'>): string {
  return c.status === 'closed' ? `closed:${c.id}` : `${c.contactId}:${c.channel}`;
}

export function toConversation(record: ConversationRecord): Conversation {
  const { openKey: _openKey, ...conversation } = record;
  return conversation;
}

export const anonymousIdentityKey = (contactId: string): string => `anon:${contactId}`;
export const externalIdentityKey = (deskId: string, externalId: string): string => `ext:${deskId}:${externalId}`;
