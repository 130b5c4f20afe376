import { Schema } from 'mongoose';
import { schemaOptions } from './options.ts';

/** `_id` is `agentId:conversationId`: one read mark per agent and ticket. */
export interface ReadDoc {
  _id: string;
  agentId: string;
  conversationId: string;
  seq: number;
  at: string;
}

export const readSchema = new Schema<ReadDoc>(
  {
    _id: { type: String, required: true },
    agentId: { type: String, required: true },
    conversationId: { type: String, required: true },
    seq: { type: Number, required: true, default: 0 },
    at: { type: String, required: true },
  },
  schemaOptions,
);

/** A ticket's furthest mark by any agent (what its visitor is told was seen). */
readSchema.index({ conversationId: 1, seq: -1 });
