import type { Conversation, ConversationStatus } from './model.ts';

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
