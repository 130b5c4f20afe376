import mongoose from 'mongoose';
import type { TicketRule } from '../types.ts';
import { completeStep } from './complete-step.ts';
import { isUnavailable } from './errors.ts';
import { flushOutbox } from './events.ts';
import type { ConversationDoc } from './schemas/conversation.ts';
import type { MessageDoc } from './schemas/message.ts';
import type { StepContext } from './ticket-state.ts';

export interface RecoveryOptions {
  /** Leave alone what is younger than this: its writer is most likely still at it (default 2000). */
  olderThanMs?: number;
  /** At most this many messages and this many conversations per call (default 500). */
  limit?: number;
}

export const DEFAULT_RECOVERY_GRACE_MS = 2000;
const DEFAULT_RECOVERY_LIMIT = 500;

/** Runs work for one conversation in the same per-conversation order as the message steps of this process. */
export type ConversationLock = <T>(conversationId: string, work: () => Promise<T>) => Promise<T>;

/**
 * The sweep for writers that died half-way (MongoStore.recover): completes message steps whose decision is still on
 * the message, and copies edit events still in a ticket's outbox into the log. Both are idempotent, so it may run on
 * every node at once and alongside live traffic. Returns how many it completed.
 */
export async function recover(
  ctx: StepContext,
  lock: ConversationLock,
  rule: TicketRule,
  options: RecoveryOptions = {},
): Promise<number> {
  const cutoff = new Date(Date.now() - (options.olderThanMs ?? DEFAULT_RECOVERY_GRACE_MS)).toISOString();
  const limit = options.limit ?? DEFAULT_RECOVERY_LIMIT;
  let completed = 0;

  const steps = await ctx.m.messages
    .find({ 'pendingStep.since': mongoose.trusted({ $lte: cutoff }) })
    .sort({ 'pendingStep.since': 1 })
    .limit(limit)
    .select({ _id: 1, conversationId: 1 })
    .lean<Array<Pick<MessageDoc, '_id' | 'conversationId'>>>()
    .exec();
  const failures: unknown[] = [];
  /** One stuck item must not hold up the rest; an outage ends the sweep. */
  const attempt = async (work: () => Promise<boolean>): Promise<void> => {
    try {
      if (await work()) completed++;
    } catch (err) {
      if (isUnavailable(err)) throw err;
      failures.push(err);
    }
  };
  for (const found of steps) {
    await attempt(() =>
      lock(found.conversationId, async () => {
        // Read again under the lock: a step of this process may have finished it meanwhile.
        const doc = await ctx.m.messages.findById(found._id).lean<MessageDoc>().exec();
        if (!doc?.pendingStep) return false;
        await completeStep(ctx, doc, rule);
        return true;
      }),
    );
  }

  const outboxes = await ctx.m.conversations
    .find({ 'outbox.since': mongoose.trusted({ $lte: cutoff }) })
    .limit(limit)
    .select({ _id: 1, outbox: 1 })
    .lean<Array<Pick<ConversationDoc, '_id' | 'outbox'>>>()
    .exec();
  for (const doc of outboxes) {
    await attempt(async () => {
      await flushOutbox(ctx.m, doc._id, doc.outbox);
      return true;
    });
  }
  if (failures.length > 0) throw new AggregateError(failures, `recover: ${completed} completed, ${failures.length} failed`);
  return completed;
}
