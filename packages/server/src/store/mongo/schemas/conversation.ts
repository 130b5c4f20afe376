import { Schema } from 'mongoose';
import type { ConversationRecord } from '../../types.ts';
import { CHANNELS, CONVERSATION_STATUSES, PRIORITIES } from '@parley/protocol/model';
import { nullableString, schemaOptions } from './options.ts';

/** The stored shape: a ConversationRecord keyed by `_id`, plus one adapter-internal field. */
export type ConversationDoc = Omit<ConversationRecord, 'id'> & {
  _id: string;
  /**
   * Adapter-internal (never leaves the store): the seq of the public message that lastMessageAt and
   * lastMessagePreview describe. Lets a public message that lost the race to a newer note on another
   * node still update the preview, while an older one can never overwrite a newer one (see append.ts).
   */
  previewSeq: number;
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
    tags: { type: [String], default: [] },
    lastSeq: { type: Number, required: true, default: 0 },
    lastMessageAt: { type: String, required: true },
    lastMessagePreview: { type: String, default: '' },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
    version: { type: Number, required: true, default: 0 },
    openKey: { type: String, required: true },
    previewSeq: { type: Number, required: true, default: 0 },
  },
  schemaOptions,
);

/** One open conversation per contact and channel (the key of a closed one is unique by its id). */
conversationSchema.index({ openKey: 1 }, { unique: true });
/** Ticket numbers are unique per desk. */
conversationSchema.index({ deskId: 1, number: 1 }, { unique: true });
/** The inbox list: a desk's conversations, newest activity first. */
conversationSchema.index({ deskId: 1, lastMessageAt: -1 });
