import type { Conversation, Message } from '@parley/protocol';
import { statusAfterMessage } from '../domain/ticket-lifecycle.ts';
import { AppError } from '../lib/app-error.ts';
import { newId } from '../lib/ids.ts';
import { toConversation } from '../store/records.ts';
import type { AgentRecord, ConversationPatch } from '../store/types.ts';
import { attachmentsOfSender } from './attachments.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { logEvent } from './event-log.ts';
import { applyRulePatch } from './ticket-updates.ts';
import { ticketOfDesk } from './tickets.ts';

export interface AgentPost {
  conversationId: string;
  clientMsgId: string;
  text: string;
  attachmentIds: string[];
  type: 'agent' | 'note';
  lastSeenSeq?: number | undefined;
  force: boolean;
}

/**
 * An agent's reply or internal note. A reply written against a stale view (another public message landed after
 * `lastSeenSeq`) is refused with `stale_ticket` carrying what was missed, unless `force` says it was reviewed.
 */
export async function postAgentMessage(deps: ServiceDeps, agent: AgentRecord, post: AgentPost): Promise<{ message: Message; conversation: Conversation }> {
  const conversation = await ticketOfDesk(deps, agent, post.conversationId);
  if (conversation.status === 'closed' && post.type === 'agent') {
    throw new AppError('conflict', `Ticket #${conversation.number} is closed; the customer can no longer receive replies here`);
  }
  const guard = post.type === 'agent' && !post.force && post.lastSeenSeq !== undefined ? { afterSeq: post.lastSeenSeq, authorId: agent.id } : undefined;
  const attachments = await attachmentsOfSender(deps, { type: 'agent', id: agent.id, deskId: agent.deskId }, post.attachmentIds);
  const result = await deps.store.appendMessage(
    { conversationId: conversation.id, clientMsgId: post.clientMsgId, type: post.type, authorId: agent.id, authorName: agent.name, text: post.text, attachments },
    newId(),
    iso(deps),
    guard,
  );
  if (result.stale) {
    throw new AppError('stale_ticket', `New messages arrived on #${conversation.number} since you last looked`, { missed: result.stale });
  }
  let current = (await deps.store.getConversation(conversation.id)) ?? conversation;
  if (result.created) {
    await logEvent(deps, agent.deskId, 'message.created', { type: 'agent', id: agent.id }, conversation.id, {
      messageId: result.message.id,
      seq: result.message.seq,
      type: post.type,
    });
    deps.bus.emit('message.created', { message: result.message, conversation: toConversation(current) });
    if (post.type === 'agent') {
      // The first agent to answer an unassigned ticket takes it: the queue stops offering it to others.
      current =
        (await applyRulePatch(deps, conversation.id, (c) => {
          const patch: ConversationPatch = {};
          const status = statusAfterMessage(c.status, 'agent');
          if (status) patch.status = status;
          if (c.assigneeId === null) patch.assigneeId = agent.id;
          return Object.keys(patch).length ? patch : null;
        })) ?? current;
    }
  }
  return { message: result.message, conversation: toConversation(current) };
}
