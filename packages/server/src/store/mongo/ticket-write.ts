import type { Message } from '@parley/protocol';
import { openKeyFor, ticketAfterMessage } from '../records.ts';
import type { ConversationPatch, ConversationRecord } from '../types.ts';
import type { ConversationDoc } from './schemas/conversation.ts';

/** The fields a write may set on a conversation document. */
export type ConversationSet = Partial<Omit<ConversationDoc, '_id' | 'outbox' | 'version'>>;

/** The fields of a ticket patch, as stored (openKey follows a status change). */
export function patchFields(ticket: Pick<ConversationRecord, 'id' | 'contactId' | 'channel' | 'status'>, patch: ConversationPatch): ConversationSet {
  const set: ConversationSet = {};
  if (patch.priority !== undefined) set.priority = patch.priority;
  if (patch.assigneeId !== undefined) set.assigneeId = patch.assigneeId;
  if (patch.subject !== undefined) set.subject = patch.subject;
  if (patch.tags !== undefined) set.tags = [...patch.tags];
  if (patch.teamId !== undefined) set.teamId = patch.teamId;
  if (patch.snoozedUntil !== undefined) set.snoozedUntil = patch.snoozedUntil;
  if (patch.status !== undefined) {
    set.status = patch.status;
    if (patch.status !== ticket.status) set.openKey = openKeyFor({ ...ticket, status: patch.status });
  }
  return set;
}

/**
 * What a placed message does to its ticket document, as one conditional single-document update: it applies only while
 * the ticket is exactly the state the decision was made on (lastSeq = seq - 1, version = the decision's base), so it
 * happens at most once and never on a ticket that moved. `after` is the ticket once it has applied.
 */
export interface TicketWrite {
  filter: { _id: string; lastSeq: number; version: number };
  update: { $set: ConversationSet; $inc?: { version: number } };
  after: ConversationRecord;
}

export function ticketWrite(ticket: ConversationRecord, message: Message, patch: ConversationPatch | null): TicketWrite {
  const after = ticketAfterMessage(ticket, message, patch);
  const set: ConversationSet = { lastSeq: message.seq };
  if (message.type === 'visitor' || message.type === 'agent') {
    set.lastMessageAt = after.lastMessageAt;
    set.lastMessagePreview = after.lastMessagePreview;
  }
  if (patch) Object.assign(set, patchFields(ticket, patch), { updatedAt: after.updatedAt });
  return {
    filter: { _id: ticket.id, lastSeq: message.seq - 1, version: ticket.version },
    update: patch ? { $set: set, $inc: { version: 1 } } : { $set: set },
    after,
  };
}
