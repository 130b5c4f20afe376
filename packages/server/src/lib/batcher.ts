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
export class Batcher<I, O> {
  private queue: Array<Pending<I, O>> = [];
  private scheduled = false;
  private running: Promise<void> | null = null;

  constructor(
    private readonly run: (items: I[]) => Promise<Array<ItemResult<O>>> | Array<ItemResult<O>>,
    private readonly maxBatch = 256,
  ) {}

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
    setImmediate(() => {
      this.scheduled = false;
      this.running = this.drain().finally(() => {
        this.running = null;
        if (this.queue.length > 0) this.schedule();
      });
    });
  }

  private async drain(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return;
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
    }
  }
}
