import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostOf, runCommand, type ProbeReply } from './wire-probe.ts';

/**
 * Starts the MongoDB-compatible server the tests run against.
 *
 * - MONGODB_URI set: that server is used as is (stop() is a no-op, restart() is unsupported).
 * - Otherwise: the FerretDB program in this directory is built once into .bin/ (rebuilt when a .go file,
 *   go.mod or go.sum is newer) and started on a free loopback port with a fresh SQLite directory.
 * - Neither available: throws, loudly. Tests never silently skip for want of a database.
 */
export interface MongoServer {
  /** mongodb://host:port/ (no database: each test picks its own). */
  uri: string;
  /** e.g. "FerretDB 7.0.42 (ferretdb v1.24.2, write gate)" or "MongoDB 7.0.14". */
  version: string;
  /** true for MONGODB_URI: stop()/dispose() do nothing and restart() throws. */
  external: boolean;
  /**
   * Stops the process (an outage); the data directory is kept for restart(). SIGTERM lets FerretDB finish
   * the requests in flight; `{ crash: true }` kills it with SIGKILL mid-request.
   */
  stop(options?: { crash?: boolean }): Promise<void>;
  /** Stops the process if it runs and starts it again on the same port with the same data directory. */
  restart(): Promise<void>;
  /** Stops the process and deletes its data directory. */
  dispose(): Promise<void>;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BIN_DIR = path.join(HERE, '.bin');
const BINARY = path.join(BIN_DIR, 'mongo-server');
const START_TIMEOUT_MS = 30_000;
const BUILD_TIMEOUT_MS = 10 * 60_000;

export async function startMongoServer(): Promise<MongoServer> {
  const external = process.env.MONGODB_URI;
  if (external) return useExternal(external);
  const go = findGo();
  if (!go) {
    throw new Error(
      'No MongoDB-compatible server for the tests: set MONGODB_URI=mongodb://host:port/ to use a running ' +
        'MongoDB/FerretDB, or install Go >= 1.24 so that tests/mongo-server (embedded FerretDB) can be built.',
    );
  }
  await buildIfStale(go);
  return startLocal();
}

async function useExternal(uri: string): Promise<MongoServer> {
  const target = hostOf(uri);
  let version = 'unknown version (not probed: mongodb+srv or multi-host URI)';
  if (target) {
    const info = await runCommand(target, 'buildInfo', 5000).catch((err: unknown) => {
      throw new Error(`MONGODB_URI=${uri} does not answer: ${err instanceof Error ? err.message : String(err)}`);
    });
    version = describe(info);
  }
  return {
    uri,
    version: `${version}, external (MONGODB_URI)`,
    external: true,
    async stop() {},
    async dispose() {},
    async restart() {
      throw new Error('restart() is not supported for an external server (MONGODB_URI)');
    },
  };
}

function describe(info: ProbeReply, ferretdb?: string, gate?: boolean): string {
  const fromServer = typeof info.ferretdbVersion === 'string' && info.ferretdbVersion !== 'unknown' ? info.ferretdbVersion : undefined;
  const ferret = ferretdb ?? fromServer ?? ('ferretdbVersion' in info ? 'unknown' : undefined);
  const base = `${ferret ? 'FerretDB' : 'MongoDB'} ${String(info.version ?? 'unknown')}`;
  const extras = [ferret && `ferretdb ${ferret}`, gate && 'write gate'].filter(Boolean);
  return extras.length > 0 ? `${base} (${extras.join(', ')})` : base;
}

// ── local FerretDB ────────────────────────────────────────────────────────

function findGo(): string | null {
  for (const candidate of [process.env.GO, 'go', '/usr/local/go/bin/go']) {
    if (candidate && spawnSync(candidate, ['version'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return null;
}

async function buildIfStale(go: string): Promise<void> {
  const sources = (await readdir(HERE)).filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum');
  const newest = Math.max(...sources.map((f) => statSync(path.join(HERE, f)).mtimeMs));
  if (existsSync(BINARY) && statSync(BINARY).mtimeMs >= newest) return;
  await mkdir(BIN_DIR, { recursive: true });
  // Build under a private name and rename: parallel builders (workers, setups) never see half a binary.
  const tmp = `${BINARY}.${process.pid}.${Date.now()}`;
  const result = spawnSync(go, ['build', '-o', tmp, '.'], { cwd: HERE, encoding: 'utf8', timeout: BUILD_TIMEOUT_MS });
  if (result.status !== 0) {
    await rm(tmp, { force: true });
    throw new Error(`building tests/mongo-server failed (${go} build):\n${result.stderr || result.error?.message}`);
  }
  await rename(tmp, BINARY);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Running {
  child: ChildProcess;
  uri: string;
  ferretdb: string;
  gate: boolean;
}

async function startLocal(): Promise<MongoServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'parley-ferretdb-'));
  const removeOnExit = () => rmSync(dataDir, { recursive: true, force: true });
  process.once('exit', removeOnExit);
  let port = 0;
  let running: Running | null = null;
  for (let attempt = 1; !running; attempt++) {
    port = await freePort();
    try {
      running = await spawnServer(port, dataDir);
    } catch (err) {
      if (attempt >= 3) throw err; // most likely the port was taken between freePort() and listen
    }
  }
  const target = { host: '127.0.0.1', port };
  const info = await waitUntilAnswering(target);
  let current: Running | null = running;
  const stopCurrent = async (crash = false) => {
    if (current) await stopProcess(current.child, crash);
    current = null;
  };
  return {
    uri: running.uri,
    version: describe(info, running.ferretdb, running.gate),
    external: false,
    async stop(options) {
      await stopCurrent(options?.crash);
    },
    async dispose() {
      await stopCurrent();
      process.removeListener('exit', removeOnExit);
      await rm(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await stopCurrent();
      current = await spawnServer(port, dataDir);
      await waitUntilAnswering(target);
    },
  };
}

/** Starts the binary and resolves at its ready line (printed once FerretDB and the gate are listening). */
function spawnServer(port: number, dataDir: string): Promise<Running> {
  const child = spawn(BINARY, ['-listen', `127.0.0.1:${port}`, '-sqlite-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const tail: string[] = [];
  const remember = (chunk: Buffer) => {
    tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 30));
    if (process.env.PARLEY_MONGO_LOG) process.stderr.write(`[mongo-server] ${chunk.toString('utf8')}`);
  };
  child.stderr?.on('data', remember);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tests/mongo-server did not become ready within ${START_TIMEOUT_MS} ms:\n${tail.join('\n')}`));
    }, START_TIMEOUT_MS);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${BINARY}: ${err.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`tests/mongo-server exited (${signal ?? code}) before it was ready:\n${tail.join('\n')}`));
    });
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      remember(chunk);
      stdout += chunk.toString('utf8');
      const ready = /ferretdb ready uri=(\S+).*?ferretdb=(\S+).*?write-gate=(\w+)/.exec(stdout);
      if (!ready) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.once('exit', () => process.removeListener('exit', killOnExit));
      resolve({ child, uri: ready[1]!, ferretdb: ready[2]!, gate: ready[3] === 'true' });
    });
  });
}

async function waitUntilAnswering(target: { host: string; port: number }): Promise<ProbeReply> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      return await runCommand(target, 'buildInfo', 2000);
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`mongo-server on port ${target.port} does not answer: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function stopProcess(child: ChildProcess, crash: boolean): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(crash ? 'SIGKILL' : 'SIGTERM');
  });
}
