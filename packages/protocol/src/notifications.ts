import { z } from 'zod';

/**
 * What tells an agent something needs them: read marks (what they have seen of each ticket, for unread markers and
 * counts) and mentions in internal notes.
 */

const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id (letters, digits, _ and -)');

/** Most agents one note may mention. */
export const MAX_MENTIONS = 20;
export const Mentions = z.array(Id).max(MAX_MENTIONS, `at most ${MAX_MENTIONS} mentions`);

/** The agent has seen the ticket up to `seq` (marks only move forward). */
export const AgentRead = z.strictObject({ conversationId: Id, seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });
/** This agent's read marks on these tickets. */
export const AgentReads = z.strictObject({ conversationIds: z.array(Id).max(500) });

/** An agent was mentioned in an internal note. */
export interface Mention {
  /** The event's id: stable, so a mention delivered twice shows once. */
  id: string;
  conversationId: string;
  number: number;
  subject: string;
  messageId: string;
  seq: number;
  /** Who wrote the note. */
  byAgentId: string | null;
  /** The beginning of the note. */
  excerpt: string;
  at: string;
}
