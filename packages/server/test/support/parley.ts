import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { startParley, type Parley } from '../../src/server.ts';

import { ADMIN } from '../../../../tests/support/clients.ts';

export { ADMIN };

export interface TestNode {
  parley: Parley;
  url: string;
  config: Config;
  /** Stop and start again on the same storage (a restart). */
  restart(): Promise<TestNode>;
  dispose(): Promise<void>;
}

export type AdapterName = 'embedded' | 'mongo';

/** Starts a Parley node on a free port with a fresh data dir (embedded) or a fresh database (mongo). */
export async function startNode(adapter: AdapterName, env: Record<string, string> = {}, mongoUri?: string): Promise<TestNode> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'parley-test-'));
  const dbName = `parley_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: process.env.PARLEY_TEST_LOG ?? 'silent',
    // Budgets ×1000: tests create many visitors from one IP. Rate-limit tests pass RATE_LIMIT_SCALE themselves.
    RATE_LIMIT_SCALE: '1000',
    SHUTDOWN_TIMEOUT_MS: '3000',
    ...(adapter === 'mongo' ? { MONGODB_URI: withDb(requireMongo(mongoUri), dbName) } : {}),
    ...env,
  });
  const boot = async (port: number): Promise<TestNode> => {
    const parley = await startParley({ ...config, port }, { log: createLogger(config.logLevel) });
    const url = `http://127.0.0.1:${parley.port}`;
    return {
      parley,
      url,
      config,
      async restart() {
        await parley.stop();
        return boot(parley.port);
      },
      async dispose() {
        await parley.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  };
  return boot(0);
}

export const TEST_REDIS_URL = process.env.PARLEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Two nodes of one desk sharing a fresh MongoDB database and Redis (the second one's own store setting is overridden). */
export async function startNodePair(mongoUri: string | undefined): Promise<[TestNode, TestNode]> {
  const a = await startNode('mongo', { REDIS_URL: TEST_REDIS_URL }, mongoUri);
  const b = await startNode('embedded', { REDIS_URL: TEST_REDIS_URL, MONGODB_URI: a.config.mongodbUri! });
  return [a, b];
}

function requireMongo(uri: string | undefined): string {
  if (!uri) throw new Error('The mongo adapter needs a MongoDB URI (the test run starts FerretDB or uses MONGODB_URI).');
  return uri;
}

function withDb(uri: string, db: string): string {
  const u = new URL(uri);
  u.pathname = `/${db}`;
  return u.toString();
}

export * from '../../../../tests/support/clients.ts';
