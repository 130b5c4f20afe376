import mongoose from 'mongoose';
import type { DomainEvent } from '../../events/catalogue.ts';
import { openKeyFor } from '../records.ts';
import type { ContactMerge, ContactMergeOutcome, ContactRecord, ConversationRecord } from '../types.ts';
import { isDuplicateKey } from './errors.ts';
import * as map from './map.ts';
import type { ContactDoc } from './schemas/contact.ts';
import type { ConversationDoc } from './schemas/conversation.ts';
import type { StepContext } from './ticket-state.ts';

/** A regular expression that matches `text` literally, anywhere, ignoring case. */
const literally = (text: string): RegExp => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');

/**
 * A contact merge without transactions, in an order that a retry can finish: the clash check (one live ticket per
 * contact and channel) before any write; then the source is marked as merged (from then on its visitors resolve to
 * the target and a repeated merge of the same pair goes on from here), the target's fields, the contacts merged into
 * the source before, the tickets one by one (a version bump each: every node's cached copy is then refused and read
 * again), and the event last (`appendEvent` ignores a repeated id).
 */
export async function mergeContacts(ctx: StepContext, merge: ContactMerge, appendEvent: (e: DomainEvent) => Promise<void>): Promise<ContactMergeOutcome> {
  const { m } = ctx;
  const [source, target] = await Promise.all([
    m.contacts.findById(merge.sourceId).lean<ContactDoc>().exec(),
    m.contacts.findById(merge.targetId).lean<ContactDoc>().exec(),
  ]);
  if (!source || !target || target.mergedInto || (source.mergedInto && source.mergedInto !== merge.targetId)) return { status: 'missing' };
  const tickets = await m.conversations.find({ contactId: merge.sourceId }).lean<ConversationDoc[]>().exec();
  const live = await m.conversations
    .find({ contactId: merge.targetId, status: mongoose.trusted({ $ne: 'closed' }) })
    .select({ channel: 1 })
    .lean<Array<Pick<ConversationDoc, 'channel'>>>()
    .exec();
  const liveChannels = new Set(live.map((t) => t.channel));
  if (tickets.some((t) => t.status !== 'closed' && liveChannels.has(t.channel))) return { status: 'clash' };

  const marked = await m.contacts
    .updateOne({ _id: merge.sourceId, mergedInto: mongoose.trusted({ $in: [null, merge.targetId] }) }, { $set: { mergedInto: merge.targetId } })
    .exec();
  if (marked.matchedCount === 0) return { status: 'missing' };
  const next: ContactRecord = { ...map.contactFromDoc(target), ...merge.target };
  const doc = map.contactToDoc(next);
  await m.contacts.updateOne({ _id: merge.targetId }, { $set: { name: doc.name, email: doc.email, profile: doc.profile } }).exec();
  await m.contacts.updateMany({ mergedInto: merge.sourceId }, { $set: { mergedInto: merge.targetId } }).exec();

  const moved: ConversationRecord[] = [];
  for (const ticket of tickets) {
    const record = map.conversationRecordFromDoc(ticket);
    const openKey = openKeyFor({ ...record, contactId: merge.targetId });
    try {
      const after = await m.conversations
        .findOneAndUpdate(
          { _id: ticket._id, contactId: merge.sourceId },
          { $set: { contactId: merge.targetId, openKey, updatedAt: merge.at }, $inc: { version: 1 } },
          { returnDocument: 'after' },
        )
        .lean<ConversationDoc>()
        .exec();
      if (!after) continue; // moved by an earlier try
      const updated = map.conversationRecordFromDoc(after);
      ctx.cache.set(updated);
      moved.push(updated);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // A live ticket of the target appeared on this channel since the check: this one keeps its contact.
    }
  }
  await appendEvent(merge.event);
  return { status: 'merged', target: next, moved };
}

/** The desk's contacts (never merged ones) whose name, e-mail or phone contains `text`, most recently seen first. */
export async function searchContacts(ctx: StepContext, deskId: string, text: string, limit: number): Promise<ContactRecord[]> {
  const pattern = literally(text);
  const docs = await ctx.m.contacts
    .find({
      deskId,
      mergedInto: mongoose.trusted({ $in: [null] }),
      $or: [{ name: mongoose.trusted({ $regex: pattern }) }, { email: mongoose.trusted({ $regex: pattern }) }, { 'profile.phone': mongoose.trusted({ $regex: pattern }) }],
    })
    .sort({ lastSeenAt: -1 })
    .limit(limit)
    .lean<ContactDoc[]>()
    .exec();
  return docs.map(map.contactFromDoc);
}
