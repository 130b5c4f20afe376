/**
 * Parley in its own process for the benchmarks that measure it from outside (bench/scale.ts, bench/inbox-list.ts):
 * `node --import tsx bench/scale-server.ts` with the server's environment, started on a DATA_DIR, timed until
 * /healthz answers, reporting over IPC (see scale-server.ts); and the cleanup of processes and temp dirs however the
 * bench ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ParentMessage } from './scale-server.ts';
import { DESK_ID } from './seed-sqlite.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TESTS_DIR = path.resolve(HERE, '..');
const SERVER_SCRIPT = path.join(HERE, 'scale-server.ts');

/** The first admin of a bench's desk (every seeded agent gets the same password). */
export interface BenchAdmin {
  email: string;
  password: string;
}

// ── processes and temp dirs: gone however the bench ends ───────────────────────

export const live = new Set<ChildProcess>();
export const tempDirs = new Set<string>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping the server and exiting\n`);
    process.exit(130);
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export type Ready = Extract<ChildMessage, { type: 'ready' }>;
export type Report = Extract<ChildMessage, { type: 'report' }>;

export interface ServerProcess {
  readonly pid: number;
  readonly url: string;
  /** ms (parent clock, since spawn) at which the ready message arrived, and the message itself. */
  readonly ready: { atMs: number; message: Ready };
  /** ms since spawn until GET /healthz answered 200 (polled every 5 ms from the spawn on). */
  readonly healthzMs: number;
  request(message: { type: 'reset' }): Promise<void>;
  request(message: { type: 'report' }): Promise<Report>;
  /** Graceful stop (Parley's stop, then exit); returns the time stop took inside the server. */
  stop(): Promise<number>;
  kill(): Promise<void>;
  output(): string;
}

/** VmRSS and VmHWM (peak) of a process, in bytes. */
export function procMemory(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(/^(\w+):\s+(\d+) kB$/m.exec(status.split('\n').find((l) => l.startsWith(`${key}:`)) ?? '')?.[2] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** The environment a benchmarked server starts with (nothing of the bench's own). */
function serverEnv(port: number, dataDir: string, admin: BenchAdmin): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DESK_ID,
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    LOG_LEVEL: 'warn',
  };
}

export async function startServer(dataDir: string, admin: BenchAdmin, opts: { cpuProfDir?: string } = {}): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nodeArgs = ['--import', 'tsx'];
  if (opts.cpuProfDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`);
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, SERVER_SCRIPT], {
    cwd: TESTS_DIR,
    env: serverEnv(port, dataDir, admin),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  live.add(child);
  const tail: string[] = [];
  const remember = (stream: string) => (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) tail.push(`[server ${stream}] ${line}`);
    tail.splice(0, Math.max(0, tail.length - 40));
  };
  child.stdout?.on('data', remember('out'));
  child.stderr?.on('data', remember('err'));
  let exitInfo: string | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      exitInfo = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    }),
  );
  const waiters: Array<(m: ChildMessage) => boolean> = [];
  child.on('message', (raw: unknown) => {
    const message = raw as ChildMessage;
    const i = waiters.findIndex((w) => w(message));
    if (i >= 0) waiters.splice(i, 1);
  });
  const next = <T extends ChildMessage['type']>(type: T, timeoutMs: number): Promise<Extract<ChildMessage, { type: T }>> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no '${type}' from the server within ${timeoutMs} ms`)), timeoutMs);
      waiters.push((m) => {
        if (m.type === 'failed') {
          clearTimeout(timer);
          reject(new Error(`the server failed:\n${m.error}`));
          return true;
        }
        if (m.type !== type) return false;
        clearTimeout(timer);
        resolve(m as Extract<ChildMessage, { type: T }>);
        return true;
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${exitInfo}) while waiting for '${type}'`));
      });
    });
  const kill = async () => {
    if (exitInfo === null) child.kill('SIGKILL');
    await exited;
  };
  const withTail = async (err: unknown): Promise<never> => {
    await kill();
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(tail.length ? `${message}\n${tail.join('\n')}` : message);
  };

  const healthy = (async () => {
    for (;;) {
      if (exitInfo !== null) throw new Error(`the server exited (${exitInfo}) before /healthz answered`);
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      if (performance.now() - t0 > 120_000) throw new Error('/healthz did not answer 200 within 120 s');
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const [ready, healthzMs] = await Promise.all([
    next('ready', 120_000).then((message) => ({ atMs: performance.now() - t0, message })),
    healthy,
  ]).catch(withTail);

  const send = (m: ParentMessage) => child.send(m);
  function request(message: { type: 'reset' }): Promise<void>;
  function request(message: { type: 'report' }): Promise<Report>;
  async function request(message: { type: 'reset' } | { type: 'report' }): Promise<Report | void> {
    const answer = next(message.type, 30_000);
    send(message);
    const m = await answer;
    return m.type === 'report' ? m : undefined;
  }
  return {
    pid: child.pid ?? -1,
    url,
    ready,
    healthzMs,
    request,
    async stop() {
      const stopped = next('stopped', 60_000);
      send({ type: 'stop' });
      const { ms } = await stopped.catch(withTail);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      await kill();
      return ms;
    },
    kill,
    output: () => tail.join('\n'),
  };
}

/** The production entry, as `pnpm start` runs it (compiled, no tsx, no instrumentation). */
export const PRODUCTION_ENTRY = path.resolve(TESTS_DIR, '../packages/server/dist/main.js');

/**
 * Starts the production entry (`node packages/server/dist/main.js`) on `dataDir`, times it from the spawn until GET
 * /healthz answers 200 (polled every 5 ms), then stops it with SIGTERM and waits for it to exit. Milliseconds.
 */
export async function timeProductionStart(dataDir: string, admin: BenchAdmin): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [PRODUCTION_ENTRY], {
    env: serverEnv(port, dataDir, admin),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  live.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      live.delete(child);
      resolve();
    }),
  );
  try {
    for (;;) {
      if (exited) throw new Error(`${PRODUCTION_ENTRY} exited before /healthz answered\n${stderr}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      if (performance.now() - t0 > 120_000) throw new Error('/healthz did not answer 200 within 120 s');
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exit, new Promise((r) => setTimeout(r, 10_000))]);
    if (!exited) child.kill('SIGKILL');
  }
}
