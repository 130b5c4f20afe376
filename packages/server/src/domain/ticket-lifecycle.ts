/**
 * The ticket lifecycle, in one place.
 *   new ──agent reply / assignment──▶ open ⇄ pending ──▶ resolved ──▶ closed
 *                                      ⇅ snoozed (until a time: then open again by itself)
 * A visitor message reopens a pending, snoozed or resolved ticket; closed is terminal (the next message starts a new
 * ticket). Which status changes a person may make is shared with the inbox: `canTransition` in @parley/protocol.
 */
import type { ConversationStatus, MessageType } from '@parley/protocol';

export { canTransition } from '@parley/protocol';

/** A snooze is for later, and not for ever: at least a minute ahead, at most a year. */
export const SNOOZE_MIN_MS = 60_000;
export const SNOOZE_MAX_MS = 366 * 24 * 3600_000;

export function snoozeProblem(until: string, now: Date): string | null {
  const ms = Date.parse(until) - now.getTime();
  if (Number.isNaN(ms)) return 'snoozedUntil: not a time';
  if (ms < SNOOZE_MIN_MS) return 'snoozedUntil: must be at least a minute from now';
  if (ms > SNOOZE_MAX_MS) return 'snoozedUntil: must be within a year';
  return null;
}

/** The status a ticket moves to when a message of this type lands (unchanged when null). */
export function statusAfterMessage(current: ConversationStatus, type: MessageType): ConversationStatus | null {
  if (type === 'visitor' && (current === 'pending' || current === 'snoozed' || current === 'resolved')) return 'open';
  if (type === 'agent' && current === 'new') return 'open';
  return null;
}

/** Assigning a new ticket to someone means someone is on it. */
export function statusAfterAssignment(current: ConversationStatus, assigneeId: string | null): ConversationStatus | null {
  return assigneeId && current === 'new' ? 'open' : null;
}
