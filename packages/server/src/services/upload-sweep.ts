import type { ServiceDeps } from './deps.ts';

const PAGE = 100;
/** A `.part` file untouched this long belongs to no upload in flight (Node ends a request after 5 minutes). */
const ABANDONED_WRITE_MS = 10 * 60 * 1000;

export interface UploadSweepOptions {
  /** An upload no message referenced within this is deleted. */
  graceMs: number;
  /** How often this node looks. */
  everyMs: number;
}

/** How often to sweep for a grace period: a quarter of it, between 250 ms and 10 minutes. */
export const sweepIntervalFor = (graceMs: number): number => Math.min(10 * 60 * 1000, Math.max(250, Math.round(graceMs / 4)));

/**
 * Deletes uploads that no message referenced within the grace period: the record first (only if it is still
 * unreferenced: a message that marks it at the same moment wins or loses atomically), then the bytes. Every node runs
 * one; two nodes deleting the same upload both succeed, so they need no coordination.
 */
export class UploadSweep {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly deps: Pick<ServiceDeps, 'store' | 'log' | 'now'>,
    private readonly options: UploadSweepOptions,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep().catch((err: unknown) => this.deps.log.warn({ err }, 'upload sweep failed')), this.options.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One pass (not two at once on this node); returns how many uploads it deleted. */
  sweep(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<number> {
    const { store } = this.deps;
    const now = this.deps.now().getTime();
    const before = new Date(now - this.options.graceMs).toISOString();
    let deleted = 0;
    for (;;) {
      const page = await store.listUnreferencedAttachments(before, PAGE);
      for (const record of page) {
        if (!(await store.deleteUnreferencedAttachment(record.id, before))) continue;
        await store.blobs.delete(record.id);
        deleted++;
      }
      if (page.length < PAGE || this.stopped) break;
    }
    await store.blobs.removeAbandoned(new Date(now - Math.max(this.options.graceMs, ABANDONED_WRITE_MS)));
    if (deleted > 0) this.deps.log.info({ deleted }, 'deleted uploads no message referenced');
    return deleted;
  }
}
