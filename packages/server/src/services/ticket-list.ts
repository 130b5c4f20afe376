import { QUEUES, type AgentListInput, type ContactName, type Conversation, type ConversationListQueryInput, type TicketFiltersInput } from '@parley/protocol';
import type { AgentRecord, ConversationFilter } from '../store/types.ts';
import type { ServiceDeps } from './deps.ts';
import { contactNamesOf } from './list-contacts.ts';
import { decodeCursor, encodeCursor } from './list-cursor.ts';
import { parseSearch } from './search-query.ts';

export type TicketListRequest = Pick<AgentListInput, 'queue' | 'teamId' | 'filters' | 'search' | 'cursor' | 'limit'>;

export interface TicketPage {
  conversations: Conversation[];
  /** The customers of these tickets (name and e-mail), each once: what the list names its rows with. */
  contacts: ContactName[];
  /** Pass it back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** The REST query string (`GET /api/v1/conversations`) as the same request the socket list takes. */
export function listRequestOfQuery(q: ConversationListQueryInput): TicketListRequest {
  const filters: TicketFiltersInput = {};
  if (q.status !== undefined) filters.status = q.status;
  if (q.priority !== undefined) filters.priority = q.priority;
  if (q.tag !== undefined) filters.tag = q.tag;
  if (q.channel !== undefined) filters.channel = q.channel;
  if (q.assigneeId !== undefined) filters.assigneeId = q.assigneeId === 'none' ? null : q.assigneeId;
  return { queue: q.queue, teamId: q.teamId, filters, search: q.search, cursor: q.cursor, limit: q.limit };
}

/**
 * The store query for a queue narrowed by filters: every condition must hold, so a filter that contradicts the queue
 * (status `resolved` in the Mine queue, another assignee) makes the list empty (null here).
 */
export function ticketFilter(agent: AgentRecord, request: TicketListRequest): ConversationFilter | null {
  const q = QUEUES[request.queue];
  const f = request.filters;
  const filter: ConversationFilter = { deskId: agent.deskId, limit: request.limit };
  if (request.teamId !== undefined) filter.teamId = request.teamId;
  let statuses = q.statuses ? [...q.statuses] : undefined;
  if (f.status !== undefined) statuses = statuses ? statuses.filter((s) => s === f.status) : [f.status];
  if (statuses) {
    if (statuses.length === 0) return null;
    filter.statuses = statuses;
  }
  const queueAssignee = q.assignee === undefined ? undefined : q.assignee === 'me' ? agent.id : null;
  if (queueAssignee !== undefined && f.assigneeId !== undefined && queueAssignee !== f.assigneeId) return null;
  const assigneeId = queueAssignee !== undefined ? queueAssignee : f.assigneeId;
  if (assigneeId !== undefined) filter.assigneeId = assigneeId;
  if (f.priority !== undefined) filter.priority = f.priority;
  if (f.channel !== undefined) filter.channel = f.channel;
  if (f.tag !== undefined) filter.tag = f.tag;
  const search = parseSearch(request.search);
  if (search) filter.search = search;
  if (request.cursor !== undefined) filter.after = decodeCursor(request.cursor);
  return filter;
}

/** One page of a ticket list, newest activity first. */
export async function listTickets(deps: ServiceDeps, agent: AgentRecord, request: TicketListRequest): Promise<TicketPage> {
  const filter = ticketFilter(agent, request);
  if (!filter) return { conversations: [], contacts: [], nextCursor: null };
  // One more than asked tells whether a next page exists without a second query.
  const found = await deps.store.listConversations({ ...filter, limit: request.limit + 1 });
  const conversations = found.slice(0, request.limit);
  const last = conversations[conversations.length - 1];
  const nextCursor = found.length > request.limit && last ? encodeCursor(last) : null;
  return { conversations, contacts: await contactNamesOf(deps, agent.deskId, conversations), nextCursor };
}
