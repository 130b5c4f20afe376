import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { freshDatabase } from './node-process.ts';

export type AdapterName = 'embedded' | 'mongo';

/** Where one test's nodes keep their data: the env that selects it, and how to remove it afterwards. */
export interface StoreLocation {
  readonly adapter: AdapterName;
  /** DATA_DIR (embedded) or MONGODB_URI (a fresh database on the run's MongoDB-compatible server). */
  readonly env: Record<string, string>;
  /** Deletes the data directory (embedded); a Mongo database is left to the test server's disposal. */
  dispose(): Promise<void>;
}

/**
 * The storage adapters a process-level test runs against: both, unless `PARLEY_TEST_ADAPTERS` (comma-separated)
 * narrows a local run. CI never sets it. Each entry makes a fresh, private store location per call.
 */
/** Whether `PARLEY_TEST_ADAPTERS` (unset: every adapter) selects this adapter for the run. */
export function adapterSelected(adapter: AdapterName): boolean {
  const only = process.env.PARLEY_TEST_ADAPTERS?.split(',').map((a) => a.trim());
  return !only || only.includes(adapter);
}

export function adapters(): Array<{ adapter: AdapterName; location(prefix: string): Promise<StoreLocation> }> {
  const all: Array<{ adapter: AdapterName; location(prefix: string): Promise<StoreLocation> }> = [
    {
      adapter: 'embedded',
      async location(prefix) {
        const dir = await mkdtemp(path.join(tmpdir(), `parley-${prefix}-`));
        return { adapter: 'embedded', env: { DATA_DIR: dir }, dispose: () => rm(dir, { recursive: true, force: true }) };
      },
    },
    {
      adapter: 'mongo',
      async location(prefix) {
        const uri = inject('mongoUri') || process.env.MONGODB_URI;
        if (!uri) throw new Error('no MongoDB-compatible server: run through the root vitest config (its globalSetup starts one)');
        // DATA_DIR too: a node must never fall back to ./data in the source tree.
        const dir = await mkdtemp(path.join(tmpdir(), `parley-${prefix}-`));
        return {
          adapter: 'mongo',
          env: { MONGODB_URI: freshDatabase(uri, prefix), DATA_DIR: dir },
          dispose: () => rm(dir, { recursive: true, force: true }),
        };
      },
    },
  ];
  return all.filter((a) => adapterSelected(a.adapter));
}
