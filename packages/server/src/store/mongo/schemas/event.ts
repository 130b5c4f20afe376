import { Schema } from 'mongoose';
import { EVENT_CONSUMERS, type EventActor, type EventConsumer } from '../../../events/catalogue.ts';
import { nullableString, schemaOptions } from './options.ts';

/** A DomainEvent as stored: keyed by `_id`, with `ord` to keep events of one millisecond in commit order. */
export interface EventBody {
  _id: string;
  deskId: string;
  type: string;
  conversationId: string | null;
  actor: EventActor;
  data: Record<string, unknown>;
  at: string;
  /** Tie-breaker after `at`: increases within a process (events.ts nextOrd). */
  ord: number;
}

/** A document of the event log, which is also the outbox. */
export interface EventDoc extends EventBody {
  /** The consumers that have not acknowledged the event yet. */
  pending: EventConsumer[];
}

export const eventSchema = new Schema<EventDoc>(
  {
    _id: { type: String, required: true },
    deskId: { type: String, required: true },
    type: { type: String, required: true },
    conversationId: nullableString,
    // `type: { type: String }` declares a nested field named "type" (mongoose's escape for that key).
    actor: {
      type: { type: String, required: true, enum: ['visitor', 'agent', 'system'] },
      id: nullableString,
    },
    data: { type: Schema.Types.Mixed, default: {} },
    at: { type: String, required: true },
    ord: { type: Number, required: true, default: 0 },
    pending: { type: [{ type: String, enum: EVENT_CONSUMERS }], default: [] },
  },
  schemaOptions,
);

eventSchema.index({ deskId: 1, at: 1, ord: 1 });
eventSchema.index({ conversationId: 1, at: 1, ord: 1 });
/** One kind of event of a desk, newest first (an agent's recent mentions). */
eventSchema.index({ deskId: 1, type: 1, at: 1, ord: 1 });
/** The outbox: a consumer's unacknowledged events, oldest first. */
eventSchema.index({ pending: 1, at: 1, ord: 1 });
