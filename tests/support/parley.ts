import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, startParley, type Parley } from '@parley/server';

import { ADMIN } from './clients.ts';
import { startNodeProcess } from './node-process.ts';
import { serverRunsAsProcess } from './server-entry.ts';

export { ADMIN };

/** A Parley a suite talks to over HTTP and sockets only. */
export interface ServerUnderTest {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** A Parley in this process: tests that read server internals (its store, its state) use this one. */
export interface RunningParley extends ServerUnderTest {
  parley: Parley;
}

function settingsFor(dir: string, env: Record<string, string>): Record<string, string> {
  return {
    DATA_DIR: dir,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: process.env.PARLEY_TEST_LOG ?? 'silent',
    // Budgets ×1000: tests create many visitors from one IP. Rate-limit tests pass RATE_LIMIT_SCALE themselves.
    RATE_LIMIT_SCALE: '1000',
    ...env,
  };
}

/** One Parley node in this process on a free port, embedded store in a fresh directory unless told otherwise. */
export async function startTestParley(env: Record<string, string> = {}, dataDir?: string): Promise<RunningParley> {
  const dir = dataDir ?? (await mkdtemp(path.join(tmpdir(), 'parley-e2e-')));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', ...settingsFor(dir, env) });
  const parley = await startParley(config);
  const url = `http://127.0.0.1:${parley.port}`;
  return { parley, url, dataDir: dir, stop: () => parley.stop() };
}

/**
 * One Parley node on a free port, like startTestParley, for suites that need no server internals: in CI (and
 * whenever PARLEY_SERVER_ENTRY is set) it runs as a process of its own, by default the compiled server that
 * production runs (server-entry.ts); elsewhere in this process, from the sources.
 */
export async function startServerUnderTest(env: Record<string, string> = {}, dataDir?: string): Promise<ServerUnderTest> {
  if (!serverRunsAsProcess()) return startTestParley(env, dataDir);
  const dir = dataDir ?? (await mkdtemp(path.join(tmpdir(), 'parley-e2e-')));
  const node = await startNodeProcess('parley', settingsFor(dir, env));
  return {
    url: node.url,
    dataDir: dir,
    async stop() {
      const exit = await node.stop('SIGTERM');
      if (exit.code !== 0) throw new Error(`Parley exited with code ${exit.code} (signal ${exit.signal}) on SIGTERM\n${node.output()}`);
    },
  };
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
