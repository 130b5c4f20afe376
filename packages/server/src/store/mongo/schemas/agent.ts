import { Schema } from 'mongoose';
import type { AgentRole } from '@parley/protocol';
import { nullableString, schemaOptions } from './options.ts';

export interface AgentDoc {
  _id: string;
  deskId: string;
  name: string;
  email: string;
  role: AgentRole;
  passwordHash: string;
  createdAt: string;
  active?: boolean;
  availability?: string;
  /** initials, signature, capacity, preferences: read through readAgentProfile. */
  profile?: unknown;
  /** ISO time the agent last had a tab connected (null or absent: never). */
  lastSeenAt?: string | null;
}

export const agentSchema = new Schema<AgentDoc>(
  {
    _id: { type: String, required: true },
    deskId: { type: String, required: true },
    name: { type: String, default: '' },
    email: { type: String, required: true },
    role: { type: String, required: true, enum: ['admin', 'agent'] },
    passwordHash: { type: String, required: true },
    createdAt: { type: String, required: true },
    active: { type: Boolean, default: true },
    availability: { type: String, default: 'online' },
    profile: { type: Schema.Types.Mixed, default: {} },
    lastSeenAt: nullableString,
  },
  schemaOptions,
);

/** One account per e-mail address on a desk (also serves listAgents/countAgents by desk). */
agentSchema.index({ deskId: 1, email: 1 }, { unique: true });
