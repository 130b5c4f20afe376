/**
 * Which ticket each contact is talking in, per channel, so that a visitor's message needs no lookup before its
 * commit. Only a hint: a stale entry (the ticket was closed elsewhere) is caught by the commit, which refuses the
 * message, and the caller looks again. Bounded: the oldest entries go first.
 */
export class OpenTickets {
  private readonly byContact = new Map<string, string>();

  constructor(private readonly capacity = 100_000) {}

  get(contactId: string, channel: string): string | undefined {
    return this.byContact.get(`${contactId}:${channel}`);
  }

  set(contactId: string, channel: string, conversationId: string): void {
    const key = `${contactId}:${channel}`;
    this.byContact.delete(key);
    this.byContact.set(key, conversationId);
    if (this.byContact.size > this.capacity) this.byContact.delete(this.byContact.keys().next().value!);
  }

  forget(contactId: string, channel: string): void {
    this.byContact.delete(`${contactId}:${channel}`);
  }
}
