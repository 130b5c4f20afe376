import { Schema } from 'mongoose';
import { schemaOptions } from './options.ts';

/** `_id` is the sha256 of the session token. */
export interface SessionDoc {
  _id: string;
  agentId: string;
  createdAt: string;
  expiresAt: string;
}

export const sessionSchema = new Schema<SessionDoc>(
  {
    _id: { type: String, required: true },
    agentId: { type: String, required: true },
    createdAt: { type: String, required: true },
    expiresAt: { type: String, required: true },
  },
  schemaOptions,
);

// No TTL index on expiresAt: FerretDB 1.24 has none (and expiresAt is an ISO string, not a Date).
sessionSchema.index({ agentId: 1 });
