import type { Priority } from './model.ts';

/**
 * What tells an agent something needs them: read marks (what they have seen of each ticket, for unread markers and
 * counts) and mentions in internal notes.
 */

/** The longest transfer note or escalation reason. */
export const MAX_HANDOFF_NOTE = 2000;

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

/**
 * A ticket was handed to the agent (directly, or to a team of theirs) or escalated to urgent while it is theirs or
 * their team's. Pushed to every tab of each agent it concerns; the event log keeps it.
 */
export interface TicketNotice {
  /** The event's id: stable, so a notice delivered twice shows once. */
  id: string;
  kind: 'transfer' | 'escalation';
  conversationId: string;
  number: number;
  subject: string;
  /** Who transferred or escalated it. */
  byAgentId: string | null;
  /** The ticket's team and assignee after the change. */
  teamId: string | null;
  assigneeId: string | null;
  priority: Priority;
  /** The transfer's note or the escalation's reason ('' when none). */
  note: string;
  at: string;
}
