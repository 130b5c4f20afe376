import type { Conversation, Message } from '@parley/protocol';
import type { Logger } from '../lib/logger.ts';
import type { Store } from '../store/port.ts';
import { toConversation } from '../store/records.ts';
import type { ConversationRecord } from '../store/types.ts';
import type { DomainEvent } from './catalogue.ts';

/** One event with what a consumer needs to act on it: the ticket as it was right after, and the message if any. */
export interface Delivery {
  event: DomainEvent;
  ticket: Conversation;
  message?: Message | undefined;
}

/** An opaque tag of the connection that caused a change, so that it gets its ack instead of an echo. */
export type Origin = string | undefined;

export type Deliver = (delivery: Delivery, origin: Origin) => void;

export interface OutboxOptions {
  /** How old an unacknowledged event must be before the sweep takes it as lost (its writer is gone). */
  graceMs: number;
  sweepMs: number;
  ackMs: number;
  now: () => Date;
}

const CONSUMER = 'fanout' as const;
const SWEEP_BATCH = 500;

/**
 * The realtime consumer of the event log. Committed events are delivered at once from memory by the node that
 * committed them; their acknowledgements are written in the background. Every node also sweeps the log for events
 * nobody acknowledged within `graceMs` (the writer crashed between commit and fan-out, or before acknowledging) and
 * delivers them from the store. Delivery is at-least-once; clients drop what they already have by seq and version.
 */
export class Outbox {
  private readonly subscribers: Deliver[] = [];
  private unacknowledged: string[] = [];
  private timers: NodeJS.Timeout[] = [];
  private sweeping: Promise<number> | null = null;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly options: OutboxOptions,
  ) {}

  subscribe(deliver: Deliver): () => void {
    this.subscribers.push(deliver);
    return () => this.subscribers.splice(this.subscribers.indexOf(deliver), 1);
  }

  /** Fan-out of what this node just committed. */
  publish(committed: { events: DomainEvent[]; ticket: ConversationRecord; message?: Message | undefined }, origin?: Origin): void {
    const ticket = toConversation(committed.ticket);
    for (const event of committed.events) {
      this.deliver({ event, ticket, message: event.type === 'message.created' ? committed.message : undefined }, origin);
      this.unacknowledged.push(event.id);
    }
  }

  /**
   * Before this node serves anyone: delivers everything still pending (what a crash left behind; nobody is connected
   * yet, so this mostly acknowledges it: clients fetch what they missed by seq when they reconnect). Then sweeps
   * periodically for what other nodes fail to deliver.
   */
  async start(): Promise<void> {
    await this.sweep(0);
    this.timers.push(setInterval(() => void this.flushAcks(), this.options.ackMs).unref());
    this.timers.push(setInterval(() => void this.sweep(), this.options.sweepMs).unref());
  }

  async stop(): Promise<void> {
    this.timers.forEach(clearInterval);
    this.timers = [];
    await this.sweeping;
    await this.flushAcks();
  }

  /** Delivers what nobody acknowledged in time; returns how many ticket events it delivered. */
  sweep(graceMs = this.options.graceMs): Promise<number> {
    this.sweeping ??= this.sweepOnce(graceMs)
      .catch((err: unknown) => {
        this.log.warn({ err }, 'outbox sweep failed; will retry');
        return 0;
      })
      .finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private async sweepOnce(graceMs: number): Promise<number> {
    // Steps a crashed writer left half-done commit their events first; then those are delivered like any other.
    const completed = await this.store.recover();
    if (completed > 0) this.log.info({ completed }, 'store: completed steps that a crashed writer left half-done');
    let delivered = 0;
    for (;;) {
      const until = new Date(this.options.now().getTime() - graceMs).toISOString();
      const events = await this.store.pendingEvents(CONSUMER, until, SWEEP_BATCH);
      if (events.length === 0) return delivered;
      const tickets = new Map<string, ConversationRecord | null>();
      let late = 0;
      for (const event of events) {
        const delivery = await this.recover(event, tickets);
        if (!delivery) continue; // audit events (logins, agents created) have nobody to tell
        this.deliver(delivery, undefined);
        late++;
      }
      await this.store.acknowledgeEvents(CONSUMER, events.map((e) => e.id));
      delivered += late;
      if (late > 0) this.log.info({ events: late }, 'outbox: delivered events whose writer did not');
      if (events.length < SWEEP_BATCH) return delivered;
    }
  }

  private async recover(event: DomainEvent, tickets: Map<string, ConversationRecord | null>): Promise<Delivery | null> {
    if (!event.conversationId) return null;
    if (!tickets.has(event.conversationId)) tickets.set(event.conversationId, await this.store.getConversation(event.conversationId));
    const ticket = tickets.get(event.conversationId);
    if (!ticket) return null;
    let message: Message | undefined;
    if (event.type === 'message.created') {
      message = (await this.store.listMessages(event.conversationId, event.data.seq - 1, 1))[0];
      if (!message || message.id !== event.data.messageId) return null;
    }
    return { event, ticket: toConversation(ticket), message };
  }

  private deliver(delivery: Delivery, origin: Origin): void {
    for (const deliver of this.subscribers) {
      try {
        deliver(delivery, origin);
      } catch (err) {
        this.log.error({ err, event: delivery.event.type }, 'outbox subscriber failed');
      }
    }
  }

  private async flushAcks(): Promise<void> {
    if (this.unacknowledged.length === 0) return;
    const ids = this.unacknowledged;
    this.unacknowledged = [];
    try {
      await this.store.acknowledgeEvents(CONSUMER, ids);
    } catch (err) {
      // Not acknowledged means delivered again by a sweep later: harmless, clients de-duplicate.
      this.log.warn({ err }, 'outbox: acknowledging delivered events failed');
    }
  }
}
