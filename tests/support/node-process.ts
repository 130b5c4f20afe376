import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverEntry, type ServerEntry } from './server-entry.ts';

/**
 * A Parley node as a real child process, for tests that kill, stop or restart nodes: the compiled server
 * (`node packages/server/dist/main.js`) or the sources through tsx, as PARLEY_SERVER_ENTRY says (server-entry.ts).
 * One process, not tsx's launcher: a signal reaches the server itself, and SIGKILL leaves no orphan behind. Every
 * node started here is SIGKILLed when the test process exits, whatever happened.
 */
export interface NodeProcess {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<Exit>;
  /** true once the process has exited. */
  hasExited(): boolean;
  /** The last lines of stdout and stderr, for failure messages. */
  output(): string;
  /** GET /healthz. */
  health(): Promise<{ status: number; body: HealthBody }>;
  /** Sends `signal` and waits (at most `timeoutMs`) for the exit; throws when the process is still alive then. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<Exit>;
  /** SIGKILL if still running; waits for the exit. Safe to call at any time, any number of times. */
  kill(): Promise<void>;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface HealthBody {
  ok?: boolean;
  store?: { ok: boolean; adapter?: string };
  redis?: { ok: boolean; detail?: string };
}

export const ADMIN = { email: 'admin@faults.local', password: 'faults password 123' };

const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/server');
const TAIL_LINES = 60;
const running = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A free TCP port on the loopback interface (free now; taken by whoever listens next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a truthy value; throws naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs: number, intervalMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (let attempt = 0; attempt < Math.ceil(timeoutMs / intervalMs) + 1; attempt++) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) break;
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

/**
 * Starts a node on a free loopback port with `env` (on top of test defaults: admin account, LOG_LEVEL=warn,
 * RATE_LIMIT_SCALE=1000) and waits until `/healthz` answers 200.
 */
export async function startNodeProcess(
  name: string,
  env: Record<string, string>,
  opts: { port?: number; readyTimeoutMs?: number; entry?: ServerEntry } = {},
): Promise<NodeProcess> {
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const tail: string[] = [];
  const child = spawn(process.execPath, (opts.entry ?? serverEntry()).args, {
    cwd: SERVER_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMIT_SCALE: '1000',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      tail.push(`[${name} exited: code=${code} signal=${signal}]`);
      resolve({ code, signal });
    }),
  );
  const remember = (stream: string) => (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) tail.push(`[${name} ${stream}] ${line}`);
    tail.splice(0, Math.max(0, tail.length - TAIL_LINES));
  };
  child.stdout.on('data', remember('out'));
  child.stderr.on('data', remember('err'));
  child.once('error', (err) => tail.push(`[${name}] spawn error: ${err.message}`));

  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const node: NodeProcess = {
    name,
    port,
    url,
    pid: child.pid ?? -1,
    exited,
    hasExited,
    output: () => tail.join('\n'),
    async health() {
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(3000) });
        return { status: res.status, body: (await res.json()) as HealthBody };
      } catch (err) {
        const exit = await Promise.race([exited, sleep(500).then(() => null)]);
        if (exit) throw new Error(`${name} is not running (exit code ${exit.code}, signal ${exit.signal})\n${node.output()}`);
        throw err;
      }
    },
    async stop(signal = 'SIGTERM', timeoutMs = 15_000) {
      if (!hasExited()) child.kill(signal);
      const timer = sleep(timeoutMs).then(() => null);
      const exit = await Promise.race([exited, timer]);
      if (!exit) throw new Error(`${name} did not exit within ${timeoutMs} ms of ${signal}\n${node.output()}`);
      return exit;
    },
    async kill() {
      if (!hasExited()) child.kill('SIGKILL');
      await exited;
    },
  };

  try {
    await waitFor(
      `${name} /healthz 200`,
      async () => {
        if (hasExited()) throw new Error('exited before it was healthy');
        return (await node.health()).status === 200;
      },
      opts.readyTimeoutMs ?? 30_000,
      150,
    );
  } catch (err) {
    await node.kill();
    throw new Error(`${name} did not start: ${err instanceof Error ? err.message : String(err)}\n${node.output()}`);
  }
  return node;
}

/** A fresh database on the test run's MongoDB-compatible server. */
export function freshDatabase(mongoUri: string, prefix: string): string {
  const u = new URL(mongoUri);
  u.pathname = `/${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  return u.toString();
}
