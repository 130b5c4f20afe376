import { Schema } from 'mongoose';
import { nullableString, schemaOptions } from './options.ts';

export interface EventDoc {
  _id: string;
  deskId: string;
  type: string;
  conversationId: string | null;
  actor: { type: 'visitor' | 'agent' | 'system'; id: string | null };
  data: Record<string, unknown>;
  at: string;
}

export const eventSchema = new Schema<EventDoc>(
  {
    _id: { type: String, required: true },
    deskId: { type: String, required: true },
    type: { type: String, required: true },
    conversationId: nullableString,
    // `type: { type: String }` declares a nested field named "type" (mongoose's escape for that key).
    actor: {
      type: { type: String, required: true, enum: ['visitor', 'agent', 'system'] },
      id: nullableString,
    },
    data: { type: Schema.Types.Mixed, default: {} },
    at: { type: String, required: true },
  },
  schemaOptions,
);

eventSchema.index({ deskId: 1, at: 1 });
eventSchema.index({ conversationId: 1, at: 1 });
