import mongoose from 'mongoose';
import { bulkWriteInChunks } from './bulk.ts';
import { EVENT_CONSUMERS, type DomainEvent, type EventConsumer } from '../../events/catalogue.ts';
import type { EventFilter } from '../types.ts';
import { refusedPositions } from './errors.ts';
import { eventFromBody, eventToBody } from './map.ts';
import type { Models } from './models.ts';
import type { OutboxEntry } from './schemas/conversation.ts';
import type { EventBody, EventDoc } from './schemas/event.ts';

/**
 * The event log, which is also the outbox: every event is stored with the consumers that still have to handle it
 * (`pending`), and leaves a consumer's queue when it acknowledges it. Events are written idempotently by id, so a
 * step that is completed twice (a retry, recover()) never doubles one.
 */

let lastOrd = 0;
/** Increases on every call within this process: keeps the events of one millisecond in commit order. */
export function nextOrd(): number {
  lastOrd = Math.max(lastOrd + 1, Date.now() * 1000);
  return lastOrd;
}

export const eventBodies = (events: readonly DomainEvent[]): EventBody[] => events.map((e) => eventToBody(e, nextOrd()));

/** Adds events to the log; ids already there are left as they are (with their acknowledgements). */
export async function insertEvents(m: Models, bodies: readonly EventBody[]): Promise<void> {
  if (bodies.length === 0) return;
  const docs: EventDoc[] = bodies.map((b) => ({ ...b, pending: [...EVENT_CONSUMERS] }));
  try {
    // Bodies were built by this adapter from typed events: no casting or validation needed (lean).
    await m.events.insertMany(docs, { ordered: false, lean: true });
  } catch (err) {
    if (!refusedPositions(err, docs.length)) throw err;
  }
}

/** Copies a conversation's outbox entries into the log, then removes exactly those entries (as stored). */
export async function flushOutbox(m: Models, conversationId: string, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await insertEvents(
    m,
    entries.map((e) => e.event),
  );
  // $pullAll compares whole entries, so they are passed back exactly as they were read.
  await m.conversations.updateOne({ _id: conversationId }, { $pullAll: { outbox: [...entries] } }).exec();
}

export async function listEvents(m: Models, filter: EventFilter): Promise<DomainEvent[]> {
  const query: mongoose.QueryFilter<EventDoc> = { deskId: filter.deskId };
  if (filter.conversationId !== undefined) query.conversationId = filter.conversationId;
  if (filter.types) query.type = mongoose.trusted({ $in: [...filter.types] });
  const order = filter.newestFirst ? -1 : 1;
  const docs = await m.events.find(query).sort({ at: order, ord: order }).limit(filter.limit).lean<EventDoc[]>().exec();
  return docs.map(eventFromBody);
}

export async function pendingEvents(m: Models, consumer: EventConsumer, until: string, limit: number): Promise<DomainEvent[]> {
  const docs = await m.events
    .find({ pending: consumer, at: mongoose.trusted({ $lte: until }) })
    .sort({ at: 1, ord: 1 })
    .limit(limit)
    .lean<EventDoc[]>()
    .exec();
  return docs.map(eventFromBody);
}

export async function acknowledgeEvents(m: Models, consumer: EventConsumer, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  // bulkWrite filters are not sanitised (sanitizeFilter covers queries only): only plain strings may reach them.
  if (!EVENT_CONSUMERS.includes(consumer) || !ids.every((id) => typeof id === 'string')) {
    throw new TypeError('mongo store: invalid input: a consumer and event ids must be plain strings');
  }
  // One update per _id rather than an updateMany with $in, which FerretDB answers with a collection scan.
  await bulkWriteInChunks(
    m.events,
    ids.map((id) => ({ updateOne: { filter: { _id: id }, update: { $pull: { pending: consumer } } } })),
  );
}
