/**
 * What the ticket list shows: a queue tab (a queue, or one team's active tickets), the filters and the search text.
 * The server answers a view page by page (`agent:conversations`); live updates are matched against the same view
 * definition (protocol's `matchesView`). The server alone knows which messages match a search, so a ticket already
 * listed stays while it matches the queue and filters, and a ticket not listed joins only when its number, subject
 * or newest message preview contains the search words.
 */
import type { Conversation } from '@parley/protocol/model';
import { matchesView, type QueueName, type TicketFilters } from '@parley/protocol/queues';

export type { TicketFilters };

export interface ListView {
  queue: QueueName;
  /** A team's tab: that team's tickets of the queue. */
  teamId: string | null;
  /** The team filter (on the other tabs). */
  teamFilter: string | null;
  filters: TicketFilters;
  /** As typed (trimmed when sent). */
  search: string;
}

export const FILTER_KEYS = ['status', 'priority', 'tag', 'channel', 'assigneeId'] as const satisfies ReadonlyArray<keyof TicketFilters>;

export function defaultView(queue: QueueName = 'all'): ListView {
  return { queue, teamId: null, teamFilter: null, filters: {}, search: '' };
}

/** Whether the agent narrowed the list beyond its tab (the empty state then says "No tickets match"). */
export function isNarrowed(view: ListView): boolean {
  return view.search.trim() !== '' || view.teamFilter !== null || FILTER_KEYS.some((k) => view.filters[k] !== undefined);
}

export function sameView(a: ListView, b: ListView): boolean {
  return a.queue === b.queue && a.teamId === b.teamId && a.teamFilter === b.teamFilter && a.search.trim() === b.search.trim() && FILTER_KEYS.every((k) => a.filters[k] === b.filters[k]);
}

/** Sets one filter; undefined removes it. */
export function withFilter<K extends keyof TicketFilters>(view: ListView, key: K, value: TicketFilters[K] | undefined): ListView {
  const filters: TicketFilters = { ...view.filters };
  if (value === undefined) delete filters[key];
  else filters[key] = value;
  return { ...view, filters };
}

export interface ListRequest {
  queue: QueueName;
  teamId?: string;
  filters: TicketFilters;
  search?: string;
  cursor?: string;
  limit: number;
}

/** The `agent:conversations` payload for one page of the view. */
export function listRequest(view: ListView, limit: number, cursor: string | null): ListRequest {
  const request: ListRequest = { queue: view.queue, filters: { ...view.filters }, limit };
  const teamId = view.teamId ?? view.teamFilter;
  if (teamId !== null) request.teamId = teamId;
  const search = view.search.trim();
  if (search !== '') request.search = search;
  if (cursor !== null) request.cursor = cursor;
  return request;
}

/** A close, never wider-than-typed reading of the server's search, for tickets the list does not hold yet. */
export function mayMatchSearch(conversation: Pick<Conversation, 'number' | 'subject' | 'lastMessagePreview'>, search: string): boolean {
  const text = search.trim().toLowerCase();
  if (text === '') return true;
  const number = /^#?(\d{1,15})$/.exec(text);
  if (number && Number(number[1]) === conversation.number) return true;
  if (text.startsWith('#')) return false;
  const haystack = `${conversation.subject}\n${conversation.lastMessagePreview}`.toLowerCase();
  return text.split(/\s+/u).every((word) => haystack.includes(word));
}

/** Whether a live copy of `conversation` belongs in the list of `view`; `listed`: the list holds it already. */
export function belongsInView(conversation: Conversation, view: ListView, agentId: string, listed: boolean): boolean {
  const teamId = view.teamId ?? view.teamFilter ?? undefined;
  if (!matchesView(conversation, { queue: view.queue, teamId, filters: view.filters }, agentId)) return false;
  return listed || mayMatchSearch(conversation, view.search);
}
