/**
 * Batches desk-wide list updates: changes pushed for a key (a desk) within `windowMs` leave together in one call, each
 * item (a ticket) at most once, with its newest value. The first push after a quiet window leaves at once.
 */
export class Coalescer<T> {
  private readonly lastSent = new Map<string, number>();
  private readonly waiting = new Map<string, { items: Map<string, T>; timer: NodeJS.Timeout }>();

  constructor(
    private readonly windowMs: number,
    private readonly send: (key: string, items: T[]) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(key: string, itemId: string, value: T): void {
    const pending = this.waiting.get(key);
    if (pending) {
      pending.items.set(itemId, value);
      return;
    }
    const since = this.now() - (this.lastSent.get(key) ?? -Infinity);
    if (since >= this.windowMs) {
      this.emit(key, [value]);
      return;
    }
    const timer = setTimeout(() => this.release(key), this.windowMs - since);
    this.waiting.set(key, { items: new Map([[itemId, value]]), timer });
  }

  /** Sends everything waiting now (shutdown). */
  flush(): void {
    for (const [key, { timer }] of this.waiting) {
      clearTimeout(timer);
      this.release(key);
    }
  }

  private release(key: string): void {
    const pending = this.waiting.get(key);
    this.waiting.delete(key);
    if (pending) this.emit(key, [...pending.items.values()]);
  }

  private emit(key: string, items: T[]): void {
    this.lastSent.set(key, this.now());
    this.send(key, items);
  }
}
