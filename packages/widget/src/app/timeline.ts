import type { AttachmentRef, ErrorCode, Message } from '@parley/protocol';

/**
 * What the visitor sees of their conversation, as a pure value: the stored messages keyed by `seq` (so a message
 * delivered twice is shown once) plus the messages typed here that the server has not acknowledged yet.
 * Ordering is the server's `seq`, never a clock; pending messages follow, in the order they were typed.
 */
export interface Timeline {
  conversationId: string | null;
  messages: ReadonlyMap<number, Message>;
  /** Every public message with `seq <= lastSeq` is in `messages` (resume and gap fill start after it). */
  lastSeq: number;
  /** The highest `seq` the server has shown to exist (a message or a conversation's `lastSeq`). */
  latestSeq: number;
  pending: readonly PendingMessage[];
}

export interface PendingMessage {
  clientMsgId: string;
  /** May be empty when the message carries attachments. */
  text: string;
  /** Files already uploaded for this message: sent as `attachmentIds` on every attempt, shown as chips meanwhile. */
  attachments: readonly AttachmentRef[];
  /** Typed after "New conversation" (see OutboxEntry). */
  fresh?: boolean;
  status: 'sending' | 'failed';
  /** Why the server refused it (`status: 'failed'`). */
  error: { code: ErrorCode; message: string } | null;
}

/**
 * Messages answered by the server for one conversation. Answers are pages in seq order (the server caps them), so
 * an answer proves completeness only from `afterSeq` up to its newest message, or up to `throughSeq` when given.
 */
export interface MessageBatch {
  conversationId: string;
  messages: readonly Message[];
  /** Every public message after this seq, up to the newest in `messages`, is in the answer (`Infinity`: proves nothing). */
  afterSeq: number;
  /** The answer is known complete up to this seq (e.g. an empty answer: nothing public up to the reported lastSeq). */
  throughSeq?: number;
  /** The conversation's newest seq as reported by the server (may lie beyond this page): drives gap filling. */
  latestSeq?: number;
}

export type TimelineEntry =
  | { kind: 'stored'; key: string; message: Message }
  | { kind: 'pending'; key: string; pending: PendingMessage };

export function emptyTimeline(pending: readonly PendingMessage[] = []): Timeline {
  return { conversationId: null, messages: new Map(), lastSeq: 0, latestSeq: 0, pending };
}

/**
 * Merge messages the server answered. A batch for another conversation replaces the view (the visitor's open
 * conversation changed, e.g. the old one was resolved and a new one started). A stored visitor message replaces
 * the pending entry with the same `clientMsgId`.
 */
export function applyBatch(timeline: Timeline, batch: MessageBatch): Timeline {
  const base =
    timeline.conversationId === batch.conversationId
      ? timeline
      : { ...emptyTimeline(timeline.pending), conversationId: batch.conversationId };
  const messages = new Map(base.messages);
  const stored = new Set<string>();
  let newest = 0;
  for (const message of batch.messages) {
    if (message.conversationId !== batch.conversationId || message.type === 'note') continue;
    if (!Number.isSafeInteger(message.seq) || message.seq < 1) continue;
    messages.set(message.seq, message);
    if (message.type === 'visitor') stored.add(message.clientMsgId);
    newest = Math.max(newest, message.seq);
  }
  const through = Math.max(newest, batch.throughSeq ?? 0);
  let lastSeq = batch.afterSeq <= base.lastSeq ? Math.max(base.lastSeq, through) : base.lastSeq;
  while (messages.has(lastSeq + 1)) lastSeq += 1;
  // The same list when none was stored now: the outbox other tabs share is written only for a real change.
  const pending = base.pending.filter((p) => !stored.has(p.clientMsgId));
  return {
    conversationId: base.conversationId,
    messages,
    lastSeq,
    latestSeq: Math.max(base.latestSeq, through, lastSeq, batch.latestSeq ?? 0),
    pending: pending.length < base.pending.length ? pending : base.pending,
  };
}

/** One message pushed live (`message.created`) or acknowledged: it proves only itself. */
export function applyMessage(timeline: Timeline, message: Message): Timeline {
  return applyBatch(timeline, { conversationId: message.conversationId, messages: [message], afterSeq: message.seq - 1 });
}

/**
 * The server says the conversation reached `lastSeq` (`conversation.updated`, a resume answer). Only informs the
 * gap check; a conversation other than the one shown is ignored unless none is shown yet.
 */
export function noteConversationSeq(timeline: Timeline, conversationId: string, lastSeq: number): Timeline {
  if (timeline.conversationId !== null && timeline.conversationId !== conversationId) return timeline;
  if (timeline.conversationId === conversationId && lastSeq <= timeline.latestSeq) return timeline;
  return applyBatch(timeline, { conversationId, messages: [], afterSeq: Infinity, latestSeq: lastSeq });
}

/** The seq to sync after when messages are known to be missing, else `null`. */
export function gapAfter(timeline: Timeline): number | null {
  return timeline.conversationId !== null && timeline.latestSeq > timeline.lastSeq ? timeline.lastSeq : null;
}

export function hasMessage(timeline: Timeline, message: Message): boolean {
  return timeline.conversationId === message.conversationId && timeline.messages.has(message.seq);
}

export function addPending(
  timeline: Timeline,
  clientMsgId: string,
  text: string,
  attachments: readonly AttachmentRef[] = [],
  fresh = false,
): Timeline {
  if (timeline.pending.some((p) => p.clientMsgId === clientMsgId)) return timeline;
  const entry: PendingMessage = { clientMsgId, text, attachments, status: 'sending', error: null };
  if (fresh) entry.fresh = true;
  return { ...timeline, pending: [...timeline.pending, entry] };
}

export function markPendingFailed(timeline: Timeline, clientMsgId: string, error: PendingMessage['error']): Timeline {
  return updatePending(timeline, clientMsgId, { status: 'failed', error });
}

export function markPendingSending(timeline: Timeline, clientMsgId: string): Timeline {
  return updatePending(timeline, clientMsgId, { status: 'sending', error: null });
}

export function removePending(timeline: Timeline, clientMsgId: string): Timeline {
  if (!timeline.pending.some((p) => p.clientMsgId === clientMsgId)) return timeline;
  return { ...timeline, pending: timeline.pending.filter((p) => p.clientMsgId !== clientMsgId) };
}

/** Stored messages by seq, then pending ones. Keys follow `clientMsgId` so a sent message keeps its DOM node. */
export function timelineEntries(timeline: Timeline): TimelineEntry[] {
  const keys = new Set<string>();
  const entries: TimelineEntry[] = [];
  for (const message of [...timeline.messages.values()].sort((a, b) => a.seq - b.seq)) {
    const key = keys.has(message.clientMsgId) ? `${message.clientMsgId}#${message.seq}` : message.clientMsgId;
    keys.add(key);
    entries.push({ kind: 'stored', key, message });
  }
  for (const pending of timeline.pending) {
    if (keys.has(pending.clientMsgId)) continue;
    entries.push({ kind: 'pending', key: pending.clientMsgId, pending });
  }
  return entries;
}

function updatePending(
  timeline: Timeline,
  clientMsgId: string,
  patch: Pick<PendingMessage, 'status' | 'error'>,
): Timeline {
  if (!timeline.pending.some((p) => p.clientMsgId === clientMsgId)) return timeline;
  return {
    ...timeline,
    pending: timeline.pending.map((p) => (p.clientMsgId === clientMsgId ? { ...p, ...patch } : p)),
  };
}
