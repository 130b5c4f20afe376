/**
 * Parley as bench/scale.ts runs it: `node --import tsx bench/scale-server.ts` with the server's environment
 * (PORT, DATA_DIR, ADMIN_EMAIL, ...). The same startParley(loadConfig(env)) as `pnpm start`, plus what the bench
 * must see from inside the process, over the IPC channel:
 *
 * - ready {port, timings}: once listening; timings in ms since this process started (node + tsx boot, import of
 *   @parley/server, startParley), so the parent can split its start-up time;
 * - a monitorEventLoopDelay histogram (resolution SCALE_ELD_RESOLUTION_MS, default 1 ms), reset on request;
 * - the synchronous time of the store calls the workload makes (the time each one holds the event loop: SQLite's
 *   queries run on the store's writer thread, so this is the cost of posting the call), reset on request;
 * - memory (RSS, heap) on request; `stop` stops Parley gracefully and exits (so that --cpu-prof is written).
 *
 * Exits as soon as the parent goes away (IPC disconnect).
 */
import { PerformanceObserver, monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import type { Store } from '@parley/server';

export interface LoopStats {
  /** Milliseconds; the histogram records whole timer intervals, so an idle loop reads about the resolution. */
  min: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
  samples: number;
}

export interface TimingStats {
  count: number;
  p50: number;
  p95: number;
  max: number;
  total: number;
}

export interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

/** Garbage-collection pauses (perf_hooks 'gc' entries), ms. */
export interface GcStats {
  count: number;
  total: number;
  max: number;
  /** Kinds of the pauses of 5 ms or more, e.g. "major 12.3". */
  long: string[];
}

/** What the process got from the OS over a phase: a stall without CPU time is the scheduler, not the code. */
export interface CpuStats {
  /** User + system CPU time, ms. */
  cpuMs: number;
  wallMs: number;
  /** Times the kernel took the CPU away from the process (another process wanted it). */
  involuntarySwitches: number;
}

export type ParentMessage = { type: 'reset' } | { type: 'report' } | { type: 'stop' };

export type ChildMessage =
  | { type: 'ready'; port: number; adapter: string; timings: { entryMs: number; importMs: number; listeningMs: number }; memory: Memory; startupLoop: LoopStats }
  | { type: 'failed'; error: string }
  | { type: 'reset' }
  | { type: 'report'; loop: LoopStats; gc: GcStats; cpu: CpuStats; memory: Memory; store: Record<string, TimingStats> }
  | { type: 'stopped'; ms: number };

const entryMs = performance.now();

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

const ms = (ns: number) => ns / 1e6;
function loopStats(h: IntervalHistogram): LoopStats {
  return { min: ms(h.min), p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean), samples: h.count };
}

function memory(): Memory {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external };
}

function timingStats(samples: number[]): TimingStats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  return { count: s.length, p50: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? 0, total: s.reduce((a, b) => a + b, 0) };
}

/** Records how long each call of the store methods the workload uses runs before it returns its promise. */
function instrument(store: Store): Map<string, number[]> {
  const samples = new Map<string, number[]>();
  const timed = <A extends unknown[], R>(name: string, fn: (...args: A) => R): ((...args: A) => R) => {
    const list: number[] = [];
    samples.set(name, list);
    return (...args: A) => {
      const t0 = performance.now();
      try {
        return fn(...args);
      } finally {
        list.push(performance.now() - t0);
      }
    };
  };
  store.listConversations = timed('listConversations', store.listConversations.bind(store));
  store.listMessages = timed('listMessages', store.listMessages.bind(store));
  store.getConversation = timed('getConversation', store.getConversation.bind(store));
  store.getContact = timed('getContact', store.getContact.bind(store));
  store.getSession = timed('getSession', store.getSession.bind(store));
  return samples;
}

async function main(): Promise<void> {
  process.on('disconnect', () => process.exit(0));
  const resolution = Number(process.env.SCALE_ELD_RESOLUTION_MS ?? '1');
  const loop = monitorEventLoopDelay({ resolution });
  loop.enable();
  const GC_KINDS: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };
  let gc: GcStats = { count: 0, total: 0, max: 0, long: [] };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.total += entry.duration;
      gc.max = Math.max(gc.max, entry.duration);
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0;
      if (entry.duration >= 5) gc.long.push(`${GC_KINDS[kind] ?? kind} ${entry.duration.toFixed(1)}`);
    }
  }).observe({ entryTypes: ['gc'] });

  const { loadConfig, startParley } = await import('@parley/server');
  const importMs = performance.now();
  const parley = await startParley(loadConfig(process.env));
  const listeningMs = performance.now();
  console.log(JSON.stringify({ listening: parley.url, entryMs, importMs, listeningMs }));
  const startupLoop = loopStats(loop);
  loop.reset();
  const samples = instrument(parley.store);
  const usage = () => ({ at: performance.now(), r: process.resourceUsage() });
  let since = usage();

  process.on('message', (raw: unknown) => {
    const message = raw as ParentMessage;
    if (message.type === 'reset') {
      loop.reset();
      gc = { count: 0, total: 0, max: 0, long: [] };
      since = usage();
      for (const list of samples.values()) list.length = 0;
      void send({ type: 'reset' });
    } else if (message.type === 'report') {
      const store = Object.fromEntries([...samples].map(([name, list]) => [name, timingStats(list)]));
      const now = usage();
      const cpu: CpuStats = {
        cpuMs: (now.r.userCPUTime + now.r.systemCPUTime - since.r.userCPUTime - since.r.systemCPUTime) / 1000,
        wallMs: now.at - since.at,
        involuntarySwitches: now.r.involuntaryContextSwitches - since.r.involuntaryContextSwitches,
      };
      void send({ type: 'report', loop: loopStats(loop), gc, cpu, memory: memory(), store });
    } else if (message.type === 'stop') {
      const t0 = performance.now();
      loop.disable();
      void parley.stop().then(async () => {
        await send({ type: 'stopped', ms: performance.now() - t0 });
        process.exit(0);
      });
    }
  });
  await send({ type: 'ready', port: parley.port, adapter: parley.store.adapter, timings: { entryMs, importMs, listeningMs }, memory: memory(), startupLoop });
}

main().catch((err: unknown) => {
  const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  console.error(error);
  void send({ type: 'failed', error }).then(() => process.exit(1));
});
