import { Schema } from 'mongoose';
import { schemaOptions } from './options.ts';

export interface TeamDoc {
  _id: string;
  deskId: string;
  name: string;
  memberIds: string[];
  createdAt: string;
}

export const teamSchema = new Schema<TeamDoc>(
  {
    _id: { type: String, required: true },
    deskId: { type: String, required: true },
    name: { type: String, required: true },
    memberIds: { type: [String], default: [] },
    createdAt: { type: String, required: true },
  },
  schemaOptions,
);

/** Team names are unique per desk (also serves listTeams by desk). */
teamSchema.index({ deskId: 1, name: 1 }, { unique: true });
