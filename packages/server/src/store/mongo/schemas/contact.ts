import { Schema } from 'mongoose';
import { nullableString, schemaOptions } from './options.ts';

export interface ContactDoc {
  _id: string;
  deskId: string;
  name: string | null;
  email: string | null;
  externalId: string | null;
  /** sha256 of the first visitor token. */
  tokenHash: string;
  identityKey: string;
  createdAt: string;
  lastSeenAt: string;
  /** phone, attributes, verified, device: read through readContactProfile. */
  profile?: unknown;
  /** The contact this one was merged into (null or absent: not merged). */
  mergedInto?: string | null;
}

export const contactSchema = new Schema<ContactDoc>(
  {
    _id: { type: String, required: true },
    deskId: { type: String, required: true },
    name: nullableString,
    email: nullableString,
    externalId: nullableString,
    tokenHash: { type: String, required: true },
    identityKey: { type: String, required: true },
    createdAt: { type: String, required: true },
    lastSeenAt: { type: String, required: true },
    profile: { type: Schema.Types.Mixed, default: {} },
    mergedInto: nullableString,
  },
  schemaOptions,
);

contactSchema.index({ tokenHash: 1 }, { unique: true });
contactSchema.index({ identityKey: 1 }, { unique: true });

/** Further tokens of a contact (each device of an identified visitor has its own). */
export interface VisitorTokenDoc {
  _id: string;
  contactId: string;
  createdAt: string;
}

export const visitorTokenSchema = new Schema<VisitorTokenDoc>(
  {
    _id: { type: String, required: true },
    contactId: { type: String, required: true },
    createdAt: { type: String, required: true },
  },
  schemaOptions,
);
