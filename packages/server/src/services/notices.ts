import type { Conversation, TicketNotice } from '@parley/protocol';
import type { AgentRecord } from '../store/types.ts';
import type { ServiceDeps } from './deps.ts';
import { toNotice } from './handoff.ts';
import { toConversation } from '../store/records.ts';

const RECENT_EVENTS = 2000;

/**
 * The agent's latest notices (what they missed while away, as for mentions): transfers and escalations to urgent
 * whose recipients include them, newest first, each with its ticket as it is now.
 */
export async function recentNotices(deps: ServiceDeps, agent: AgentRecord, limit: number): Promise<TicketNotice[]> {
  const events = await deps.store.listEvents({ deskId: agent.deskId, types: ['ticket.transferred', 'ticket.escalated'], limit: RECENT_EVENTS, newestFirst: true });
  const mine = events
    .flatMap((e) => ((e.type === 'ticket.transferred' || e.type === 'ticket.escalated') && e.data.recipients.includes(agent.id) ? [e] : []))
    .slice(0, limit);
  const tickets = new Map<string, Conversation | null>();
  const notices: TicketNotice[] = [];
  for (const event of mine) {
    const id = event.conversationId ?? '';
    if (!tickets.has(id)) {
      const ticket = await deps.store.getConversation(id);
      tickets.set(id, ticket && toConversation(ticket));
    }
    const ticket = tickets.get(id);
    if (ticket) notices.push(toNotice(event, ticket));
  }
  return notices;
}
