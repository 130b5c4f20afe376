import type { ChatStore } from './chat-store.ts';
import type { Timeline } from './timeline.ts';

/**
 * Records how far the visitor has read (`ChatStore.writeSeen`) whenever the chat is looked at and shows more than
 * recorded: the newest seq up to which every message is shown. Called after each change of the timeline or attention.
 * The mark is read each time: another tab of the visitor may have recorded more, and it never goes back.
 */
export function createSeenMark(store: Pick<ChatStore, 'readSeen' | 'writeSeen'>): (timeline: Timeline, attended: boolean) => void {
  return (timeline, attended) => {
    const { conversationId, lastSeq } = timeline;
    if (!attended || !conversationId || seenUpTo(store, conversationId, lastSeq)) return;
    store.writeSeen({ conversationId, seq: lastSeq });
  };
}

/** Whether the stored mark says the visitor has read `conversationId` up to `seq` (in this tab or another). */
export function seenUpTo(store: Pick<ChatStore, 'readSeen'>, conversationId: string | null, seq: number): boolean {
  const mark = store.readSeen();
  return mark?.conversationId === conversationId && mark.seq >= seq;
}
