import { Schema } from 'mongoose';
import type { AttachmentRef, Message } from '@parley/protocol/model';
import { MESSAGE_TYPES } from '@parley/protocol/model';
import { nullableString, schemaOptions } from './options.ts';

/** The stored shape: a Message keyed by `_id`. */
export type MessageDoc = Omit<Message, 'id'> & { _id: string };

const attachmentRefSchema = new Schema<AttachmentRef>(
  {
    id: { type: String, required: true },
    name: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
  },
  { _id: false, strict: 'throw' },
);

export const messageSchema = new Schema<MessageDoc>(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    seq: { type: Number, required: true, min: 1 },
    clientMsgId: { type: String, required: true },
    type: { type: String, required: true, enum: MESSAGE_TYPES },
    authorId: nullableString,
    authorName: nullableString,
    text: { type: String, default: '' },
    attachments: { type: [attachmentRefSchema], default: [] },
    createdAt: { type: String, required: true },
  },
  schemaOptions,
);

/** Idempotency: a clientMsgId is stored once per conversation. */
messageSchema.index({ conversationId: 1, clientMsgId: 1 }, { unique: true });
/** Gap-free, duplicate-free seq across processes: the insert that takes a seq is the one that wins it. */
messageSchema.index({ conversationId: 1, seq: 1 }, { unique: true });
