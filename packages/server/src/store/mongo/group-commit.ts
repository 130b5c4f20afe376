import mongoose from 'mongoose';
import { bulkWriteInChunks } from './bulk.ts';
import type { Message } from '@parley/protocol';
import { Batcher, type ItemResult } from '../../lib/batcher.ts';
import type { ConversationRecord } from '../types.ts';
import { finishSteps } from './complete-step.ts';
import { refusedPositions } from './errors.ts';
import { conversationRecordFromDoc } from './map.ts';
import type { Models } from './models.ts';
import type { ConversationDoc } from './schemas/conversation.ts';
import type { MessageDoc, PendingStepDoc } from './schemas/message.ts';
import { ticketWrite, type TicketWrite } from './ticket-write.ts';

/** Points of a write where a test can cut the process off (MongoStore.checkpoint). */
export type CommitStage = 'placed' | 'ticket' | 'edited';
export type Checkpoint = (stage: CommitStage) => Promise<void>;

/** A decided message step, ready to be written. At most one per conversation is in flight in a process. */
export interface Placement {
  ticket: ConversationRecord;
  message: Message;
  step: PendingStepDoc;
  /** The message document, validated, with `step` embedded. */
  doc: MessageDoc;
}

export type Placed =
  /** Message, ticket and events are stored. */
  | { kind: 'committed'; ticket: ConversationRecord }
  /** A unique key refused the message (its clientMsgId, its seq or its id is taken): nothing was written. */
  | { kind: 'taken' }
  /** The message is placed but the ticket had moved: finish it with completeStep. */
  | { kind: 'unapplied' };

/**
 * Group commit of message steps: the steps that arrive together (across conversations) share their round trips —
 * one insertMany of the messages (each carrying its decision), one write of the tickets, one insertMany of the events
 * and one updateMany that removes the finished decisions. Each step is answered when all of that is durable.
 * A failure after the messages are placed fails the whole batch; the decisions stored on the messages let a retry, the
 * next step of each ticket or recover() finish them.
 */
export class GroupCommit {
  private readonly batcher: Batcher<Placement, Placed>;

  constructor(
    private readonly m: Models,
    private readonly checkpoint: Checkpoint,
  ) {
    this.batcher = new Batcher((items) => this.commit(items));
  }

  place(placement: Placement): Promise<Placed> {
    return this.batcher.submit(placement);
  }

  private async commit(items: Placement[]): Promise<Array<ItemResult<Placed>>> {
    const results: Placed[] = items.map(() => ({ kind: 'taken' }));
    const taken = await this.insertMessages(items.map((p) => p.doc));
    const placed = items.map((_, i) => i).filter((i) => !taken.has(i));
    if (placed.length > 0) {
      await this.checkpoint('placed');
      const writes = placed.map((i) => {
        const p = items[i]!;
        return ticketWrite(p.ticket, p.message, p.step.patch);
      });
      const applied = await this.applyTickets(writes);
      const done: number[] = [];
      placed.forEach((i, k) => {
        const ticket = applied[k];
        results[i] = ticket ? { kind: 'committed', ticket } : { kind: 'unapplied' };
        if (ticket) done.push(i);
      });
      if (done.length > 0) {
        await this.checkpoint('ticket');
        await finishSteps(
          this.m,
          done.map((i) => ({ messageId: items[i]!.message.id, events: items[i]!.step.events })),
        );
      }
    }
    return results.map((value) => ({ ok: true, value }));
  }

  /** Inserts what it can; returns the positions a unique key refused. */
  private async insertMessages(docs: MessageDoc[]): Promise<Set<number>> {
    try {
      await this.m.messages.insertMany(docs, { ordered: false, lean: true });
      return new Set();
    } catch (err) {
      const refused = refusedPositions(err, docs.length);
      if (!refused) throw err;
      return refused;
    }
  }

  /**
   * The conditional ticket updates; for each, the ticket after it, or null when it did not apply (the ticket moved, or
   * someone else already applied it: completeStep finds out which). One findOneAndUpdate for a single step; a bulkWrite
   * for several, which reports only how many applied: when not all did, the tickets are read back to tell.
   */
  private async applyTickets(writes: TicketWrite[]): Promise<Array<ConversationRecord | null>> {
    if (writes.length === 1) {
      const w = writes[0]!;
      const doc = await this.m.conversations
        .findOneAndUpdate(w.filter, w.update, { returnDocument: 'after' })
        .lean<ConversationDoc>()
        .exec();
      return [doc ? conversationRecordFromDoc(doc) : null];
    }
    const matched = await bulkWriteInChunks(
      this.m.conversations,
      writes.map((w) => ({ updateOne: { filter: w.filter, update: w.update } })),
    );
    if (matched === writes.length) return writes.map((w) => w.after);
    const ids = writes.map((w) => w.filter._id);
    const docs = await this.m.conversations
      .find({ _id: mongoose.trusted({ $in: ids }) })
      .lean<ConversationDoc[]>()
      .exec();
    const byId = new Map(docs.map((d) => [d._id, d]));
    // Applied by this write exactly when the ticket is at the state the write produces; anything else goes the slow way.
    return writes.map((w) => {
      const doc = byId.get(w.filter._id);
      return doc && doc.lastSeq === w.after.lastSeq && doc.version === w.after.version ? conversationRecordFromDoc(doc) : null;
    });
  }
}
