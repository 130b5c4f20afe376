import { Schema } from 'mongoose';
import { schemaOptions } from './options.ts';

export interface DeskDoc {
  _id: string;
  name: string;
  allowedOrigins: string[];
  greeting: { en: string; ko: string };
  createdAt: string;
}

export const deskSchema = new Schema<DeskDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, default: '' },
    allowedOrigins: { type: [String], default: [] },
    greeting: { en: { type: String, default: '' }, ko: { type: String, default: '' } },
    createdAt: { type: String, required: true },
  },
  schemaOptions,
);
