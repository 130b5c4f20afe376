import type { TicketActivity } from '@parley/protocol';
import type { EventOf } from '../events/catalogue.ts';

/** The timeline's view of a ticket change: copied field by field from its event. */
export function toActivity(event: EventOf<'ticket.updated'>): TicketActivity {
  const c = event.data.changes;
  const changes: TicketActivity['changes'] = {};
  if (c.status) changes.status = { ...c.status };
  if (c.priority) changes.priority = { ...c.priority };
  if (c.assigneeId) changes.assigneeId = { ...c.assigneeId };
  if (c.teamId) changes.teamId = { ...c.teamId };
  if (c.subject) changes.subject = { ...c.subject };
  if (c.tags) changes.tags = { from: [...c.tags.from], to: [...c.tags.to] };
  if (c.snoozedUntil) changes.snoozedUntil = { ...c.snoozedUntil };
  return {
    id: event.id,
    conversationId: event.conversationId ?? '',
    at: event.at,
    actor: { type: event.actor.type, id: event.actor.id },
    cause: event.data.cause,
    changes,
    ...(event.data.note ? { note: event.data.note } : {}),
  };
}
