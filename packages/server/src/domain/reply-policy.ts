import type { ReplyPolicy } from '@parley/protocol';

/**
 * Replying to a ticket assigned to a colleague. `block`: only the assignee replies (others write notes, or take the
 * ticket first); `warn`: the inbox asks before the first reply; `allow`: nothing. An unassigned ticket is anyone's
 * (the reply claims it).
 */
export function replyBlocked(policy: ReplyPolicy, assigneeId: string | null, agentId: string): boolean {
  return policy === 'block' && assigneeId !== null && assigneeId !== agentId;
}
