import { Schema } from 'mongoose';
import type { AttachmentRef, Message } from '@parley/protocol/model';
import { MESSAGE_TYPES } from '@parley/protocol/model';
import type { ConversationPatch } from '../../types.ts';
import type { EventBody } from './event.ts';
import { nullableString, schemaOptions } from './options.ts';

/**
 * The decision of a message step that is not finished yet, stored on the message itself (the insert of the message is
 * the step's commit point): whoever finds it (a retry, the next step of the ticket, recover()) completes the step with
 * exactly this decision, so nothing is decided twice. Removed once the ticket and the event log have it.
 */
export interface PendingStepDoc {
  /** When the message was placed (this store's clock): recover() finishes steps older than its grace period. */
  since: string;
  /** The ticket version the decision was made on; the ticket update applies only at this version. */
  baseVersion: number;
  patch: ConversationPatch | null;
  events: EventBody[];
}

/** The stored shape: a Message keyed by `_id`, plus its unfinished step, if any (adapter-internal). */
export type MessageDoc = Omit<Message, 'id'> & { _id: string; pendingStep?: PendingStepDoc };

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
    pendingStep: { type: Schema.Types.Mixed },
  },
  schemaOptions,
);

/** Idempotency: a clientMsgId is stored once per conversation. */
messageSchema.index({ conversationId: 1, clientMsgId: 1 }, { unique: true });
/** Gap-free, duplicate-free seq across processes: the insert that takes a seq is the one that wins it. */
messageSchema.index({ conversationId: 1, seq: 1 }, { unique: true });
/** recover(): steps whose writer may have died. */
messageSchema.index({ 'pendingStep.since': 1 });
