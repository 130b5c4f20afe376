import type { DomainEvent } from '../../events/catalogue.ts';
import { openKeyFor } from '../records.ts';
import type { ConversationPatch, ConversationRecord } from '../types.ts';
import { flushOutbox, nextOrd } from './events.ts';
import type { Checkpoint } from './group-commit.ts';
import { conversationRecordFromDoc, eventToBody } from './map.ts';
import type { ConversationDoc, OutboxEntry } from './schemas/conversation.ts';
import { remember, type StepContext } from './ticket-state.ts';
import { patchFields, type ConversationSet } from './ticket-write.ts';

/**
 * A person's edit (Store.updateConversation), all or nothing without a transaction: the patch, the version bump and
 * the edit's events are one conditional single-document update (the events go into the ticket's `outbox`); the events
 * are then copied into the event log and removed from the outbox. A crash in between leaves them in the outbox, where
 * the next read of the ticket by a message step, the next edit, or recover() finds and copies them.
 */
export async function updateConversation(
  ctx: StepContext,
  checkpoint: Checkpoint,
  edit: { id: string; expectedVersion: number; patch: ConversationPatch; at: string; events: readonly DomainEvent[] },
): Promise<ConversationRecord | null> {
  const { id, patch } = edit;
  const set: ConversationSet = { updatedAt: edit.at };
  if (Object.keys(patch).length > 0) {
    const identity = await ticketIdentity(ctx, id);
    if (!identity) return null;
    Object.assign(set, patchFields(identity, patch));
    // The stored status may differ from a cached one: name the key of the new status in any case.
    if (patch.status !== undefined) set.openKey = openKeyFor({ ...identity, status: patch.status });
  }
  const since = new Date().toISOString();
  const outbox: OutboxEntry[] = edit.events.map((e) => ({ since, event: eventToBody(e, nextOrd()) }));
  const doc = await ctx.m.conversations
    .findOneAndUpdate(
      // Optimistic concurrency: the version in the filter makes the update conditional and atomic.
      { _id: id, version: edit.expectedVersion },
      { $set: set, $inc: { version: 1 }, ...(outbox.length > 0 && { $push: { outbox: { $each: outbox } } }) },
      { returnDocument: 'after', runValidators: true },
    )
    .lean<ConversationDoc>()
    .exec();
  if (!doc) return null;
  const ticket = remember(ctx, conversationRecordFromDoc(doc));
  await checkpoint('edited');
  // Everything in the outbox, including what an earlier edit that was cut off left there.
  await flushOutbox(ctx.m, doc._id, doc.outbox ?? []);
  return ticket;
}

/** id, contactId and channel never change, so a cached ticket serves as well as a read. */
async function ticketIdentity(
  ctx: StepContext,
  id: string,
): Promise<Pick<ConversationRecord, 'id' | 'contactId' | 'channel' | 'status'> | null> {
  const cached = ctx.cache.get(id);
  if (cached) return cached;
  const doc = await ctx.m.conversations
    .findById(id)
    .select({ contactId: 1, channel: 1, status: 1 })
    .lean<Pick<ConversationDoc, '_id' | 'contactId' | 'channel' | 'status'>>()
    .exec();
  return doc ? { id: doc._id, contactId: doc.contactId, channel: doc.channel, status: doc.status } : null;
}
