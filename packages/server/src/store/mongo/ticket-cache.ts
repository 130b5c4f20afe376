import type { ConversationRecord } from '../types.ts';

/**
 * This process's last known state of recently written tickets, so a message step usually starts without a read.
 * It is a hint, never the truth: every write it feeds is conditional on (lastSeq, version), so a state that another
 * node has moved on only costs a refused write and a re-read. Entries only move forward: a result that arrives late
 * never replaces a newer one.
 */
export class TicketCache {
  private readonly entries = new Map<string, ConversationRecord>();

  constructor(private readonly capacity = 10_000) {}

  get(id: string): ConversationRecord | undefined {
    const ticket = this.entries.get(id);
    if (ticket) {
      // least recently used first in iteration order
      this.entries.delete(id);
      this.entries.set(id, ticket);
    }
    return ticket;
  }

  /** Remembers `ticket` unless a newer state is known; two states that are each newer in one way are both dropped. */
  set(ticket: ConversationRecord): void {
    const known = this.entries.get(ticket.id);
    if (known) {
      const newer = ticket.lastSeq >= known.lastSeq && ticket.version >= known.version;
      const older = ticket.lastSeq <= known.lastSeq && ticket.version <= known.version;
      if (!newer) {
        if (!older) this.entries.delete(ticket.id);
        return;
      }
      this.entries.delete(ticket.id);
    }
    this.entries.set(ticket.id, ticket);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  delete(id: string): void {
    this.entries.delete(id);
  }
}
