import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Moves WAL checkpoints off the writer. A checkpoint copies committed pages from the WAL into the database file and
 * fsyncs it: done by the writer (SQLite's autocheckpoint), it stalls every commit queued behind it for tens of
 * milliseconds, which is most of the writer's tail latency under load. Here a second connection on a thread of its own
 * runs a PASSIVE checkpoint every `everyMs` (it never waits for or blocks the writer, and costs next to nothing when
 * the WAL holds little). The next write after a complete checkpoint starts the WAL over. Under a steady stream of
 * commits a pass is seldom complete (frames keep arriving while it copies), so passes are repeated until one leaves
 * nothing behind, and the writer's own autocheckpoint (sqlite-store.ts) completes what they could not at ~16 MB.
 */
export interface CheckpointerOptions {
  file: string;
  everyMs: number;
  /** Passes per checkpoint at most, while writes keep coming (see WORKER_CODE). */
  passes?: number;
}

// A plain CommonJS worker: it needs only better-sqlite3, resolved here, so it runs the same from sources and compiled.
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const timer = setInterval(() => {
  try {
    // A pass copies the frames committed before it began; those committed meanwhile are few, so a few more passes
    // usually leave nothing behind, and only then does the writer's next commit start the WAL over.
    for (let pass = 0; pass < workerData.passes; pass++) {
      const [result] = db.pragma('wal_checkpoint(PASSIVE)');
      if (!result || result.busy || result.checkpointed >= result.log) break;
    }
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
}, workerData.everyMs);
parentPort.on('message', (msg) => {
  if (msg !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

export class Checkpointer {
  private worker: Worker | null = null;

  constructor(
    private readonly options: CheckpointerOptions,
    private readonly onError: (message: string) => void = () => undefined,
  ) {}

  start(): void {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_CODE, { eval: true, workerData: { ...this.options, passes: this.options.passes ?? 8, driver } });
    this.worker.on('message', (msg: { error?: string }) => {
      if (msg.error) this.onError(msg.error);
    });
    this.worker.on('error', (err) => this.onError(err.message));
    this.worker.unref();
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 2000);
      worker.once('message', () => {
        clearTimeout(timer);
        void worker.terminate().then(() => resolve());
      });
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.postMessage('stop');
    });
  }
}
