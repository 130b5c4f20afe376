/**
 * One open-loop load point: messages are sent on a fixed timetable (message k at t0 + k/rate, from visitor
 * k mod visitors) whatever happened to the earlier ones, and every latency is measured from the *scheduled* send
 * time, so a slow server (or a slow load generator) cannot hide its queueing delay by slowing the senders down
 * (no coordinated omission). Messages scheduled during the warm-up are sent but not measured.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Rig } from './rigs.ts';
import { summarize, type LatencySummary } from './stats.ts';

export interface PointSpec {
  /** Target total rate, messages per second. */
  rate: number;
  warmupSeconds: number;
  seconds: number;
  /** Acks and deliveries arriving later than this after the last scheduled send count as lost. */
  deadlineSeconds: number;
  /** Unique per point: late answers from an earlier point are ignored. */
  tag: string;
}

export interface PointResult {
  rate: number;
  /** Messages scheduled in the measured window. */
  measured: number;
  /** Every message (warm-up included) was answered and delivered before the deadline: the server has no backlog. */
  drained: boolean;
  /** Acks with ok:true before the deadline, as a fraction of `measured`. */
  ackedFraction: number;
  /** Acks with ok:false (counted as lost in the percentiles), by error code. */
  errors: Map<string, number>;
  ack: LatencySummary;
  delivery: LatencySummary;
  /** How late the load generator actually sent, relative to the timetable (a client-health figure). */
  sendLag: LatencySummary;
  /**
   * CPU used during the measured window, in cores (1 = one core busy): the load generator (this process), the server
   * under test, the database process when there is a local one, and the rest of the host (anything else running).
   */
  cpu: {
    client: number;
    server: number | null;
    serverMain: number | null;
    /** The server's busiest thread besides the main one (Parley on the embedded store: its SQLite writer). */
    serverBusiestOther: number | null;
    db: number | null;
    rest: number;
    restPeak: number;
  };
}

export interface ServerProbe {
  cpuSeconds(): number | null;
  /** The server's main thread (event loop) alone, when known. */
  mainThreadCpuSeconds?: () => number | null;
  /** Each of its other threads, by thread id, when known. */
  otherThreadsCpuSeconds?: () => Map<number, number> | null;
  exit(): string | null;
  /** CPU seconds of the database process (local FerretDB), when there is one to watch. */
  dbCpuSeconds?: () => number | null;
}

function hostCpuTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const c of cpus()) {
    const t = c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
    total += t;
    busy += t - c.times.idle;
  }
  return { busy, total };
}

/** Cores the host kept busy over the next `ms` milliseconds (/proc/stat via os.cpus()), minus the excluded processes' CPU. */
export async function hostBusyCores(ms: number, excludeCpuSeconds: () => number = () => 0): Promise<number> {
  const a = hostCpuTimes();
  const excludedA = excludeCpuSeconds();
  const started = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const b = hostCpuTimes();
  const excluded = (excludeCpuSeconds() - excludedA) / ((performance.now() - started) / 1000);
  const total = b.total - a.total;
  return Math.max(0, (total > 0 ? ((b.busy - a.busy) / total) * cpus().length : 0) - excluded);
}

interface CpuMark {
  wall: number;
  client: NodeJS.CpuUsage;
  server: number | null;
  serverMain: number | null;
  serverOthers: Map<number, number> | null;
  db: number | null;
  host: { busy: number; total: number };
}

const mark = (server: ServerProbe): CpuMark => ({
  wall: performance.now(),
  client: process.cpuUsage(),
  server: server.cpuSeconds(),
  serverMain: server.mainThreadCpuSeconds?.() ?? null,
  serverOthers: server.otherThreadsCpuSeconds?.() ?? null,
  db: server.dbCpuSeconds?.() ?? null,
  host: hostCpuTimes(),
});

function cpuBetween(a: CpuMark, b: CpuMark): PointResult['cpu'] {
  const wallS = Math.max(1e-6, (b.wall - a.wall) / 1000);
  const clientS = (b.client.user - a.client.user + b.client.system - a.client.system) / 1e6;
  const hostTotal = b.host.total - a.host.total;
  const hostCores = hostTotal > 0 ? ((b.host.busy - a.host.busy) / hostTotal) * cpus().length : Number.NaN;
  const client = clientS / wallS;
  const server = a.server !== null && b.server !== null ? (b.server - a.server) / wallS : null;
  const serverMain = a.serverMain !== null && b.serverMain !== null ? (b.serverMain - a.serverMain) / wallS : null;
  const db = a.db !== null && b.db !== null ? (b.db - a.db) / wallS : null;
  const rest = Math.max(0, hostCores - client - (server ?? 0) - (db ?? 0));
  return { client, server, serverMain, serverBusiestOther: busiestThread(a.serverOthers, b.serverOthers, wallS), db, rest, restPeak: rest };
}

/** The most CPU one thread used between two readings (threads present in both), in cores. */
function busiestThread(a: Map<number, number> | null, b: Map<number, number> | null, wallS: number): number | null {
  if (!a || !b) return null;
  let most = 0;
  for (const [tid, seconds] of b) {
    const before = a.get(tid);
    if (before !== undefined) most = Math.max(most, seconds - before);
  }
  return most / wallS;
}

const SAMPLE_MS = 250;
const TEXT = 'Hello, I have a question about my order, could someone help me please?';

export async function runPoint(rig: Rig, spec: PointSpec, server: ServerProbe): Promise<PointResult> {
  const interval = 1000 / spec.rate;
  const warm = Math.round(spec.rate * spec.warmupSeconds);
  const total = warm + Math.round(spec.rate * spec.seconds);
  const ackLatency = new Float64Array(total).fill(Number.NaN);
  const deliveryLatency = new Float64Array(total).fill(Number.NaN);
  const sendLag = new Float64Array(total).fill(Number.NaN);
  const errors = new Map<string, number>();
  const prefix = `${spec.tag}_`;
  let answered = 0;
  let delivered = 0;

  const t0 = performance.now() + 20;
  const scheduled = (k: number) => t0 + k * interval;
  const deadline = scheduled(total) + spec.deadlineSeconds * 1000;

  rig.onDelivered((clientMsgId) => {
    if (!clientMsgId.startsWith(prefix)) return;
    const k = Number.parseInt(clientMsgId.slice(prefix.length), 10);
    if (!(k >= 0 && k < total) || !Number.isNaN(deliveryLatency[k]!)) return;
    const now = performance.now();
    if (now > deadline) return;
    deliveryLatency[k] = now - scheduled(k);
    delivered++;
  });

  const sendOne = (k: number, now: number) => {
    sendLag[k] = now - scheduled(k);
    rig.send(k % rig.visitorCount, `${prefix}${k.toString().padStart(8, '0')}`, TEXT, (ok, error) => {
      const at = performance.now();
      answered++;
      if (at > deadline) return;
      if (ok) ackLatency[k] = at - scheduled(k);
      else errors.set(error ?? 'unknown', (errors.get(error ?? 'unknown') ?? 0) + 1);
    });
  };

  // CPU marks every SAMPLE_MS through the measured window: a short burst of another process on the host is enough to
  // spoil a p99 (1% of 15 s is 150 ms), and it disappears in the average.
  let start: CpuMark | undefined;
  let restPeak = 0;
  let sampler: NodeJS.Timeout | undefined;
  const startSampling = () => {
    start = mark(server);
    let previous = start;
    sampler = setInterval(() => {
      const now = mark(server);
      if (now.wall - previous.wall >= SAMPLE_MS / 2) restPeak = Math.max(restPeak, cpuBetween(previous, now).rest);
      previous = now;
    }, SAMPLE_MS);
  };
  await new Promise<void>((resolve) => {
    let k = 0;
    const tick = () => {
      const now = performance.now();
      if (!start && k >= warm && now >= scheduled(warm)) startSampling();
      while (k < total && scheduled(k) <= now) sendOne(k++, now);
      if (k >= total) return resolve();
      // Timers have a 1 ms floor: at high rates each tick sends the batch that became due (the lag is measured).
      setTimeout(tick, Math.max(1, scheduled(k) - performance.now()));
    };
    setTimeout(tick, Math.max(0, t0 - performance.now()));
  });
  clearInterval(sampler);
  const end = mark(server);
  const cpu = cpuBetween(start ?? end, end);

  // Wait for the stragglers until the deadline (or until everything is in).
  while (performance.now() < deadline && (answered < total || delivered < total)) {
    const exit = server.exit();
    if (exit) throw new Error(`the server under test exited (${exit}) during the run`);
    await new Promise((r) => setTimeout(r, 20));
  }
  rig.onDelivered(() => {});
  const exit = server.exit();
  if (exit) throw new Error(`the server under test exited (${exit}) during the run`);

  const ack = summarize(ackLatency, warm, total);
  return {
    rate: spec.rate,
    measured: total - warm,
    drained: answered === total && delivered === total,
    ackedFraction: ack.count ? ack.answered / ack.count : Number.NaN,
    errors,
    ack,
    delivery: summarize(deliveryLatency, warm, total),
    sendLag: summarize(sendLag, warm, total),
    cpu: { ...cpu, restPeak: Math.max(cpu.rest, restPeak) },
  };
}
