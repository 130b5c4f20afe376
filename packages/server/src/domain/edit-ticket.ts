import type { ConversationStatus, Priority } from '@parley/protocol';
import { makeEvent, type DomainEvent, type EventActor, type TicketChanges } from '../events/catalogue.ts';
import { AppError } from '../lib/app-error.ts';
import type { ConversationPatch, ConversationRecord } from '../store/types.ts';
import { subjectFromEdit } from './subject.ts';
import { canTransition, statusAfterAssignment } from './ticket-lifecycle.ts';

export interface TicketEditInput {
  status?: ConversationStatus | undefined;
  priority?: Priority | undefined;
  assigneeId?: string | null | undefined;
  subject?: string | undefined;
}

/**
 * A person's edit of a ticket: the fields that really change (assigning a new ticket also opens it) and the one
 * `ticket.updated` event that records them. Refuses a transition the lifecycle does not allow. A new subject is
 * stored cleaned (see subject.ts), so an edit cannot put invisible controls into the agents' list either.
 */
export function editTicket(
  ticket: ConversationRecord,
  edit: TicketEditInput,
  ctx: { actor: EventActor; eventId: string; at: string },
): { patch: ConversationPatch; events: DomainEvent[] } | null {
  const patch: ConversationPatch = {};
  const changes: TicketChanges = {};
  if (edit.status !== undefined && edit.status !== ticket.status) {
    if (!canTransition(ticket.status, edit.status)) {
      throw new AppError('invalid_input', `status: a ${ticket.status} ticket cannot become ${edit.status}`);
    }
    patch.status = edit.status;
  }
  if (edit.priority !== undefined && edit.priority !== ticket.priority) patch.priority = edit.priority;
  if (edit.subject !== undefined) {
    const subject = subjectFromEdit(edit.subject);
    if (subject === null) throw new AppError('invalid_input', 'subject: must have a visible character');
    if (subject !== ticket.subject) patch.subject = subject;
  }
  if (edit.assigneeId !== undefined && edit.assigneeId !== ticket.assigneeId) {
    patch.assigneeId = edit.assigneeId;
    const status = statusAfterAssignment(patch.status ?? ticket.status, edit.assigneeId);
    if (status && patch.status === undefined) patch.status = status;
  }
  if (patch.status !== undefined) changes.status = { from: ticket.status, to: patch.status };
  if (patch.priority !== undefined) changes.priority = { from: ticket.priority, to: patch.priority };
  if (patch.subject !== undefined) changes.subject = { from: ticket.subject, to: patch.subject };
  if (patch.assigneeId !== undefined) changes.assigneeId = { from: ticket.assigneeId, to: patch.assigneeId };
  if (Object.keys(patch).length === 0) return null;
  const event = makeEvent(
    'ticket.updated',
    { id: ctx.eventId, deskId: ticket.deskId, conversationId: ticket.id, actor: ctx.actor, at: ctx.at },
    { changes, cause: 'edit' },
  );
  return { patch, events: [event] };
}
