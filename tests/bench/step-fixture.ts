/**
 * The fixture of the message-step benchmarks (wal-pages.ts, commit-cpu.ts): a desk's open tickets, and visitor
 * messages committed to them through the store's own step (store/sqlite/message-steps.ts).
 */
import { recordMessage } from '../../packages/server/src/domain/record-message.ts';
import { newId, newOrderedId } from '../../packages/server/src/lib/ids.ts';
import type { ConversationRecord, MessageStep } from '../../packages/server/src/store/types.ts';
import { ticketInserter, type Database } from './seed-sqlite.ts';

/** `count` open tickets of desk 'default', assigned round-robin to 5 agents, in one transaction; their ids. */
/**
 * Commits between two catch-ups of the search index (store/sqlite/search-indexer.ts): the server's every 250 ms is
 * about 30 group commits at a few thousand messages a second.
 */
export const SEARCH_CATCH_UP_EVERY = 30;

export function insertOpenTickets(db: Database, count: number): string[] {
  const insert = ticketInserter(db);
  const at = new Date().toISOString();
  const ids: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const ticket: ConversationRecord = {
        id: newId(), deskId: 'default', number: i + 1, subject: 'Help', status: 'open', priority: 'normal', channel: 'web', contactId: newId(),
        assigneeId: `agent${i % 5}`, teamId: null, tags: [], snoozedUntil: null, lastSeq: 0, lastMessageAt: at, lastMessagePreview: '',
        createdAt: at, updatedAt: at, version: 1, openKey: '',
      };
      insert(ticket);
      ids.push(ticket.id);
    }
  })();
  return ids;
}

/** A visitor's message to a ticket (a short text with a random order number), as the step the server commits. */
export function visitorStep(conversationId: string, clientMsgId: string, rand: () => number): MessageStep {
  const text = `hello, my order ${Math.floor(rand() * 1e6)} has not arrived yet, could you check please`;
  return {
    message: {
      id: newOrderedId(), conversationId, clientMsgId, type: 'visitor', authorId: null, authorName: null, text, attachments: [],
      createdAt: new Date().toISOString(),
    },
    decide: recordMessage,
  };
}
