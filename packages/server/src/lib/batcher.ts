interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (reason: unknown) => void;
}

/** The answer for one item of a batch: its value, or the error that failed only this item. */
export type ItemResult<O> = { ok: true; value: O } | { ok: false; error: unknown };

/**
 * Group commit: items submitted in the same turn of the event loop (and while a batch is being written) are handed
 * to `run` together; each caller is answered when its batch is done. One batch is in flight at a time, so under load
 * batches grow by themselves instead of queueing many small writes.
 */
export interface BatcherOptions {
  maxBatch?: number;
  /**
   * For a writer whose cost is mostly per batch (a synchronous fsync that blocks the event loop): after a batch that
   * took d ms, the next one starts no sooner than `spacing × d` ms after it (at most `maxWaitMs`), so that under load
   * batches grow and the writer takes a bounded share of the loop. An idle writer still writes at once.
   */
  spacing?: number;
  maxWaitMs?: number;
}

export class Batcher<I, O> {
  private queue: Array<Pending<I, O>> = [];
  private scheduled = false;
  private running: Promise<void> | null = null;
  private readonly maxBatch: number;
  private notBefore = 0;

  constructor(
    private readonly run: (items: I[]) => Promise<Array<ItemResult<O>>> | Array<ItemResult<O>>,
    private readonly options: BatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 256;
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when everything submitted so far has been written. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.running || this.scheduled) {
      if (this.running) await this.running;
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    const start = () => {
      this.scheduled = false;
      this.running = this.drain().finally(() => {
        this.running = null;
        if (this.queue.length > 0) this.schedule();
      });
    };
    const wait = this.notBefore - performance.now();
    if (wait > 0.5) setTimeout(start, wait);
    else setImmediate(start);
  }

  private async drain(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    const startedAt = performance.now();
    try {
      const results = await this.run(batch.map((p) => p.item));
      batch.forEach((p, i) => {
        const r = results[i];
        if (!r) p.reject(new Error('batch answered fewer items than it was given'));
        else if (r.ok) p.resolve(r.value);
        else p.reject(r.error);
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      if (this.options.spacing) {
        const took = performance.now() - startedAt;
        this.notBefore = startedAt + Math.min(this.options.maxWaitMs ?? 10, this.options.spacing * took);
      }
    }
  }
}
