import mongoose from 'mongoose';
import { bulkWriteInChunks } from './bulk.ts';
import type { Message } from '@parley/protocol';
import type { DomainEvent } from '../../events/catalogue.ts';
import type { ConversationRecord, TicketRule } from '../types.ts';
import { eventBodies, insertEvents } from './events.ts';
import { conversationRecordFromDoc, eventFromBody, messageFromDoc } from './map.ts';
import type { Models } from './models.ts';
import type { ConversationDoc } from './schemas/conversation.ts';
import type { EventBody } from './schemas/event.ts';
import type { MessageDoc, PendingStepDoc } from './schemas/message.ts';
import { readTicket, remember, type StepContext } from './ticket-state.ts';
import { ticketWrite } from './ticket-write.ts';

export type Completion =
  /** The ticket has the message. `events` are the step's events, or null when someone else finished the step. */
  | { kind: 'completed'; ticket: ConversationRecord; events: DomainEvent[] | null }
  /** Decided again on a ticket that had moved, the rule refused the message: it was removed, its seq is free again. */
  | { kind: 'withdrawn'; ticket: ConversationRecord; reason: 'closed' }
  /** The conversation no longer exists. */
  | { kind: 'orphaned' };

/** Rounds are only lost to other nodes writing the same ticket at the same moment. */
const MAX_ROUNDS = 50;

/**
 * Completes the step of a placed message, from wherever it was cut off, and never twice:
 *   - the ticket already has the message (lastSeq >= seq): only the events and the step's removal may be missing;
 *   - the ticket is still at the decision's version: apply the stored decision (a conditional update, see ticket-write);
 *   - the ticket moved on (a person's edit on another node): decide again with `rule` on the ticket as it is now, for
 *     this already placed message, and store that decision first (compare-and-set on the stored decision, so
 *     concurrent completers agree on one decision), then apply it.
 * A message placed before steps existed (no stored decision, ticket not advanced) is decided here the same way.
 * `doc` must have been read before the ticket is (it is, below): a step that looks absent is then really finished.
 */
export async function completeStep(ctx: StepContext, doc: MessageDoc, rule: TicketRule): Promise<Completion> {
  const message = messageFromDoc(doc);
  let step = doc.pendingStep ?? null;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const ticket = await readTicket(ctx, message.conversationId);
    if (!ticket) return { kind: 'orphaned' };
    if (ticket.lastSeq >= message.seq) {
      if (!step) return { kind: 'completed', ticket, events: null };
      await finishSteps(ctx.m, [{ messageId: message.id, events: step.events }]);
      return { kind: 'completed', ticket, events: step.events.map(eventFromBody) };
    }
    if (ticket.lastSeq < message.seq - 1) {
      await completeEarlier(ctx, ticket, rule);
      continue;
    }
    if (!step || step.baseVersion !== ticket.version) {
      const decided = await decideAgain(ctx.m, message, step, ticket, rule);
      if (decided.kind === 'withdrawn') return { kind: 'withdrawn', ticket, reason: decided.reason };
      if (decided.kind === 'lost') {
        // Another completer stored its decision (or finished, or withdrew the message) first: go with theirs.
        const again = await ctx.m.messages.findById(message.id).lean<MessageDoc>().exec();
        if (!again) return { kind: 'withdrawn', ticket, reason: 'closed' };
        step = again.pendingStep ?? null;
        continue;
      }
      step = decided.step;
    }
    const write = ticketWrite(ticket, message, step.patch);
    const after = await ctx.m.conversations
      .findOneAndUpdate(write.filter, write.update, { returnDocument: 'after' })
      .lean<ConversationDoc>()
      .exec();
    if (!after) continue; // the ticket moved while we looked: look again
    const stored = remember(ctx, conversationRecordFromDoc(after));
    await finishSteps(ctx.m, [{ messageId: message.id, events: step.events }]);
    return { kind: 'completed', ticket: stored, events: step.events.map(eventFromBody) };
  }
  throw new Error(`could not complete the step of message ${message.id} after ${MAX_ROUNDS} rounds`);
}

/** The last part of steps whose ticket update is done: their events into the log, then the steps removed. */
export async function finishSteps(m: Models, steps: ReadonlyArray<{ messageId: string; events: readonly EventBody[] }>): Promise<void> {
  if (steps.length === 0) return;
  await insertEvents(
    m,
    steps.flatMap((s) => s.events),
  );
  // One update per _id rather than an updateMany with $in, which FerretDB answers with a collection scan.
  await bulkWriteInChunks(
    m.messages,
    steps.map((s) => ({ updateOne: { filter: { _id: s.messageId }, update: { $unset: { pendingStep: 1 } } } })),
  );
}

/** The message right after the ticket's lastSeq is placed but unfinished: it goes first. */
async function completeEarlier(ctx: StepContext, ticket: ConversationRecord, rule: TicketRule): Promise<void> {
  const seq = ticket.lastSeq + 1;
  const earlier = await ctx.m.messages.findOne({ conversationId: ticket.id, seq }).lean<MessageDoc>().exec();
  if (!earlier) throw new Error(`conversation ${ticket.id} has no message at seq ${seq} below a placed one`);
  await completeStep(ctx, earlier, rule);
}

type Decided = { kind: 'decided'; step: PendingStepDoc } | { kind: 'withdrawn'; reason: 'closed' } | { kind: 'lost' };

async function decideAgain(
  m: Models,
  message: Message,
  step: PendingStepDoc | null,
  ticket: ConversationRecord,
  rule: TicketRule,
): Promise<Decided> {
  const verdict = rule(ticket, message);
  // Compare-and-set on the decision we read: only one completer replaces it.
  const filter: mongoose.QueryFilter<MessageDoc> = step
    ? { _id: message.id, 'pendingStep.baseVersion': step.baseVersion }
    : { _id: message.id, pendingStep: mongoose.trusted({ $exists: false }) };
  if ('refused' in verdict) {
    const removed = await m.messages.deleteOne(filter).exec();
    return removed.deletedCount === 1 ? { kind: 'withdrawn', reason: verdict.refused } : { kind: 'lost' };
  }
  const next: PendingStepDoc = {
    since: step?.since ?? new Date().toISOString(),
    baseVersion: ticket.version,
    patch: verdict.patch,
    events: eventBodies(verdict.events),
  };
  const replaced = await m.messages.updateOne(filter, { $set: { pendingStep: next } }).exec();
  return replaced.matchedCount === 1 ? { kind: 'decided', step: next } : { kind: 'lost' };
}
