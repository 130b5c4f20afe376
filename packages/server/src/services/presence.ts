import type { AgentPresenceInputValue, TicketPresence } from '@parley/protocol';
import type { PresenceService } from '../realtime/presence/presence-service.ts';
import type { AgentRecord } from '../store/types.ts';
import type { ServiceDeps } from './deps.ts';
import { ticketOfDesk } from './tickets.ts';

/** An agent's tab reports where it is: only on tickets of the agent's own desk. */
export async function reportPresence(
  deps: ServiceDeps,
  presence: PresenceService,
  agent: AgentRecord,
  tab: string,
  input: AgentPresenceInputValue,
): Promise<{ contactId: string; channel: string }> {
  const ticket = await ticketOfDesk(deps, agent, input.conversationId);
  await presence.report(agent, tab, input);
  return { contactId: ticket.contactId, channel: ticket.channel };
}

export function deskPresence(presence: PresenceService, agent: AgentRecord): Promise<TicketPresence[]> {
  return presence.snapshot(agent.deskId);
}
