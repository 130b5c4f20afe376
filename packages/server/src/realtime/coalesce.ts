/**
 * At most one call per key per `windowMs`, always with the latest value: the first goes out at once, later ones in
 * the window are folded into one trailing call. For desk-wide list updates, where only the newest state matters.
 */
export class Coalescer<T> {
  private readonly lastSent = new Map<string, number>();
  private readonly waiting = new Map<string, { value: T; timer: NodeJS.Timeout }>();

  constructor(
    private readonly windowMs: number,
    private readonly send: (value: T) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(key: string, value: T): void {
    const pending = this.waiting.get(key);
    if (pending) {
      pending.value = value;
      return;
    }
    const since = this.now() - (this.lastSent.get(key) ?? -Infinity);
    if (since >= this.windowMs) {
      this.emit(key, value);
      return;
    }
    const timer = setTimeout(() => {
      const latest = this.waiting.get(key);
      this.waiting.delete(key);
      if (latest) this.emit(key, latest.value);
    }, this.windowMs - since);
    this.waiting.set(key, { value, timer });
  }

  /** Sends everything waiting now (shutdown). */
  flush(): void {
    for (const [key, { value, timer }] of this.waiting) {
      clearTimeout(timer);
      this.emit(key, value);
    }
    this.waiting.clear();
  }

  private emit(key: string, value: T): void {
    this.lastSent.set(key, this.now());
    // Forget keys that went quiet so the map does not grow with every ticket ever seen.
    if (this.lastSent.size > 10_000) {
      const cutoff = this.now() - this.windowMs;
      for (const [k, at] of this.lastSent) if (at < cutoff) this.lastSent.delete(k);
    }
    this.send(value);
  }
}
