import { makeEvent, type DomainEvent, type EventActor } from '../events/catalogue.ts';
import { AppError } from '../lib/app-error.ts';
import type { AgentRecord, ConversationPatch, ConversationRecord, TeamRecord } from '../store/types.ts';
import { changesOf } from './edit-ticket.ts';
import { statusAfterAssignment } from './ticket-lifecycle.ts';

/** Why a transfer was refused: `details.reason` of its `invalid_input` (the inbox words each one). */
export type TransferRefusal = 'no_target' | 'closed' | 'unknown_team' | 'unknown_agent' | 'inactive_agent' | 'not_team_member' | 'unchanged';

export interface TransferInput {
  /** The team the ticket goes to; null: out of any team; absent: its team stays (unless the agent is not in it). */
  teamId?: string | null | undefined;
  /** The agent it goes to; null: unassigned (the team's queue); absent: the assignee stays if they are in the team. */
  assigneeId?: string | null | undefined;
  note: string;
}

/** What the service looked up: the ticket's team after the transfer and the named agent (null: none, or not found). */
export interface TransferTargets {
  team: TeamRecord | null;
  assignee: AgentRecord | null;
}

const refuse = (reason: TransferRefusal, field: string, message: string): AppError =>
  new AppError('invalid_input', `${field}: ${message}`, { field, reason });

/**
 * A transfer (Chatwoot's and Zendesk's hand-off): the ticket goes to a team and/or an agent, with an internal note,
 * as one change with its events. The rules:
 *   - an assignee must be an active agent and a member of the ticket's team after the transfer (Zendesk's rule for
 *     groups); naming a team and a non-member is refused;
 *   - naming only a team keeps the assignee if they are a member of it, else the ticket goes to the team unassigned
 *     (Chatwoot's "assignee from the team");
 *   - a closed ticket is not transferred; a transfer that changes nothing is refused;
 *   - assigning a new ticket opens it (the lifecycle's rule).
 * Notified: the new assignee, or, when it lands unassigned in a team, the team's active members; never the actor.
 */
export function transferTicket(
  ticket: ConversationRecord,
  input: TransferInput,
  targets: TransferTargets,
  ctx: { actor: EventActor; eventId: string; at: string; activeAgentIds: ReadonlySet<string> },
): { patch: ConversationPatch; events: DomainEvent[] } {
  if (input.teamId === undefined && input.assigneeId === undefined) throw refuse('no_target', 'teamId', 'name a team or an agent to transfer to');
  if (ticket.status === 'closed') throw refuse('closed', 'conversationId', 'a closed ticket cannot be transferred');
  const teamId = input.teamId === undefined ? ticket.teamId : input.teamId;
  const team = teamId !== null && targets.team?.id === teamId && targets.team.deskId === ticket.deskId ? targets.team : null;
  if (input.teamId && !team) throw refuse('unknown_team', 'teamId', 'no such team');
  const members = team ? new Set(team.memberIds) : null;
  let assigneeId: string | null;
  if (input.assigneeId !== undefined) {
    assigneeId = input.assigneeId;
    const agent = targets.assignee;
    if (assigneeId !== null) {
      if (!agent || agent.id !== assigneeId || agent.deskId !== ticket.deskId) throw refuse('unknown_agent', 'assigneeId', 'no such agent');
      if (!agent.active) throw refuse('inactive_agent', 'assigneeId', 'this agent is deactivated');
      if (members && !members.has(assigneeId)) throw refuse('not_team_member', 'assigneeId', 'this agent is not a member of the team');
    }
  } else {
    // Only the team changes: its members may keep the ticket, anyone else hands it to the team's queue.
    assigneeId = ticket.assigneeId && members && !members.has(ticket.assigneeId) ? null : ticket.assigneeId;
  }

  const patch: ConversationPatch = {};
  if (teamId !== ticket.teamId) patch.teamId = teamId;
  if (assigneeId !== ticket.assigneeId) {
    patch.assigneeId = assigneeId;
    const opened = statusAfterAssignment(ticket.status, assigneeId);
    if (opened) patch.status = opened;
  }
  if (Object.keys(patch).length === 0) throw refuse('unchanged', 'teamId', 'the ticket already has this team and assignee');

  const recipientPool = assigneeId ? [assigneeId] : team ? team.memberIds : [];
  const recipients = [...new Set(recipientPool)].filter((id) => id !== ctx.actor.id && ctx.activeAgentIds.has(id));
  const base = (n: number) => ({ id: n === 0 ? ctx.eventId : `${ctx.eventId}.${n}`, deskId: ticket.deskId, conversationId: ticket.id, actor: ctx.actor, at: ctx.at });
  const events: DomainEvent[] = [
    makeEvent('ticket.updated', base(0), { changes: changesOf(ticket, patch), cause: 'transfer', note: input.note }),
    makeEvent('ticket.transferred', base(1), { teamId, assigneeId, note: input.note, recipients }),
  ];
  return { patch, events };
}
