import { Schema } from 'mongoose';
import { schemaOptions } from './options.ts';

export interface AttachmentDoc {
  _id: string;
  deskId: string;
  name: string;
  contentType: string;
  size: number;
  uploader: { type: 'visitor' | 'agent'; id: string };
  sha256: string;
  createdAt: string;
  /** null until a message carries the upload; missing on uploads stored before the sweep existed (kept). */
  referencedAt?: string | null;
}

export const attachmentSchema = new Schema<AttachmentDoc>(
  {
    _id: { type: String, required: true },
    deskId: { type: String, required: true },
    name: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true, min: 0 },
    // `type: { type: String }` declares a nested field named "type" (mongoose's escape for that key).
    uploader: {
      type: { type: String, required: true, enum: ['visitor', 'agent'] },
      id: { type: String, required: true },
    },
    sha256: { type: String, required: true },
    createdAt: { type: String, required: true },
    referencedAt: { type: String },
  },
  schemaOptions,
);

/** The sweep of unreferenced uploads: oldest first among those still null. */
attachmentSchema.index({ referencedAt: 1, createdAt: 1 });
