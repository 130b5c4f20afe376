// Starts a TypeScript worker when Parley runs from its sources (tsx, vitest): tsx does not register itself in worker
// threads on Node 20, so the worker registers it before it imports its entry. The compiled server does not use this.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
