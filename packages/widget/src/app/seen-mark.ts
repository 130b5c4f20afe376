import type { ChatStore } from './chat-store.ts';
import type { Timeline } from './timeline.ts';

/**
 * Records how far the visitor has read (`ChatStore.writeSeen`) whenever the chat is looked at and shows more than
 * recorded: the newest seq up to which every message is shown. Called after each change of the timeline or attention.
 */
export function createSeenMark(store: Pick<ChatStore, 'readSeen' | 'writeSeen'>): (timeline: Timeline, attended: boolean) => void {
  let recorded = store.readSeen();
  return (timeline, attended) => {
    const { conversationId, lastSeq } = timeline;
    if (!attended || conversationId === null) return;
    if (recorded && recorded.conversationId === conversationId && recorded.seq >= lastSeq) return;
    recorded = { conversationId, seq: lastSeq };
    store.writeSeen(recorded);
  };
}
