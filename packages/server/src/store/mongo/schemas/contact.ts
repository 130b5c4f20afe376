import { Schema } from 'mongoose';
import { nullableString, schemaOptions } from './options.ts';

export interface ContactDoc {
  _id: string;
  deskId: string;
  name: string | null;
  email: string | null;
  /** sha256 of the visitor token. */
  tokenHash: string;
  createdAt: string;
  lastSeenAt: string;
}

export const contactSchema = new Schema<ContactDoc>(
  {
    _id: { type: String, required: true },
    deskId: { type: String, required: true },
    name: nullableString,
    email: nullableString,
    tokenHash: { type: String, required: true },
    createdAt: { type: String, required: true },
    lastSeenAt: { type: String, required: true },
  },
  schemaOptions,
);

contactSchema.index({ tokenHash: 1 }, { unique: true });
