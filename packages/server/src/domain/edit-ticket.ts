import type { Conversation, ConversationStatus, Priority, TicketRefusal } from '@parley/protocol';
import { makeEvent, type DomainEvent, type EventActor, type TicketChanges } from '../events/catalogue.ts';
import { AppError } from '../lib/app-error.ts';
import type { ConversationPatch, ConversationRecord } from '../store/types.ts';
import { subjectFromEdit } from './subject.ts';
import { canTransition, snoozeProblem, statusAfterAssignment } from './ticket-lifecycle.ts';

/** The ticket's team after the edit, as the service found it (null: no team; absent from ctx: not checked). */
export interface TeamMembers {
  id: string;
  memberIds: readonly string[];
}

export interface TicketEditInput {
  status?: ConversationStatus | undefined;
  priority?: Priority | undefined;
  assigneeId?: string | null | undefined;
  teamId?: string | null | undefined;
  subject?: string | undefined;
  tags?: string[] | undefined;
  snoozedUntil?: string | undefined;
}

/**
 * A person's edit of a ticket: the fields that really change (assigning a new ticket also opens it) and the one
 * `ticket.updated` event that records them. Refuses a transition the lifecycle does not allow (`details.reason`
 * `transition`), any change of a closed ticket (`closed`), an assignee outside the ticket's team (`not_team_member`),
 * and a snooze without a sensible wake-up time. Moving the ticket to a team unassigns it unless its assignee is a
 * member (as a transfer to a team alone). A new
 * subject is stored cleaned (see subject.ts), so an edit cannot put invisible controls into the agents' list either.
 */
export function editTicket(
  ticket: ConversationRecord,
  edit: TicketEditInput,
  ctx: { actor: EventActor; eventId: string; at: string; team?: TeamMembers | null },
): { patch: ConversationPatch; events: DomainEvent[] } | null {
  const patch: ConversationPatch = {};
  if (edit.status !== undefined && edit.status !== ticket.status) {
    if (!canTransition(ticket.status, edit.status)) {
      const reason: TicketRefusal = ticket.status === 'closed' ? 'closed' : 'transition';
      throw new AppError('invalid_input', `status: a ${ticket.status} ticket cannot become ${edit.status}`, { field: 'status', reason, from: ticket.status, to: edit.status });
    }
    patch.status = edit.status;
  }
  const status = patch.status ?? ticket.status;
  if (edit.snoozedUntil !== undefined) {
    if (status !== 'snoozed') throw new AppError('invalid_input', 'snoozedUntil: only a snoozed ticket has a wake-up time');
    const problem = snoozeProblem(edit.snoozedUntil, new Date(ctx.at));
    if (problem) throw new AppError('invalid_input', problem);
    const until = new Date(edit.snoozedUntil).toISOString();
    if (until !== ticket.snoozedUntil) patch.snoozedUntil = until;
  } else if (patch.status === 'snoozed') {
    throw new AppError('invalid_input', 'snoozedUntil: say until when the ticket is snoozed');
  }
  if (ticket.status === 'snoozed' && patch.status !== undefined) patch.snoozedUntil = null;
  if (edit.priority !== undefined && edit.priority !== ticket.priority) patch.priority = edit.priority;
  if (edit.subject !== undefined) {
    const subject = subjectFromEdit(edit.subject);
    if (subject === null) throw new AppError('invalid_input', 'subject: must have a visible character');
    if (subject !== ticket.subject) patch.subject = subject;
  }
  if (edit.tags !== undefined) {
    const tags = [...new Set(edit.tags)];
    if (tags.join('\n') !== ticket.tags.join('\n')) patch.tags = tags;
  }
  const members = ctx.team ? new Set(ctx.team.memberIds) : null;
  const teamChanges = edit.teamId !== undefined && edit.teamId !== ticket.teamId;
  if (teamChanges) patch.teamId = edit.teamId;
  const named = edit.assigneeId !== undefined && (edit.assigneeId !== ticket.assigneeId || teamChanges) ? edit.assigneeId : undefined;
  // Zendesk's rule for groups, as transfers keep it: the assignee of a team's ticket is one of its members. Named
  // with the edit, a non-member is refused; kept from before a move to another team, they leave it to the team's queue.
  if (named && members && !members.has(named)) {
    throw new AppError('invalid_input', "assigneeId: this agent is not a member of the ticket's team", { field: 'assigneeId', reason: 'not_team_member' });
  }
  if (teamChanges && named === undefined && ticket.assigneeId && members && !members.has(ticket.assigneeId)) patch.assigneeId = null;
  if (edit.assigneeId !== undefined && edit.assigneeId !== ticket.assigneeId) {
    patch.assigneeId = edit.assigneeId;
    const opened = statusAfterAssignment(status, edit.assigneeId);
    if (opened && patch.status === undefined) patch.status = opened;
  }
  if (Object.keys(patch).length === 0) return null;
  // Closed is final: its assignee, team, tags and the rest stay as they were when it closed.
  if (ticket.status === 'closed') {
    const reason: TicketRefusal = 'closed';
    throw new AppError('invalid_input', `Ticket #${ticket.number} is closed: it no longer changes`, { field: Object.keys(patch)[0], reason });
  }
  const event = makeEvent(
    'ticket.updated',
    { id: ctx.eventId, deskId: ticket.deskId, conversationId: ticket.id, actor: ctx.actor, at: ctx.at },
    { changes: changesOf(ticket, patch), cause: 'edit' },
  );
  return { patch, events: [event] };
}

/** A snoozed ticket whose time has come opens again, by itself (the system is the actor). */
export function wakeSnoozed(ticket: ConversationRecord, ctx: { eventId: string; at: string }): { patch: ConversationPatch; events: DomainEvent[] } | null {
  if (ticket.status !== 'snoozed' || ticket.snoozedUntil === null || ticket.snoozedUntil > ctx.at) return null;
  const patch: ConversationPatch = { status: 'open', snoozedUntil: null };
  const event = makeEvent(
    'ticket.updated',
    { id: ctx.eventId, deskId: ticket.deskId, conversationId: ticket.id, actor: { type: 'system', id: null }, at: ctx.at },
    { changes: changesOf(ticket, patch), cause: 'snooze_ended' },
  );
  return { patch, events: [event] };
}

/** Before and after of every field a patch changes, for the ticket.updated event. */
export function changesOf(ticket: Conversation, patch: ConversationPatch): TicketChanges {
  const changes: TicketChanges = {};
  if (patch.status !== undefined) changes.status = { from: ticket.status, to: patch.status };
  if (patch.priority !== undefined) changes.priority = { from: ticket.priority, to: patch.priority };
  if (patch.subject !== undefined) changes.subject = { from: ticket.subject, to: patch.subject };
  if (patch.assigneeId !== undefined) changes.assigneeId = { from: ticket.assigneeId, to: patch.assigneeId };
  if (patch.teamId !== undefined) changes.teamId = { from: ticket.teamId, to: patch.teamId };
  if (patch.tags !== undefined) changes.tags = { from: [...ticket.tags], to: [...patch.tags] };
  if (patch.snoozedUntil !== undefined) changes.snoozedUntil = { from: ticket.snoozedUntil, to: patch.snoozedUntil };
  return changes;
}
