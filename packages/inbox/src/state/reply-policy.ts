/**
 * What the composer does with a reply to a ticket assigned to someone else, by the desk's reply policy:
 * `allow` sends, `warn` asks once per ticket and colleague, `block` refuses (notes always go). An unassigned ticket or
 * the agent's own is anyone's to answer (a reply claims the unassigned one).
 */
import type { ReplyPolicy } from '@parley/protocol/settings';

export type ReplyGate = { kind: 'send' } | { kind: 'ask'; assigneeId: string } | { kind: 'blocked'; assigneeId: string };

export function replyGate(
  policy: ReplyPolicy,
  assigneeId: string | null,
  selfId: string,
  /** The colleague this agent already agreed to answer for on this ticket (`warn`). */
  confirmedFor: string | null,
): ReplyGate {
  if (assigneeId === null || assigneeId === selfId || policy === 'allow') return { kind: 'send' };
  if (policy === 'block') return { kind: 'blocked', assigneeId };
  return assigneeId === confirmedFor ? { kind: 'send' } : { kind: 'ask', assigneeId };
}

/** Whether the reply mode is closed on a ticket as it is now (shown before the agent even writes). */
export function replyClosed(policy: ReplyPolicy, assigneeId: string | null, selfId: string): boolean {
  return replyGate(policy, assigneeId, selfId, null).kind === 'blocked';
}
