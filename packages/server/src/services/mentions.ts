import type { Conversation, Mention } from '@parley/protocol';
import type { EventOf } from '../events/catalogue.ts';
import type { AgentRecord } from '../store/types.ts';
import type { ServiceDeps } from './deps.ts';

export function toMention(event: EventOf<'note.mentioned'>, ticket: Pick<Conversation, 'id' | 'number' | 'subject'>): Mention {
  return {
    id: event.id,
    conversationId: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    messageId: event.data.messageId,
    seq: event.data.seq,
    byAgentId: event.actor.id,
    excerpt: event.data.excerpt,
    at: event.at,
  };
}

const RECENT_EVENTS = 2000;

/** The agent's latest mentions, newest first (what they missed while away). */
export async function recentMentions(deps: ServiceDeps, agent: AgentRecord, limit: number): Promise<Mention[]> {
  const events = await deps.store.listEvents({ deskId: agent.deskId, types: ['note.mentioned'], limit: RECENT_EVENTS, newestFirst: true });
  const mine = events.flatMap((e) => (e.type === 'note.mentioned' && e.data.agentId === agent.id ? [e] : [])).slice(0, limit);
  const tickets = new Map<string, Conversation | null>();
  const mentions: Mention[] = [];
  for (const event of mine) {
    const id = event.conversationId ?? '';
    if (!tickets.has(id)) {
      const ticket = await deps.store.getConversation(id);
      tickets.set(id, ticket);
    }
    const ticket = tickets.get(id);
    if (ticket) mentions.push(toMention(event, ticket));
  }
  return mentions;
}
