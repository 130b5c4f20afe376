import { Schema } from 'mongoose';
import { schemaOptions } from './options.ts';

/** Named atomic counters, e.g. `ticket:<deskId>` → the last ticket number handed out. */
export interface CounterDoc {
  _id: string;
  value: number;
}

export const counterSchema = new Schema<CounterDoc>(
  {
    _id: { type: String, required: true },
    value: { type: Number, required: true, default: 0 },
  },
  schemaOptions,
);
