/**
 * The timeline of one ticket as pure functions over messages. A conversation's `seq` is strictly increasing
 * and gap-free (server-assigned), so it is the only key: delivery is at-least-once, display exactly-once.
 */
import type { Message } from '@parley/protocol/model';

/**
 * `current` plus `incoming`, one message per seq, in seq order; the first copy of a seq wins.
 * Returns `current` itself when nothing is new, so a duplicate delivery does not re-render.
 * Callers pass messages of one conversation only.
 */
export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  if (incoming.length === 0) return current;
  const bySeq = new Map<number, Message>();
  for (const message of current) bySeq.set(message.seq, message);
  let changed = false;
  for (const message of incoming) {
    if (!bySeq.has(message.seq)) {
      bySeq.set(message.seq, message);
      changed = true;
    }
  }
  if (!changed) return current;
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The newest seq shown (0 for an empty timeline): what a reply sends as `lastSeenSeq`. */
export function newestSeq(messages: readonly Message[]): number {
  return messages.length === 0 ? 0 : (messages[messages.length - 1]?.seq ?? 0);
}

/**
 * The last seq of the unbroken run above `floor`, the seq just below the oldest message the server chose to
 * show (0 when it showed the whole history): `agent:sync` fetches from there.
 */
export function contiguousEnd(messages: readonly Message[], floor = 0): number {
  let end = floor;
  for (const message of messages) {
    if (message.seq <= end) continue;
    if (message.seq !== end + 1) break;
    end = message.seq;
  }
  return end;
}

/**
 * Where to sync from, or null when nothing is missing: a hole in the timeline (a live message arrived after
 * one that was lost), or a conversation whose `lastSeq` is ahead of the newest message shown.
 */
export function syncFrom(messages: readonly Message[], lastSeq: number, floor = 0): number | null {
  const end = contiguousEnd(messages, floor);
  return end < Math.max(newestSeq(messages), lastSeq) ? end : null;
}
