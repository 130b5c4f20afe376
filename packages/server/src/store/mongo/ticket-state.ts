import type { ConversationRecord } from '../types.ts';
import { flushOutbox } from './events.ts';
import { conversationRecordFromDoc } from './map.ts';
import type { Models } from './models.ts';
import type { ConversationDoc } from './schemas/conversation.ts';
import type { TicketCache } from './ticket-cache.ts';

/** What the message-step modules share: the models and this process's ticket cache. */
export interface StepContext {
  m: Models;
  cache: TicketCache;
}

export interface LoadedTicket {
  ticket: ConversationRecord;
  /** true when it came from the cache (it may lag behind other nodes). */
  cached: boolean;
}

/**
 * A ticket's state: this process's cached one, or (`fresh`, or not cached) the stored one. A stored ticket whose edit
 * events never reached the log (a crash after the edit) has them copied on the way.
 */
export async function loadTicket(ctx: StepContext, id: string, fresh: boolean): Promise<LoadedTicket | null> {
  if (!fresh) {
    const ticket = ctx.cache.get(id);
    if (ticket) return { ticket, cached: true };
  }
  const ticket = await readTicket(ctx, id);
  return ticket ? { ticket, cached: false } : null;
}

/** The stored ticket (and the cache follows it), or null. */
export async function readTicket(ctx: StepContext, id: string): Promise<ConversationRecord | null> {
  const doc = await ctx.m.conversations.findById(id).lean<ConversationDoc>().exec();
  if (!doc) {
    ctx.cache.delete(id);
    return null;
  }
  if (doc.outbox && doc.outbox.length > 0) await flushOutbox(ctx.m, doc._id, doc.outbox);
  return remember(ctx, conversationRecordFromDoc(doc));
}

export function remember(ctx: StepContext, ticket: ConversationRecord): ConversationRecord {
  ctx.cache.set(ticket);
  return ticket;
}
