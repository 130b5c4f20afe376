import type { ConversationStatus } from '@parley/protocol';
import type { ConversationRecord } from '../store/types.ts';

/** The ticket as an agent saw it when they started writing (what the stale-reply guard compares with). */
export interface DraftTicket {
  assigneeId: string | null;
  status: ConversationStatus;
}

/** What changed under a draft that its author must see before the reply goes out. */
export type DraftChange = 'reassigned' | 'resolved';

const DONE: readonly ConversationStatus[] = ['resolved', 'closed'];

/**
 * Did the ticket change under the draft in a way that makes the reply blind: assigned to someone else than the
 * author (and than whoever had it when they started), or resolved / closed since?
 */
export function changeUnderDraft(ticket: Pick<ConversationRecord, 'assigneeId' | 'status'>, seen: DraftTicket, authorId: string): DraftChange | null {
  if (ticket.assigneeId !== null && ticket.assigneeId !== authorId && ticket.assigneeId !== seen.assigneeId) return 'reassigned';
  if (DONE.includes(ticket.status) && !DONE.includes(seen.status)) return 'resolved';
  return null;
}
