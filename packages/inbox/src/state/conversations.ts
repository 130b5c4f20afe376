/**
 * The conversation list as pure functions. The server answers `agent:conversations` for one queue; live
 * `conversation.created` / `conversation.updated` events arrive for every ticket of the desk, so the queue rule
 * is also applied here to decide whether an updated ticket enters, stays in or leaves the shown list.
 */
import type { Conversation } from '@parley/protocol/model';
import { matchesQueue, type QueueName } from '@parley/protocol/queues';
import { belongsInView, type ListView } from './list-view.ts';

export { matchesQueue };

/** The queue tabs the inbox shows, in order (every queue the server defines but `open`, which `all` covers here); each team's tab follows. */
export const QUEUES = ['all', 'unassigned', 'mine', 'snoozed', 'resolved'] as const satisfies readonly QueueName[];
export type Queue = (typeof QUEUES)[number];

/**
 * Whether `incoming` is at least as new as `current` (same ticket). Ticket updates bump `version`; new messages
 * advance `lastSeq` without bumping it. An older copy (a late event) must never overwrite a newer one.
 */
export function isNotOlder(incoming: Conversation, current: Conversation): boolean {
  if (incoming.version !== current.version) return incoming.version > current.version;
  return incoming.lastSeq >= current.lastSeq;
}

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

/** Newest activity first; ties by ticket number, newest first. */
export function compareConversations(a: Conversation, b: Conversation): number {
  return time(b.lastMessageAt) - time(a.lastMessageAt) || b.number - a.number;
}

/** A server answer as a list: one entry per id (the newest copy), sorted. */
export function fromServer(conversations: readonly Conversation[]): Conversation[] {
  const byId = new Map<string, Conversation>();
  for (const c of conversations) {
    const seen = byId.get(c.id);
    if (!seen || isNotOlder(c, seen)) byId.set(c.id, c);
  }
  return [...byId.values()].sort(compareConversations);
}

/** Where `conversation` goes in the sorted `list` (binary search: a live update costs no sort of 10,000 rows). */
function insertionIndex(list: readonly Conversation[], conversation: Conversation): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareConversations(list[mid]!, conversation) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Insert or replace `conversation` by id (unless the list holds a newer copy), keeping the order. */
export function upsertConversation(list: readonly Conversation[], conversation: Conversation): readonly Conversation[] {
  const index = list.findIndex((c) => c.id === conversation.id);
  const current = index === -1 ? undefined : list[index];
  if (current && !isNotOlder(conversation, current)) return list;
  const next = index === -1 ? [...list] : [...list.slice(0, index), ...list.slice(index + 1)];
  next.splice(insertionIndex(next, conversation), 0, conversation);
  return next;
}

/** Apply a live update to the list shown for `queue`: upsert when it belongs there, remove when it no longer does. */
export function applyConversation(
  list: readonly Conversation[],
  conversation: Conversation,
  queue: Queue,
  agentId: string,
): readonly Conversation[] {
  const current = list.find((c) => c.id === conversation.id);
  if (current && !isNotOlder(conversation, current)) return list;
  if (matchesQueue(conversation, queue, agentId)) return upsertConversation(list, conversation);
  return current ? list.filter((c) => c.id !== conversation.id) : (list);
}

/** Apply a live update to the list of `view`: upsert when it belongs there, remove when it no longer does. */
export function applyToView(
  list: readonly Conversation[],
  conversation: Conversation,
  view: ListView,
  agentId: string,
): readonly Conversation[] {
  const current = list.find((c) => c.id === conversation.id);
  if (current && !isNotOlder(conversation, current)) return list;
  if (belongsInView(conversation, view, agentId, current !== undefined)) return upsertConversation(list, conversation);
  return current ? list.filter((c) => c.id !== conversation.id) : list;
}

/**
 * The next page appended to the list: a ticket the list holds already (it moved up while the agent scrolled, and
 * its live update placed it) keeps its newer copy; the order stays newest activity first.
 */
export function appendPage(list: readonly Conversation[], page: readonly Conversation[]): readonly Conversation[] {
  const listed = new Set(list.map((c) => c.id));
  let next = list;
  const after: Conversation[] = [];
  for (const c of page) {
    if (listed.has(c.id)) next = upsertConversation(next, c);
    else after.push(c);
  }
  // A page continues the list (it starts after the list's last ticket): only its own tickets need placing.
  const last = next[next.length - 1];
  const sorted = fromServer(after);
  const first = sorted[0];
  if (!last || !first || compareConversations(last, first) <= 0) return [...next, ...sorted];
  return sorted.reduce<readonly Conversation[]>((acc, c) => upsertConversation(acc, c), next);
}
