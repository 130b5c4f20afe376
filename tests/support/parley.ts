import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, startParley, type Parley } from '@parley/server';

import { ADMIN } from './clients.ts';

export { ADMIN };

export interface RunningParley {
  parley: Parley;
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** One Parley node in this process on a free port, embedded store in a fresh directory unless told otherwise. */
export async function startTestParley(env: Record<string, string> = {}, dataDir?: string): Promise<RunningParley> {
  const dir = dataDir ?? (await mkdtemp(path.join(tmpdir(), 'parley-e2e-')));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: process.env.PARLEY_TEST_LOG ?? 'silent',
    // Budgets ×1000: tests create many visitors from one IP. Rate-limit tests pass RATE_LIMIT_SCALE themselves.
    RATE_LIMIT_SCALE: '1000',
    ...env,
  });
  const parley = await startParley(config);
  const url = `http://127.0.0.1:${parley.port}`;
  return { parley, url, dataDir: dir, stop: () => parley.stop() };
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
