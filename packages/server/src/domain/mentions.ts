import type { Message } from '@parley/protocol';
import { makeEvent } from '../events/catalogue.ts';
import type { ConversationRecord, MessageStep } from '../store/types.ts';
import type { MessageVerdict } from './record-message.ts';
import { actorOfMessage } from './record-message.ts';

/** How much of a note a mention carries (what the mentioned agent's notification shows). */
export const MENTION_EXCERPT_LENGTH = 140;

export function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= MENTION_EXCERPT_LENGTH ? flat : `${flat.slice(0, MENTION_EXCERPT_LENGTH - 1)}…`;
}

/** What a message step does: its rule's verdict, plus the mentions it carries. Every adapter decides with this. */
export function decideStep(step: Pick<MessageStep, 'decide' | 'mentions' | 'authorTeamIds'>, ticket: ConversationRecord, message: Message): MessageVerdict {
  return withMentions(step.decide(ticket, message, step.authorTeamIds), message, ticket.deskId, step.mentions ?? []);
}

/**
 * A note's mentions, as events committed with the note (so a crash between the commit and the notification delays
 * it, never loses it). Ids derive from the message id: completing the step again never doubles them.
 */
export function withMentions(verdict: MessageVerdict, message: Message, deskId: string, agentIds: readonly string[]): MessageVerdict {
  if ('refused' in verdict || agentIds.length === 0 || message.type !== 'note') return verdict;
  const mentions = agentIds.map((agentId, i) =>
    makeEvent(
      'note.mentioned',
      { id: `${message.id}.m${i}`, deskId, conversationId: message.conversationId, actor: actorOfMessage(message), at: message.createdAt },
      { messageId: message.id, seq: message.seq, agentId, excerpt: excerptOf(message.text) },
    ),
  );
  return { patch: verdict.patch, events: [...verdict.events, ...mentions] };
}
