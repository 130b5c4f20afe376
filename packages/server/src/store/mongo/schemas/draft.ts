import { Schema } from 'mongoose';
import { nullableString, schemaOptions } from './options.ts';

/** `_id` is `agentId:conversationId:kind`: one draft of each kind per agent and ticket. */
export interface DraftDoc {
  _id: string;
  agentId: string;
  conversationId: string;
  kind: 'reply' | 'note';
  text: string;
  seenSeq: number;
  seenAssigneeId: string | null;
  seenStatus: string;
  updatedAt: string;
}

export const draftSchema = new Schema<DraftDoc>(
  {
    _id: { type: String, required: true },
    agentId: { type: String, required: true },
    conversationId: { type: String, required: true },
    kind: { type: String, required: true, enum: ['reply', 'note'] },
    text: { type: String, required: true },
    seenSeq: { type: Number, required: true },
    seenAssigneeId: nullableString,
    seenStatus: { type: String, required: true },
    updatedAt: { type: String, required: true },
  },
  schemaOptions,
);

draftSchema.index({ agentId: 1, updatedAt: -1 });

export const draftId = (agentId: string, conversationId: string, kind: string): string => `${agentId}:${conversationId}:${kind}`;
