/**
 * Which ticket each contact is talking in, per channel, so that a visitor's message needs no lookup before its
 * commit. Only a hint: a stale entry (the ticket was closed elsewhere) is caught by the commit, which refuses the
 * message, and the caller looks again. Bounded: the oldest entries go first.
 */
export class OpenTickets {
  private readonly byContact = new Map<string, string>();
  private readonly looking = new Map<string, Promise<string>>();

  constructor(private readonly capacity = 100_000) {}

  /**
   * The remembered ticket, or the one `find` finds or starts. Concurrent callers for one contact share a single
   * `find`: a visitor's first messages sent together start one ticket, spend one rate-limit point and one number.
   */
  async resolve(contactId: string, channel: string, find: () => Promise<string>): Promise<string> {
    const key = `${contactId}:${channel}`;
    const known = this.byContact.get(key);
    if (known) return known;
    let pending = this.looking.get(key);
    if (!pending) {
      pending = find().finally(() => this.looking.delete(key));
      this.looking.set(key, pending);
    }
    return pending;
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
