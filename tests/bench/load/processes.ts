/**
 * Parent side of the server under test: spawns bench/load/server-under-test.ts as one node process (no tsx launcher
 * in between, so a signal or SIGKILL reaches the server itself), waits for its ready message, and makes sure it dies
 * with the bench: on normal exit, on an uncaught error, and on Ctrl+C / SIGTERM / SIGHUP. The child also exits on
 * its own when the IPC channel closes, which covers a bench killed with SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage } from './shared.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TESTS_DIR = path.resolve(HERE, '../..');
const SCRIPT = path.join(HERE, 'server-under-test.ts');
const CLK_TCK = 100; // Linux USER_HZ, as `getconf CLK_TCK` reports on every mainstream kernel
const TAIL_LINES = 40;

const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let cleanupInstalled = false;

/** Kill children and remove temp dirs however the bench ends. Idempotent. */
export function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping the server under test and exiting\n`);
      process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const)[signal]);
    });
  }
}

/** A directory removed at exit even if the bench is interrupted (call forgetTempDir after removing it yourself). */
export function trackTempDir(dir: string): void {
  tempDirs.add(dir);
}
export function forgetTempDir(dir: string): void {
  tempDirs.delete(dir);
}

/** The child reported why it could not start. */
class StartFailure extends Error {}

export interface ServerUnderTest {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** What the child said it is, e.g. "Parley, embedded store". */
  readonly detail: string;
  /** Set once the process has exited, e.g. "code 1" or "signal SIGKILL". */
  exit(): string | null;
  /** User + system CPU seconds the process has used so far (all its threads); null when /proc is unavailable. */
  cpuSeconds(): number | null;
  /** The same for its main thread alone (the event loop; Parley's SQLite writer and checkpointer are other threads). */
  mainThreadCpuSeconds(): number | null;
  /** Each other thread's, by thread id (V8's helpers, and Parley's SQLite writer and checkpointer). */
  otherThreadsCpuSeconds(): Map<number, number> | null;
  /** Last lines of its stdout/stderr. */
  output(): string;
  /** SIGKILL (the bench never reuses a server's data) and wait for the exit. */
  kill(): Promise<void>;
}

export async function startServerUnderTest(kind: 'bare' | 'parley', env: Record<string, string>, timeoutMs = 90_000): Promise<ServerUnderTest> {
  installCleanup();
  const child = spawn(process.execPath, [...(process.env.PARLEY_BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', SCRIPT, kind], {
    cwd: TESTS_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  live.add(child);
  const tail: string[] = [];
  const remember = (stream: string) => (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) tail.push(`[${kind} ${stream}] ${line}`);
    tail.splice(0, Math.max(0, tail.length - TAIL_LINES));
  };
  child.stdout?.on('data', remember('out'));
  child.stderr?.on('data', remember('err'));
  // The whole output of each server, for V8's --trace-gc* lines and the like (the tail above keeps a few lines).
  const logDir = process.env.PARLEY_BENCH_SERVER_LOG_DIR;
  if (logDir) child.stdout?.pipe(createWriteStream(path.join(logDir, `${kind}-${child.pid}.log`)));
  let exitInfo: string | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      exitInfo = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    }),
  );
  // Disconnecting lets the child exit by itself (and write a --cpu-prof profile, see PARLEY_BENCH_SERVER_NODE_ARGS);
  // a child that does not go within a few seconds is killed.
  const kill = async () => {
    if (exitInfo === null && child.connected) {
      child.disconnect();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    }
    if (exitInfo === null) child.kill('SIGKILL');
    await exited;
  };

  const ready = await new Promise<{ port: number; detail: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${kind} server did not start within ${timeoutMs} ms`)), timeoutMs);
    child.on('message', (raw: unknown) => {
      const message = raw as ChildMessage;
      clearTimeout(timer);
      if (message.type === 'ready') resolve({ port: message.port, detail: message.detail });
      else reject(new StartFailure(`the ${kind} server failed to start:\n${message.error}`));
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not spawn the ${kind} server: ${err.message}`));
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the ${kind} server exited (${exitInfo}) before it was ready`));
    });
  }).catch(async (err: unknown) => {
    await kill();
    const message = err instanceof Error ? err.message : String(err);
    // The child's own report already carries its error; otherwise its last output is the best clue.
    throw new Error(tail.length && !(err instanceof StartFailure) ? `${message}\n${tail.join('\n')}` : message);
  });

  const pid = child.pid ?? -1;
  return {
    url: `http://127.0.0.1:${ready.port}`,
    port: ready.port,
    pid,
    detail: ready.detail,
    exit: () => exitInfo,
    cpuSeconds: () => processCpuSeconds(pid),
    mainThreadCpuSeconds: () => statCpuSeconds(`/proc/${pid}/task/${pid}/stat`),
    otherThreadsCpuSeconds: () => otherThreadsCpuSeconds(pid),
    output: () => tail.join('\n'),
    kill,
  };
}

/** utime + stime of a process from /proc/<pid>/stat, in seconds. */
export function processCpuSeconds(pid: number): number | null {
  return statCpuSeconds(`/proc/${pid}/stat`);
}

/** CPU seconds of each thread of a process but its main one, by thread id; null when /proc is unavailable. */
function otherThreadsCpuSeconds(pid: number): Map<number, number> | null {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return null;
  }
  const threads = new Map<number, number>();
  for (const tid of tids) {
    if (Number(tid) === pid) continue;
    const seconds = statCpuSeconds(`/proc/${pid}/task/${tid}/stat`);
    if (seconds !== null) threads.set(Number(tid), seconds); // null: the thread ended meanwhile
  }
  return threads;
}

/** utime + stime from a /proc stat file (a process's, or one thread's under /proc/<pid>/task/<tid>/). */
function statCpuSeconds(file: string): number | null {
  try {
    const stat = readFileSync(file, 'utf8');
    // Fields after the command name (which may contain spaces and parentheses): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return null;
  }
}
