import type { Channel, Conversation, ConversationStatus, Priority } from './model.ts';

/**
 * The ticket queues (views), defined once: the server turns a definition into a store query, the inbox applies the
 * same definition to live updates to decide whether a ticket enters, stays in or leaves the list it shows.
 */
export const QUEUE_NAMES = ['all', 'unassigned', 'mine', 'open', 'snoozed', 'resolved'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface QueueDefinition {
  /** Only tickets in these statuses; every status when absent. */
  statuses?: readonly ConversationStatus[];
  /** `nobody`: unassigned only; `me`: assigned to the agent looking. */
  assignee?: 'nobody' | 'me';
}

const ACTIVE: readonly ConversationStatus[] = ['new', 'open', 'pending'];

export const QUEUES: Readonly<Record<QueueName, QueueDefinition>> = {
  all: {},
  unassigned: { statuses: ACTIVE, assignee: 'nobody' },
  mine: { statuses: ACTIVE, assignee: 'me' },
  open: { statuses: ACTIVE },
  snoozed: { statuses: ['snoozed'] },
  resolved: { statuses: ['resolved', 'closed'] },
};

/** Whether `conversation` belongs in `queue` for the agent `agentId`. */
export function matchesQueue(conversation: Pick<Conversation, 'status' | 'assigneeId'>, queue: QueueName, agentId: string): boolean {
  const q = QUEUES[queue];
  if (q.statuses && !q.statuses.includes(conversation.status)) return false;
  if (q.assignee === 'nobody') return conversation.assigneeId === null;
  if (q.assignee === 'me') return conversation.assigneeId === agentId;
  return true;
}

/**
 * Filters an agent narrows a queue with; every one given must hold (AND). `assigneeId: null` is "unassigned".
 * The server turns them into a store query; the inbox applies `matchesView` to live updates.
 */
export interface TicketFilters {
  status?: ConversationStatus | undefined;
  priority?: Priority | undefined;
  tag?: string | undefined;
  channel?: Channel | undefined;
  assigneeId?: string | null | undefined;
}

/** What a ticket list shows: a queue, optionally one team's part of it, narrowed by filters. */
export interface TicketView {
  queue: QueueName;
  teamId?: string | undefined;
  filters?: TicketFilters | undefined;
}

type ViewFields = Pick<Conversation, 'status' | 'assigneeId' | 'teamId' | 'priority' | 'tags' | 'channel'>;

/** Whether `conversation` belongs in `view` for the agent `agentId` (search text aside: only the server knows it). */
export function matchesView(conversation: ViewFields, view: TicketView, agentId: string): boolean {
  if (!matchesQueue(conversation, view.queue, agentId)) return false;
  if (view.teamId !== undefined && conversation.teamId !== view.teamId) return false;
  const f = view.filters ?? {};
  if (f.status !== undefined && conversation.status !== f.status) return false;
  if (f.priority !== undefined && conversation.priority !== f.priority) return false;
  if (f.channel !== undefined && conversation.channel !== f.channel) return false;
  if (f.tag !== undefined && !conversation.tags.includes(f.tag)) return false;
  if (f.assigneeId !== undefined && conversation.assigneeId !== f.assigneeId) return false;
  return true;
}
