import type { Conversation, Message, ReplyPolicy, TicketRefusal } from '@parley/protocol';
import { replyBlocked } from '../domain/reply-policy.ts';
import { recordMessage } from '../domain/record-message.ts';
import type { Origin } from '../events/outbox.ts';
import { AppError } from '../lib/app-error.ts';
import { newOrderedId } from '../lib/ids.ts';
import { toConversation } from '../store/records.ts';
import type { AgentRecord } from '../store/types.ts';
import { attachmentsOfSender } from './attachments.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { ticketOfDesk } from './tickets.ts';
import { assertOwnRetry } from './retry-author.ts';
import type { DraftChange, DraftTicket } from '../domain/draft-guard.ts';
import { draftSent } from './drafts.ts';

export interface AgentPost {
  conversationId: string;
  clientMsgId: string;
  text: string;
  attachmentIds: string[];
  type: 'agent' | 'note';
  lastSeenSeq?: number | undefined;
  seenTicket?: DraftTicket | undefined;
  force: boolean;
  /** Agents mentioned in a note. */
  mentions?: string[] | undefined;
}

/**
 * An agent's reply or internal note: one commit (message, claim on reply, status rule, events) and one fan-out.
 * A reply written against a stale view (another public message landed after `lastSeenSeq`) is refused with
 * `stale_ticket` carrying what was missed, unless `force` says it was reviewed.
 */
export async function postAgentMessage(
  deps: ServiceDeps,
  agent: AgentRecord,
  post: AgentPost,
  origin?: Origin,
): Promise<{ message: Message; conversation: Conversation }> {
  const conversation = await ticketOfDesk(deps, agent, post.conversationId);
  if (post.type === 'agent') assertMayReply(deps.desk.current.settings.replyPolicy, conversation, agent);
  const guarded = post.type === 'agent' && !post.force && (post.lastSeenSeq !== undefined || post.seenTicket !== undefined);
  const guard = guarded ? { afterSeq: post.lastSeenSeq ?? conversation.lastSeq, authorId: agent.id, seen: post.seenTicket } : undefined;
  const mentions = await mentionable(deps, agent, post);
  const authorTeamIds = await claimingTeams(deps, agent, conversation, post);
  const attachments = post.attachmentIds.length
    ? await attachmentsOfSender(deps, { type: 'agent', id: agent.id, deskId: agent.deskId }, post.attachmentIds)
    : [];
  const outcome = await deps.store.commitMessage({
    message: {
      id: newOrderedId(),
      conversationId: conversation.id,
      clientMsgId: post.clientMsgId,
      type: post.type,
      authorId: agent.id,
      authorName: agent.name,
      text: post.text,
      attachments,
      createdAt: iso(deps),
    },
    guard,
    decide: recordMessage,
    mentions,
    authorTeamIds,
  });
  switch (outcome.status) {
    case 'committed':
      deps.outbox.publish(outcome, origin);
      await draftSent(deps, agent, conversation.id, post.type);
      return { message: outcome.message, conversation: toConversation(outcome.ticket) };
    case 'duplicate': {
      const message = assertOwnRetry(outcome.message, agent.id);
      await draftSent(deps, agent, conversation.id, post.type);
      return { message, conversation: toConversation(outcome.ticket) };
    }
    case 'stale':
      throw new AppError('stale_ticket', staleMessage(conversation.number, outcome.missed.length, outcome.changed), {
        missed: outcome.missed,
        changed: outcome.changed,
        conversation: toConversation(outcome.ticket),
      });
    case 'refused':
      throw new AppError('conflict', `Ticket #${conversation.number} is closed; the customer can no longer receive replies here`, { reason: 'closed' satisfies TicketRefusal });
    case 'missing':
      throw new AppError('not_found', 'No such conversation');
  }
}

/**
 * The agent's teams, when their reply may claim a team's ticket (unassigned, in a team, as this node last read it);
 * otherwise nothing is read, and a ticket that meanwhile joined a team is not claimed (it stays in the team's queue).
 */
async function claimingTeams(deps: ServiceDeps, agent: AgentRecord, ticket: Conversation, post: AgentPost): Promise<string[] | undefined> {
  if (post.type !== 'agent' || ticket.assigneeId !== null || ticket.teamId === null) return undefined;
  return (await deps.store.listTeams(agent.deskId)).filter((team) => team.memberIds.includes(agent.id)).map((team) => team.id);
}

function assertMayReply(policy: ReplyPolicy, ticket: Pick<Conversation, 'number' | 'assigneeId'>, agent: AgentRecord): void {
  if (!replyBlocked(policy, ticket.assigneeId, agent.id)) return;
  throw new AppError('forbidden', `Ticket #${ticket.number} is assigned to someone else: on this desk only the assignee replies (assign it to yourself first, or write a note)`, {
    reason: 'assigned_elsewhere',
    assigneeId: ticket.assigneeId,
  });
}

/** The agents a note mentions: each once, colleagues of the desk who are active (mentioning yourself notifies nobody). */
async function mentionable(deps: ServiceDeps, agent: AgentRecord, post: AgentPost): Promise<string[]> {
  const ids = [...new Set(post.mentions ?? [])].filter((id) => id !== agent.id);
  if (ids.length === 0) return [];
  if (post.type !== 'note') throw new AppError('invalid_input', 'mentions: only an internal note mentions colleagues');
  const colleagues = new Map((await deps.store.listAgents(agent.deskId)).map((a) => [a.id, a]));
  const unknown = ids.filter((id) => !colleagues.get(id)?.active);
  if (unknown.length > 0) throw new AppError('invalid_input', `mentions: no such active agent (${unknown.join(', ')})`, { field: 'mentions', unknown });
  return ids;
}

function staleMessage(number: number, missed: number, changed: DraftChange | null): string {
  if (changed === 'reassigned') return `Ticket #${number} was assigned to someone else while you were writing`;
  if (changed === 'resolved') return `Ticket #${number} was resolved while you were writing`;
  return `${missed} new message${missed === 1 ? '' : 's'} arrived on #${number} since you started writing`;
}
