import mongoose from 'mongoose';
import type { Message, MessageType } from '@parley/protocol';
import type { DomainEvent } from '../../events/catalogue.ts';
import { DuplicateKeyError } from '../errors.ts';
import type { AppendGuard, MessageStep, StepOutcome, TicketRule } from '../types.ts';
import { completeStep } from './complete-step.ts';
import { eventBodies } from './events.ts';
import type { GroupCommit } from './group-commit.ts';
import { messageFromDoc, messageToDoc } from './map.ts';
import type { MessageDoc, PendingStepDoc } from './schemas/message.ts';
import { loadTicket, readTicket, remember, type StepContext } from './ticket-state.ts';
import { changeUnderDraft } from '../../domain/draft-guard.ts';
import { decideStep } from '../../domain/mentions.ts';

export interface CommitContext extends StepContext {
  group: GroupCommit;
  /** Decides again for messages of other steps found unfinished (their own rule is not known here). */
  rule: TicketRule;
}

/** Attempts are only lost to other nodes taking the same seq at the same moment. */
const MAX_ATTEMPTS = 50;
const PUBLIC_TYPES: readonly MessageType[] = ['visitor', 'agent'];

/**
 * One message step (Store.commitMessage), on MongoDB without transactions. The caller serialises steps per
 * conversation within the process; other nodes are kept honest by the unique (conversationId, seq) and
 * (conversationId, clientMsgId) indexes and by conditional single-document updates:
 *   (a) the ticket's state: cached or read;
 *   (b) the stale-reply guard, when asked for: public messages by others after the seen seq;
 *   (c) seq = lastSeq + 1, and the rule decides on (ticket, message);
 *   (d)-(g) GroupCommit: the message is inserted with its decision (the commit point), then the ticket, the events,
 *       and the decision is removed. A taken key sends us to find out why: a duplicate (finish it, answer it), another
 *       node's message at our seq (finish it if needed, start again) or a reused message id.
 * Whatever was cut off half-way is finished by completeStep with the decision stored on the message.
 */
export async function commitStep(ctx: CommitContext, step: MessageStep): Promise<StepOutcome> {
  const conversationId = step.message.conversationId;
  let fresh = false;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const loaded = await loadTicket(ctx, conversationId, fresh);
    if (!loaded) return { status: 'missing' };
    const { ticket, cached } = loaded;
    fresh = true;

    if (step.guard) {
      const missed = await staleReplies(ctx, conversationId, step.guard);
      const { seen, authorId } = step.guard;
      const changed = seen ? changeUnderDraft(ticket, seen, authorId) : null;
      if (missed.length > 0 || changed) {
        const duplicate = await duplicateOf(ctx, step);
        if (duplicate) return duplicate;
        return { status: 'stale', missed, changed, ticket: cached ? ((await readTicket(ctx, conversationId)) ?? ticket) : ticket };
      }
    }

    const message = withSeq(step, ticket.lastSeq + 1);
    const verdict = decideStep(step, ticket, message);
    if ('refused' in verdict) {
      if (cached) continue; // refuse only on the stored ticket
      return (await duplicateOf(ctx, step)) ?? { status: 'refused', reason: verdict.refused, ticket };
    }

    const decision: PendingStepDoc = {
      since: new Date().toISOString(),
      baseVersion: ticket.version,
      patch: verdict.patch,
      events: eventBodies(verdict.events),
    };
    const placed = await ctx.group.place({ ticket, message, step: decision, doc: await validDoc(ctx, message, decision) });
    if (placed.kind === 'committed') {
      // The ticket's next step starts from here: a stale cached state would collide on this seq and look up why.
      return { status: 'committed', message, ticket: remember(ctx, placed.ticket), events: verdict.events };
    }
    if (placed.kind === 'unapplied') return finishOwn(ctx, message, step.decide, verdict.events);
    const duplicate = await duplicateOf(ctx, step);
    if (duplicate) return duplicate;
    await clearSeq(ctx, message);
  }
  throw new Error(`could not place a message in conversation ${conversationId} after ${MAX_ATTEMPTS} attempts`);
}

/** The message as stored, fields copied by name. */
function withSeq(step: MessageStep, seq: number): Message {
  const m = step.message;
  return {
    id: m.id,
    conversationId: m.conversationId,
    seq,
    clientMsgId: m.clientMsgId,
    type: m.type,
    authorId: m.authorId,
    authorName: m.authorName,
    text: m.text,
    attachments: m.attachments,
    createdAt: m.createdAt,
  };
}

/** Validated by the schema here (refusals surface as TypeError), so the batch inserts only sound documents. */
async function validDoc(ctx: StepContext, message: Message, decision: PendingStepDoc): Promise<MessageDoc> {
  const doc = new ctx.m.messages({ ...messageToDoc(message), pendingStep: decision });
  await doc.validate();
  return doc.toObject<MessageDoc>();
}

/** Public replies by anyone but the guard's author after the seq the author had seen. */
async function staleReplies(ctx: StepContext, conversationId: string, guard: AppendGuard): Promise<Message[]> {
  const docs = await ctx.m.messages
    .find({
      conversationId,
      // Operators we write ourselves are marked trusted; sanitizeFilter wraps any other `$` object in $eq.
      seq: mongoose.trusted({ $gt: guard.afterSeq }),
      type: mongoose.trusted({ $in: [...PUBLIC_TYPES] }),
      authorId: mongoose.trusted({ $ne: guard.authorId }),
    })
    .sort({ seq: 1 })
    .lean<MessageDoc[]>()
    .exec();
  return docs.map(messageFromDoc);
}

/**
 * The step's clientMsgId is stored already: finish its step with the stored decision (if unfinished) and answer with
 * the stored message. Null when it is not stored (or its step was withdrawn meanwhile).
 */
async function duplicateOf(ctx: CommitContext, step: MessageStep): Promise<StepOutcome | null> {
  const { conversationId, clientMsgId } = step.message;
  const doc = await ctx.m.messages.findOne({ conversationId, clientMsgId }).lean<MessageDoc>().exec();
  if (!doc) return null;
  const done = await completeStep(ctx, doc, step.decide);
  if (done.kind === 'orphaned') return { status: 'missing' };
  if (done.kind === 'withdrawn') return null;
  return { status: 'duplicate', message: messageFromDoc(doc), ticket: done.ticket };
}

/**
 * Our own placed message whose ticket update did not apply: finish it (deciding again if the ticket moved). When
 * another node finished it first, its events are taken to be the ones we decided (they are, unless that node also had
 * to decide again, within the same few milliseconds).
 */
async function finishOwn(ctx: CommitContext, message: Message, rule: TicketRule, decided: DomainEvent[]): Promise<StepOutcome> {
  const doc = await ctx.m.messages.findById(message.id).lean<MessageDoc>().exec();
  if (!doc) {
    // Withdrawn by another node that found the ticket closed meanwhile.
    const ticket = await readTicket(ctx, message.conversationId);
    return ticket ? { status: 'refused', reason: 'closed', ticket } : { status: 'missing' };
  }
  const done = await completeStep(ctx, doc, rule);
  if (done.kind === 'orphaned') return { status: 'missing' };
  if (done.kind === 'withdrawn') return { status: 'refused', reason: done.reason, ticket: done.ticket };
  return { status: 'committed', message, ticket: done.ticket, events: done.events ?? decided };
}

/**
 * Our seq was taken by another message (another node's step, perhaps cut off): finish that one so the ticket moves
 * past it. Nothing at our seq and no duplicate means the message id itself is taken.
 */
async function clearSeq(ctx: CommitContext, message: Message): Promise<void> {
  const holder = await ctx.m.messages.findOne({ conversationId: message.conversationId, seq: message.seq }).lean<MessageDoc>().exec();
  if (holder) {
    await completeStep(ctx, holder, ctx.rule);
    return;
  }
  if (await ctx.m.messages.exists({ _id: message.id })) throw new DuplicateKeyError('id');
}
