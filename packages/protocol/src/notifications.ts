/**
 * What tells an agent something needs them: read marks (what they have seen of each ticket, for unread markers and
 * counts) and mentions in internal notes.
 */

/** Most agents one note may mention. */
export const MAX_MENTIONS = 20;

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
