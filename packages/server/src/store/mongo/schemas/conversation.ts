import { Schema } from 'mongoose';
import type { ConversationRecord } from '../../types.ts';
import type { EventBody } from './event.ts';
import { CHANNELS, CONVERSATION_STATUSES, PRIORITIES } from '@parley/protocol/model';
import { nullableString, schemaOptions } from './options.ts';

/**
 * An event of a person's edit, committed in the same single-document update as the edit and copied into the events
 * collection right after (update-conversation.ts). An entry still here after a crash is copied by recover().
 */
export interface OutboxEntry {
  /** When the entry was written (this store's clock): recover() finishes entries older than its grace period. */
  since: string;
  event: EventBody;
}

/** The stored shape: a ConversationRecord keyed by `_id`, plus one adapter-internal field. */
export type ConversationDoc = Omit<ConversationRecord, 'id'> & {
  _id: string;
  /** Adapter-internal (never leaves the store): events committed with an edit that are not yet in the event log. */
  outbox: OutboxEntry[];
};

export const conversationSchema = new Schema<ConversationDoc>(
  {
    _id: { type: String, required: true },
    deskId: { type: String, required: true },
    number: { type: Number, required: true },
    subject: { type: String, default: '' },
    status: { type: String, required: true, enum: CONVERSATION_STATUSES },
    priority: { type: String, required: true, enum: PRIORITIES },
    channel: { type: String, required: true, enum: CHANNELS },
    contactId: { type: String, required: true },
    assigneeId: nullableString,
    teamId: nullableString,
    tags: { type: [String], default: [] },
    snoozedUntil: nullableString,
    lastSeq: { type: Number, required: true, default: 0 },
    lastMessageAt: { type: String, required: true },
    lastMessagePreview: { type: String, default: '' },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
    version: { type: Number, required: true, default: 0 },
    openKey: { type: String, required: true },
    // Entries are written and removed whole ($push / $pullAll of the exact stored entries), never cast.
    outbox: { type: Schema.Types.Mixed, default: () => [] },
  },
  schemaOptions,
);

/** One open conversation per contact and channel (the key of a closed one is unique by its id). */
conversationSchema.index({ openKey: 1 }, { unique: true });
/** Ticket numbers are unique per desk. */
conversationSchema.index({ deskId: 1, number: 1 }, { unique: true });
/** The inbox list: a desk's conversations, newest activity first. */
conversationSchema.index({ deskId: 1, lastMessageAt: -1 });
/** The snooze alarm: snoozed tickets by wake-up time. */
conversationSchema.index({ status: 1, snoozedUntil: 1 });
/** recover(): edits whose events are not yet in the event log. */
conversationSchema.index({ 'outbox.since': 1 });
