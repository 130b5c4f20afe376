import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Moves WAL checkpoints off the writer. A checkpoint copies committed pages from the WAL into the database file and
 * fsyncs it: done by the writer (SQLite's autocheckpoint), it stalls every commit queued behind it for tens of
 * milliseconds, which is most of the writer's tail latency under load. Here a second connection on a thread of its own
 * runs a PASSIVE checkpoint every `everyMs` (it never waits for or blocks the writer, and costs next to nothing when
 * the WAL holds little); the writer keeps a far higher autocheckpoint only as a safety net. The next write after a
 * complete checkpoint starts the WAL over, so it holds about `everyMs` of writes.
 */
export interface CheckpointerOptions {
  file: string;
  everyMs: number;
}

// A plain CommonJS worker: it needs only better-sqlite3, resolved here, so it runs the same from sources and compiled.
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
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
    this.worker = new Worker(WORKER_CODE, { eval: true, workerData: { ...this.options, driver } });
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
