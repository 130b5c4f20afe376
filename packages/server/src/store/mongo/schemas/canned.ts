import { Schema } from 'mongoose';
import { schemaOptions } from './options.ts';

/** `ownerKey`: the owner's agent id, '' for a desk-wide response (a shortcut is unique per scope). */
export interface CannedDoc {
  _id: string;
  deskId: string;
  ownerKey: string;
  shortcut: string;
  title: string;
  text: string;
  createdAt: string;
  updatedAt: string;
}

export const cannedSchema = new Schema<CannedDoc>(
  {
    _id: { type: String, required: true },
    deskId: { type: String, required: true },
    ownerKey: { type: String, default: '' },
    shortcut: { type: String, required: true },
    title: { type: String, required: true },
    text: { type: String, required: true },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
  },
  schemaOptions,
);

cannedSchema.index({ deskId: 1, ownerKey: 1, shortcut: 1 }, { unique: true });
