/** Counts operations under way so a graceful shutdown can wait for acknowledged writes to finish. */
export class InFlight {
  private count = 0;
  private waiters: Array<() => void> = [];

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.count++;
    try {
      return await work();
    } finally {
      this.count--;
      if (this.count === 0) this.waiters.splice(0).forEach((w) => w());
    }
  }

  get size(): number {
    return this.count;
  }

  /** Resolves when nothing is in flight, or after `timeoutMs` (returns false then). */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
