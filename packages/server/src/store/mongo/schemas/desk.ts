import { Schema } from 'mongoose';
import { schemaOptions } from './options.ts';

export interface DeskDoc {
  _id: string;
  name: string;
  allowedOrigins: string[];
  greeting: { en: string; ko: string };
  /** Read through readDeskSettings: missing or unknown values read as defaults. */
  settings?: unknown;
  createdAt: string;
  version?: number;
  updatedAt?: string;
}

export const deskSchema = new Schema<DeskDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, default: '' },
    allowedOrigins: { type: [String], default: [] },
    greeting: { en: { type: String, default: '' }, ko: { type: String, default: '' } },
    settings: { type: Schema.Types.Mixed, default: {} },
    createdAt: { type: String, required: true },
    version: { type: Number, default: 1 },
    updatedAt: { type: String, default: '' },
  },
  schemaOptions,
);
