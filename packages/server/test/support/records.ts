import { DEFAULT_DESK_SETTINGS, NEW_AGENT_DEFAULTS } from '../../src/store/defaults.ts';
import type { AgentRecord, Desk } from '../../src/store/types.ts';

/** A desk record for store tests: what the test names, defaults for the rest. */
export const testDesk = (d: Pick<Desk, 'id' | 'name' | 'allowedOrigins' | 'greeting' | 'createdAt'> & Partial<Desk>): Desk => ({
  settings: structuredClone(DEFAULT_DESK_SETTINGS),
  version: 1,
  updatedAt: d.createdAt,
  ...d,
});

/** An agent record for store tests: what the test names, a new account's defaults for the rest. */
export const testAgent = (a: Pick<AgentRecord, 'id' | 'deskId' | 'name' | 'email' | 'role' | 'passwordHash' | 'createdAt'> & Partial<AgentRecord>): AgentRecord => ({
  ...NEW_AGENT_DEFAULTS,
  ...a,
});
