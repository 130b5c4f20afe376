import { ESCALATED_TAG, PRIORITIES, type Priority } from '@parley/protocol';
import { makeEvent, type DomainEvent, type EventActor } from '../events/catalogue.ts';
import { AppError } from '../lib/app-error.ts';
import type { ConversationPatch, ConversationRecord, TeamRecord } from '../store/types.ts';
import { changesOf } from './edit-ticket.ts';

/** Why an escalation was refused: `details.reason` of its `invalid_input`. */
export type EscalationRefusal = 'closed' | 'already_urgent';

/** The level above `priority` (low → normal → high → urgent); null at the top. */
export function nextPriority(priority: Priority): Priority | null {
  return PRIORITIES[PRIORITIES.indexOf(priority) + 1] ?? null;
}

/**
 * Escalate: the ticket's priority goes up one level and the ticket gets the `escalated` tag (Zendesk's convention:
 * lists mark it, the tag filter finds them), with an optional reason, as one change with its events. A closed
 * ticket, or one already urgent, is refused. Reaching urgent notifies the assignee and the members of the ticket's
 * team (active ones, never the actor).
 */
export function escalateTicket(
  ticket: ConversationRecord,
  reason: string,
  team: TeamRecord | null,
  ctx: { actor: EventActor; eventId: string; at: string; activeAgentIds: ReadonlySet<string> },
): { patch: ConversationPatch; events: DomainEvent[] } {
  if (ticket.status === 'closed') {
    throw new AppError('invalid_input', 'conversationId: a closed ticket cannot be escalated', { field: 'conversationId', reason: 'closed' });
  }
  const to = nextPriority(ticket.priority);
  if (!to) throw new AppError('invalid_input', 'priority: the ticket is already urgent', { field: 'priority', reason: 'already_urgent' });
  const patch: ConversationPatch = { priority: to };
  if (!ticket.tags.includes(ESCALATED_TAG)) patch.tags = [...ticket.tags, ESCALATED_TAG];
  const concerned = to === 'urgent' ? [ticket.assigneeId, ...(team && team.id === ticket.teamId ? team.memberIds : [])] : [];
  const recipients = [...new Set(concerned)].filter((id): id is string => id !== null && id !== ctx.actor.id && ctx.activeAgentIds.has(id));
  const base = (n: number) => ({ id: n === 0 ? ctx.eventId : `${ctx.eventId}.${n}`, deskId: ticket.deskId, conversationId: ticket.id, actor: ctx.actor, at: ctx.at });
  const events: DomainEvent[] = [
    makeEvent('ticket.updated', base(0), { changes: changesOf(ticket, patch), cause: 'escalation', note: reason }),
    makeEvent('ticket.escalated', base(1), { from: ticket.priority, to, reason, recipients }),
  ];
  return { patch, events };
}
