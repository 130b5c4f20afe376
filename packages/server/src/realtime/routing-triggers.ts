import type { Outbox } from '../events/outbox.ts';
import type { Bus } from '../services/bus.ts';
import type { Router } from '../services/router.ts';

/** Routing looks again when a ticket arrives or changes, an agent's tab comes or goes, or an account changes. */
export function wireRoutingTriggers(outbox: Outbox, bus: Bus, router: Router): () => void {
  const offs = [
    outbox.subscribe(({ event }) => {
      if (event.type === 'conversation.created' || event.type === 'ticket.updated') router.kick();
    }),
    bus.on('agent.connection', () => router.kick()),
    bus.on('agent.changed', () => router.kick()),
    bus.on('team.changed', () => router.kick()),
    bus.on('desk.changed', () => router.kick()),
  ];
  return () => offs.forEach((off) => off());
}
