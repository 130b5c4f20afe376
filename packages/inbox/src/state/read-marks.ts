/**
 * What the agent has read of each ticket, as pure functions: the server's read marks (`agent:reads`) for the tickets
 * listed, raised locally as the agent reads. A ticket is unread when it has messages after the agent's mark; a ticket
 * never opened by the agent is unread once it has any message.
 */
import type { Conversation } from '@parley/protocol/model';

export type ReadMarks = ReadonlyMap<string, number>;

export const noMarks: ReadMarks = new Map();

/** `marks` with these (never lowering one). Returns `marks` itself when nothing rises. */
export function withMarks(marks: ReadMarks, incoming: ReadonlyArray<{ conversationId: string; seq: number }>): ReadMarks {
  let next: Map<string, number> | null = null;
  for (const { conversationId, seq } of incoming) {
    if (((next ?? marks).get(conversationId) ?? -1) >= seq) continue;
    next ??= new Map(marks);
    next.set(conversationId, seq);
  }
  return next ?? marks;
}

const ACTIVE = new Set(['new', 'open', 'pending']);

export function isUnread(conversation: Pick<Conversation, 'id' | 'lastSeq' | 'status'>, marks: ReadMarks, loaded: ReadonlySet<string>): boolean {
  // Until the marks of a ticket are known, say nothing rather than something wrong.
  if (!loaded.has(conversation.id)) return false;
  const mark = marks.get(conversation.id);
  if (mark === undefined) return ACTIVE.has(conversation.status) && conversation.lastSeq > 0;
  return conversation.lastSeq > mark;
}

/** The ids among `conversations` whose marks have not been asked for yet. */
export function unknownIds(conversations: readonly Pick<Conversation, 'id'>[], loaded: ReadonlySet<string>): string[] {
  return conversations.filter((c) => !loaded.has(c.id)).map((c) => c.id);
}
