/**
 * The SQLite writer thread: owns the database file (its only connection) and runs every store call, so that
 * SQLite's CPU and the fsync of each group commit never block the server's event loop. Started by ThreadedSqliteStore.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { recordMessage } from '../../domain/record-message.ts';
import type { MessageStep } from '../types.ts';
import { SqliteStore } from './sqlite-store.ts';
import { errorToWire, type StoreReplies, type StoreReply, type StoreRequest, type StoreRequests, type WorkerSettings } from './worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('store-worker.ts runs as a worker thread');
const settings = workerData as WorkerSettings;
// The server's logger lives on the main thread: a failing checkpointer says so on stderr, as a JSON line like the logs.
const store = new SqliteStore(settings.dataDir, {
  sync: settings.sync,
  checkpoints: settings.checkpoints,
  onCheckpointError: (message) => console.error(JSON.stringify({ level: 40, time: Date.now(), msg: 'sqlite checkpointer failed', detail: message })),
  onSearchIndexError: (message) => console.error(JSON.stringify({ level: 40, time: Date.now(), msg: 'sqlite search index failed to catch up', detail: message })),
});

type Call = (...args: unknown[]) => Promise<unknown>;

function run(request: StoreRequest): Promise<unknown> {
  if (request.method === 'commitMessage') {
    // The ticket rule cannot cross threads: the one rule a message step uses is applied here.
    const step = request.args[0] as Omit<MessageStep, 'decide'>;
    return store.commitMessage({ ...step, decide: recordMessage });
  }
  const method = store[request.method] as unknown as Call;
  return method.apply(store, request.args);
}

let replies: StoreReplies = [];
function reply(answer: StoreReply): void {
  if (replies.push(answer) === 1) {
    setImmediate(() => {
      port!.postMessage(replies);
      replies = [];
    });
  }
}

port.on('message', (requests: StoreRequests) => {
  for (const request of requests) {
    run(request).then(
      (value) => reply({ id: request.id, ok: true, value }),
      (err: unknown) => reply({ id: request.id, ok: false, error: errorToWire(err) }),
    );
  }
});
