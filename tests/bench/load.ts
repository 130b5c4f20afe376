/**
 * Open-loop load benchmark: Parley's persisted visitor → agent message path against a bare Socket.IO relay, in the
 * same run, on the same client harness and at the same rates.
 *
 * Scenario: 500 visitors, each in its own conversation; 5 agents logged in on the desk, each with ~1/5 of the tickets
 * open (`agent:open`, so they get `message.created` in the ticket rooms). Messages are sent on a fixed timetable at a
 * total rate R, spread round-robin over the visitors, without waiting for earlier acks (open loop); latencies are
 * measured from the scheduled send time. Per point: warm-up, then `--seconds` measured, then up to `--deadline`
 * seconds for stragglers; a message not acked by then counts as infinitely late.
 *
 * The server under test runs in its own process (bench/load/server-under-test.ts), so the load generator never shares
 * an event loop with it. bare and embedded get a fresh server (fresh DATA_DIR) and fresh clients for every point, so
 * points do not inherit each other's backlog or data; mongo, whose setup takes minutes on FerretDB, reuses them
 * across points unless a point left a backlog (--reuse). A rate sweep per target stops at the first rate whose ack
 * p99 exceeds the target's limit, then bisects between the last passing and the first failing rate.
 *
 * The machine has 2 cores, one for the clients and one for the server: before each point the bench waits for the
 * rest of the host to go quiet, and a failing point during which other processes took CPU is measured again.
 *
 * Usage: tsx bench/load.ts --help
 * Exit code: 0 every budget met (or not decidable from what was measured), 3 a budget missed, 1 the bench itself
 * failed (e.g. Parley did not start or crashed during a point).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { disposeMongoServer, dropDatabase, freshDatabase, localServerPid, mongoServer } from './load/mongo.ts';
import { hostBusyCores, runPoint, type PointResult, type ServerProbe } from './load/open-loop.ts';
import { forgetTempDir, installCleanup, processCpuSeconds, startServerUnderTest, trackTempDir, type ServerUnderTest } from './load/processes.ts';
import { bareRig, parleyRig, type Rig } from './load/rigs.ts';
import { ms, pct } from './load/stats.ts';

// ── budgets (from the issue) ───────────────────────────────────────────────────

const TARGETS = ['bare', 'embedded', 'mongo'] as const;
type TargetName = (typeof TARGETS)[number];

/** "Max rate" of a target = highest rate with ack p99 at or below this. */
const P99_LIMIT_MS: Record<TargetName, number> = { bare: 50, embedded: 50, mongo: 100 };
const LABEL: Record<TargetName, string> = { bare: 'bare Socket.IO relay', embedded: 'Parley, embedded store', mongo: 'Parley, MongoDB store' };
const BUDGET = {
  /** embedded: max rate at ack p99 ≤ 50 ms, msg/s. */
  embeddedRate: 4000,
  /** embedded max rate / bare relay max rate (both at ack p99 ≤ 50 ms). */
  embeddedVsBare: 0.5,
  /** mongo: max rate at ack p99 ≤ 100 ms, msg/s. */
  mongoRate: 1000,
};
const EXIT_BUDGET_MISSED = 3; // bench/all.ts treats it as "ran fine, missed a budget"

/** Above this the load generator may itself be the bottleneck: such points are flagged. */
const CLIENT_CPU_LIMIT = 0.9;
const SEND_LAG_P99_LIMIT_MS = 10;
/**
 * A point is "on a busy host" when other processes used this many cores on average, or BUSY_HOST_PEAK_CORES in any
 * 250 ms window; a failing one is measured once more.
 */
const BUSY_HOST_CORES = 0.3;
const BUSY_HOST_PEAK_CORES = 0.6;
/** The mongo target's own ladder when --rates is not given (the test server takes a few dozen msg/s). */
const MONGO_RATES = '10,25,50,100,250,500,1000,2000';
/** The sweep halves a failing lowest rate down to this. */
const MIN_RATE = 5;
/** Before a point the server (+ local database) may take up to SETTLE_SECONDS to fall below SETTLED_CORES. */
const SETTLED_CORES = 0.1;
const SETTLE_SECONDS = 10;
/** Seconds the host must have been quiet before a point starts. */
const QUIET_SECONDS = 3;

const ADMIN = { email: 'bench@parley.local', password: 'bench password 123' };

// ── options ─────────────────────────────────────────────────────────────────

const USAGE = `usage: tsx bench/load.ts [options]
  --quick              smoke test: 3 s per point, 1 s warm-up, rates 1000,4000, no bisection
  --targets LIST       any of bare,embedded,mongo (default bare,embedded; +mongo with --adapter mongo or MONGODB_URI)
  --adapter NAME       embedded (default) or mongo: mongo adds the MongoDB target
  --rates LIST         total msg/s per step (default 500,1000,2000,4000,6000,8000,12000,16000,24000,32000; for the
                       mongo target ${MONGO_RATES}: its setup takes minutes per point, so its ladder starts low)
  --seconds N          measured seconds per point (default 15)
  --warmup N           unmeasured seconds at the same rate before each point (default 3)
  --deadline N         seconds after the last send to wait for acks/deliveries (default 5)
  --bisect N           bisection steps between the last passing and the first failing rate (default 2);
                       when even the lowest rate fails, the rate is first halved until one passes (down to ${MIN_RATE};
                       not with --bisect 0)
  --visitors N         visitor sockets, one conversation each (default 500)
  --agents N           agent sockets, each with 1/N of the tickets open (default 5)
  --reuse LIST         targets that keep one server + clients across points (default mongo: its setup takes minutes;
                       all|none|list); a point that leaves a backlog still gets a fresh server for the next one
  --server-env K=V     extra environment for the Parley server (repeatable), e.g. --server-env SQLITE_SYNC=normal
                       (SQLITE_SYNC set in the bench's own environment is passed on too)
  --quiet-wait N       before each point wait up to N s until other processes have used < ${BUSY_HOST_CORES} cores for
                       ${QUIET_SECONDS} s (default 120; --quick 10; 0 = don't wait). A failing point run on a busy host is
                       measured once more.
MONGODB_URI=mongodb://host:port/ selects an existing server for the mongo target (else FerretDB from tests/mongo-server).`;

function options() {
  const argv = process.argv.slice(2);
  const dashDash = argv.indexOf('--');
  if (dashDash >= 0) argv.splice(dashDash, 1); // `pnpm bench -- --quick` may pass the separator through
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      targets: { type: 'string' },
      adapter: { type: 'string' },
      rates: { type: 'string' },
      seconds: { type: 'string' },
      warmup: { type: 'string' },
      deadline: { type: 'string' },
      bisect: { type: 'string' },
      visitors: { type: 'string', default: '500' },
      agents: { type: 'string', default: '5' },
      'quiet-wait': { type: 'string' },
      reuse: { type: 'string', default: 'mongo' },
      'server-env': { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const num = (name: string, raw: string | undefined, fallback: number, min: number): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min} (got ${raw})\n${USAGE}`);
    return n;
  };
  const quick = values.quick;
  const rateList = (list: string) => [...new Set(list.split(',').map((r) => num('rates', r.trim(), 0, 1)))].sort((a, b) => a - b);
  const rates = rateList(values.rates ?? (quick ? '1000,4000' : '500,1000,2000,4000,6000,8000,12000,16000,24000,32000'));
  const mongoRates = values.rates === undefined ? rateList(quick ? '10,50' : MONGO_RATES) : rates;
  if (values.adapter !== undefined && values.adapter !== 'embedded' && values.adapter !== 'mongo') {
    throw new Error(`--adapter must be embedded or mongo (got ${values.adapter})`);
  }
  const wantMongo = values.adapter === 'mongo' || Boolean(process.env.MONGODB_URI);
  const targets = (values.targets ?? (wantMongo ? 'bare,embedded,mongo' : 'bare,embedded')).split(',').map((t) => t.trim());
  for (const t of targets) if (!(TARGETS as readonly string[]).includes(t)) throw new Error(`unknown target "${t}" (use ${TARGETS.join(',')})`);
  const reuseList = values.reuse === 'all' ? [...TARGETS] : values.reuse === 'none' ? [] : values.reuse.split(',').map((t) => t.trim());
  for (const t of reuseList) if (!(TARGETS as readonly string[]).includes(t)) throw new Error(`--reuse: unknown target "${t}"`);
  const reuse = TARGETS.filter((t) => reuseList.includes(t));
  const serverEnv: Record<string, string> = process.env.SQLITE_SYNC ? { SQLITE_SYNC: process.env.SQLITE_SYNC } : {};
  for (const pair of values['server-env']) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--server-env wants KEY=VALUE (got ${pair})`);
    serverEnv[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return {
    quick,
    targets: TARGETS.filter((t) => targets.includes(t)),
    rates,
    mongoRates,
    seconds: num('seconds', values.seconds, quick ? 3 : 15, 0.5),
    warmup: num('warmup', values.warmup, quick ? 1 : 3, 0),
    deadline: num('deadline', values.deadline, 5, 0.1),
    bisect: Math.floor(num('bisect', values.bisect, quick ? 0 : 2, 0)),
    visitors: Math.floor(num('visitors', values.visitors, 500, 1)),
    agents: Math.floor(num('agents', values.agents, 5, 1)),
    quietWait: num('quiet-wait', values['quiet-wait'], quick ? 10 : 120, 0),
    reuse,
    serverEnv,
  };
}
type Options = ReturnType<typeof options>;

// ── header ──────────────────────────────────────────────────────────────────

const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function printHeader(o: Options): void {
  const script = path.relative(process.cwd(), process.argv[1] ?? 'bench/load.ts');
  const cpus = os.cpus();
  const models = [...new Set(cpus.map((c) => c.model.trim()))].join(' / ');
  const head = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain'])?.split('\n').filter(Boolean).length ?? 0;
  console.log('Parley load bench: open-loop visitor → agent messages, Parley against a bare Socket.IO relay');
  console.log(`command   cd ${quote(process.cwd())} && tsx ${[script, ...process.argv.slice(2)].map(quote).join(' ')}`);
  if (process.env.npm_lifecycle_script && process.env.npm_lifecycle_event !== 'npx') console.log(`          (via package script: ${process.env.npm_lifecycle_script})`);
  console.log(`machine   ${cpus.length} cpus (${models}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()} ${os.arch()}`);
  console.log(`          node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at start`);
  if (head) console.log(`tree      git ${head}${dirty ? `, ${dirty} uncommitted change(s) in the tree` : ''}`);
  console.log(
    `scenario  ${o.visitors} visitors (own conversation each), ${o.agents} agents (each with 1/${o.agents} of the tickets open), websocket only;`,
  );
  console.log(`          open loop, latency from the scheduled send time; ${o.warmup} s warm-up + ${o.seconds} s measured per point,`);
  console.log(`          acks/deliveries later than ${o.deadline} s after the last send count as lost`);
  const fresh = o.targets.filter((t) => !o.reuse.includes(t));
  const reused = o.targets.filter((t) => o.reuse.includes(t));
  if (fresh.length) console.log(`          ${fresh.join(', ')}: a fresh server process (and store) with fresh clients for every point`);
  if (reused.length) console.log(`          ${reused.join(', ')}: server and clients reused across points, replaced after a point that left a backlog`);
  if (o.targets.some((t) => t !== 'bare')) {
    const extra = Object.entries(o.serverEnv).map(([k, v]) => `${k}=${quote(v)}`);
    console.log(`          Parley env: RATE_LIMIT_SCALE=100000 LOG_LEVEL=silent, fresh DATA_DIR${extra.length ? `, ${extra.join(' ')}` : ' (other settings default)'}`);
  }
  const mongoLadder = o.targets.includes('mongo') && o.mongoRates !== o.rates ? ` (mongo: ${o.mongoRates.join(', ')})` : '';
  console.log(`          targets ${o.targets.join(', ')}; rates ${o.rates.join(', ')} msg/s${mongoLadder}; ${o.bisect} bisection step(s)`);
  console.log(`          each point waits (≤ ${o.quietWait} s) for a quiet host first; a failing point on a busy host is run again;`);
  console.log(`          after setup, the server (and local database) get ≤ ${SETTLE_SECONDS} s to go idle before the load starts`);
  console.log('columns   acked % = acked ok before the deadline; ack = send → ack, dlv = send → agent got message.created');
  console.log('          (ms from the scheduled send time, percentiles over all messages, lost ones counting as ∞);');
  console.log('          lag = how late the generator actually sent; cpu in % of one core: cli = load generator,');
  console.log('          srv = server under test, db = local FerretDB (mongo), rest = everything else on the host');
  console.log('          (average over the measured window, and its busiest 250 ms)');
}

// ── sessions and points ─────────────────────────────────────────────────────

interface Point {
  rate: number;
  /** Seconds to start the server and connect/prepare the clients; null when the point reused the previous ones. */
  setupSeconds: number | null;
  /** Cores the server (+ local database) used with no load just before the point. */
  idleCores: number;
  result: PointResult;
  /** Other processes used ≥ BUSY_HOST_CORES during the point (null: cannot tell, e.g. an external database here). */
  busy: boolean | null;
}

/** A server under test with its visitors connected, conversations started and tickets open: ready for load points. */
interface Session {
  rig: Rig;
  probe: ServerProbe;
  setupSeconds: number;
  /** CPU seconds of the processes this bench started (server, local database), left out when judging the host. */
  ownCpuSeconds(): number;
  close(): Promise<void>;
}

/** The local FerretDB's pid once known (undefined: not looked up; null: none or external). */
let mongoPid: number | null | undefined;

async function openSession(target: TargetName, o: Options): Promise<Session> {
  const started = performance.now();
  let dataDir: string | undefined;
  let database: { uri: string; database: string } | undefined;
  let server: ServerUnderTest | undefined;
  let rig: Rig | undefined;
  const close = async () => {
    rig?.close();
    await server?.kill();
    if (dataDir) {
      await rm(dataDir, { recursive: true, force: true });
      forgetTempDir(dataDir);
    }
    if (database) await dropDatabase(database.uri, database.database);
  };
  try {
    if (target === 'bare') {
      server = await startServerUnderTest('bare', {});
      rig = await bareRig(server.url, { visitors: o.visitors, agents: o.agents });
    } else {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-load-'));
      trackTempDir(dataDir);
      const env: Record<string, string> = {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'silent',
        RATE_LIMIT_SCALE: '100000', // rate limits off: one IP sends everything
        // e.g. the embedded store's durability mode SQLITE_SYNC (full: fsync per commit, the default; normal: see
        // README → Storage), from --server-env or the bench's environment.
        ...o.serverEnv,
      };
      if (target === 'mongo') {
        const m = await mongoServer();
        database = freshDatabase(m.uri);
        env.MONGODB_URI = database.uri;
        mongoPid ??= m.external ? null : localServerPid(m.uri);
      }
      server = await startServerUnderTest('parley', env);
      rig = await parleyRig(server.url, { visitors: o.visitors, agents: o.agents, admin: ADMIN });
    }
  } catch (err) {
    await close();
    throw err;
  }
  const s = server;
  const dbCpuSeconds = () => (target === 'mongo' && mongoPid ? processCpuSeconds(mongoPid) : null);
  return {
    rig,
    probe: { cpuSeconds: s.cpuSeconds, mainThreadCpuSeconds: s.mainThreadCpuSeconds, otherThreadsCpuSeconds: s.otherThreadsCpuSeconds, exit: s.exit, dbCpuSeconds },
    setupSeconds: (performance.now() - started) / 1000,
    ownCpuSeconds: () => (s.cpuSeconds() ?? 0) + (dbCpuSeconds() ?? 0),
    close,
  };
}

let pointCounter = 0;

/**
 * The bench needs the machine to itself (client and server take a core each). Before a point, waits until the rest
 * of the host has used less than BUSY_HOST_CORES for QUIET_SECONDS in a row (1 s samples), for at most `maxSeconds`;
 * then runs anyway (the point is then flagged as on a busy host, if it still is).
 */
async function waitForQuietHost(maxSeconds: number, own: () => number): Promise<void> {
  const deadline = performance.now() + maxSeconds * 1000;
  let quiet = 0;
  let busy = 0;
  let waiting = false;
  while (quiet < QUIET_SECONDS) {
    busy = await hostBusyCores(1000, own);
    quiet = busy < BUSY_HOST_CORES ? quiet + 1 : 0;
    if (quiet > 0) continue;
    if (performance.now() >= deadline) break;
    if (!waiting) process.stdout.write(`${''.padStart(9)} (other processes use ${busy.toFixed(2)} cores: waiting up to ${maxSeconds} s for a quiet host`);
    waiting = true;
  }
  if (waiting) console.log(quiet >= QUIET_SECONDS ? ': quiet now)' : `: still ${busy.toFixed(2)} cores, running anyway)`);
}

/**
 * Lets the server (and a local database) finish what the setup left behind before the load starts: waits until they
 * use less than SETTLED_CORES over 1 s, for at most SETTLE_SECONDS. Returns the last sample (cores used with no load).
 */
async function settle(session: Session): Promise<number> {
  const deadline = performance.now() + SETTLE_SECONDS * 1000;
  for (;;) {
    const before = session.ownCpuSeconds();
    const started = performance.now();
    await new Promise((r) => setTimeout(r, 1000));
    const cores = (session.ownCpuSeconds() - before) / ((performance.now() - started) / 1000);
    if (cores < SETTLED_CORES || performance.now() >= deadline) return cores;
  }
}

/**
 * Measures points for one target. Without reuse every point gets a fresh server (and store) and fresh clients;
 * with reuse the session carries over to the next point unless the point left a backlog (not everything answered).
 */
function pointRunner(target: TargetName, o: Options) {
  const reuse = o.reuse.includes(target);
  let session: Session | undefined;
  const dropSession = async () => {
    const s = session;
    session = undefined;
    await s?.close();
  };
  const run = async (rate: number): Promise<Point> => {
    if (o.quietWait > 0) await waitForQuietHost(o.quietWait, () => session?.ownCpuSeconds() ?? 0);
    let setupSeconds: number | null = null;
    if (!session) {
      session = await openSession(target, o);
      setupSeconds = session.setupSeconds;
    }
    const tag = `L${(pointCounter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    try {
      const idleCores = await settle(session);
      const result = await runPoint(session.rig, { rate, warmupSeconds: o.warmup, seconds: o.seconds, deadlineSeconds: o.deadline, tag }, session.probe);
      if (!reuse || !result.drained) await dropSession();
      // An external database's CPU lands in `rest`: then a busy host cannot be told apart.
      const busy = target === 'mongo' && !mongoPid ? null : result.cpu.rest >= BUSY_HOST_CORES || result.cpu.restPeak >= BUSY_HOST_PEAK_CORES;
      return { rate, setupSeconds, idleCores, result, busy };
    } catch (err) {
      await dropSession();
      throw err;
    }
  };
  return { run, close: dropSession };
}

// ── table ───────────────────────────────────────────────────────────────────

const cpuPct = (f: number | null, width = 5) => (f === null || Number.isNaN(f) ? '-' : `${Math.round(f * 100)}%`).padStart(width);
const clientBound = (r: PointResult) => r.cpu.client >= CLIENT_CPU_LIMIT || r.sendLag.p99 > SEND_LAG_P99_LIMIT_MS;

function tableHeader(limit: number): string {
  return (
    '     rate  setup s  acked %   ack p50     p95     p99   dlv p50     p99   lag p99  cpu cli   srv    db  rest (peak)' +
    `  p99 ≤ ${limit}\n` +
    '    msg/s                        ms      ms      ms        ms      ms        ms'
  );
}

function row(p: Point, limit: number): string {
  const r = p.result;
  const verdict = r.ack.p99 <= limit ? 'ok' : 'FAIL';
  const flags = [clientBound(r) && 'client-bound*', p.busy && 'busy host**'].filter(Boolean).join(', ');
  const line =
    `${String(p.rate).padStart(9)} ${(p.setupSeconds === null ? 'reused' : p.setupSeconds.toFixed(1)).padStart(8)} ${pct(r.ackedFraction, 8)}` +
    ` ${ms(r.ack.p50, 9)} ${ms(r.ack.p95)} ${ms(r.ack.p99)} ${ms(r.delivery.p50, 9)} ${ms(r.delivery.p99)} ${ms(r.sendLag.p99, 9)}` +
    ` ${cpuPct(r.cpu.client, 8)} ${cpuPct(r.cpu.server)} ${cpuPct(r.cpu.db)} ${cpuPct(r.cpu.rest)} (${cpuPct(r.cpu.restPeak, 4)})  ${verdict}${flags ? `  (${flags})` : ''}`;
  const notes = [line];
  const errors = [...r.errors].map(([code, n]) => `${code}×${n}`).join(', ');
  if (errors) notes.push(`${''.padStart(9)} error acks: ${errors}`);
  if (r.cpu.server !== null && r.cpu.serverMain !== null) {
    // CPU per message of each thread: the rate a thread saturates at, on a machine with a core for each, is 1/that.
    const perMessage = (cores: number) => `${Math.round((cores / r.rate) * 1e6)} µs`;
    const others = Math.max(0, r.cpu.server - r.cpu.serverMain);
    const busiest = r.cpu.serverBusiestOther;
    notes.push(
      `${''.padStart(9)} server CPU per message: main thread ${perMessage(r.cpu.serverMain)} (${cpuPct(r.cpu.serverMain, 0).trim()}), ` +
        `other threads ${perMessage(others)} (${cpuPct(others, 0).trim()})` +
        // On the embedded store the busiest other thread is the SQLite writer; the rest are V8's GC helpers and the checkpointer.
        (busiest === null || busiest < 0.02 ? '' : `, of which the busiest one ${perMessage(busiest)} (${cpuPct(busiest, 0).trim()})`),
    );
  }
  if (p.idleCores >= SETTLED_CORES) {
    notes.push(`${''.padStart(9)} before the load the server${r.cpu.db === null ? '' : ' and database'} still used ${p.idleCores.toFixed(2)} cores with no load`);
  }
  return notes.join('\n');
}

// ── sweep ───────────────────────────────────────────────────────────────────

interface Sweep {
  target: TargetName;
  limit: number;
  points: Point[];
  /** Highest passing rate (0: none passed). */
  lo: number;
  /** Lowest failing rate (Infinity: every rate tried passed, so `lo` is only a lower bound). */
  hi: number;
  /** The failing point that set `hi` ran on a busy host: the target may well do better than `lo`. */
  /** Lowest failing rate measured on a quiet host (or one we could not judge): the max is surely below it. */
  hiTrusted: number;
  clientBoundNearMax: boolean;
  error?: string;
}

const emptySweep = (target: TargetName, error?: string): Sweep => ({
  target,
  limit: P99_LIMIT_MS[target],
  points: [],
  lo: 0,
  hi: Number.POSITIVE_INFINITY,
  hiTrusted: Number.POSITIVE_INFINITY,
  clientBoundNearMax: false,
  ...(error === undefined ? {} : { error }),
});

/** The max rate is pinned down (to the sweep's resolution) only when the lowest failing point is trustworthy. */
const exact = (s: Sweep) => Number.isFinite(s.hi) && s.hi === s.hiTrusted;

async function sweep(target: TargetName, o: Options): Promise<Sweep> {
  const s = emptySweep(target);
  const limit = s.limit;
  console.log(`\n── ${target}: ${LABEL[target]}, ack p99 limit ${limit} ms ──`);
  console.log(tableHeader(limit));
  const points = pointRunner(target, o);
  const measure = async (rate: number): Promise<boolean> => {
    let p = await points.run(rate);
    // Other processes on the host can sink a point: measure a failing one again.
    if (p.result.ack.p99 > limit && p.busy) {
      const { rest, restPeak } = p.result.cpu;
      console.log(`${row(p, limit)}\n${''.padStart(9)} ↳ discarded: other processes used ${rest.toFixed(2)} cores (peak ${restPeak.toFixed(2)}) during the point; measuring again`);
      p = await points.run(rate);
    }
    s.points.push(p);
    console.log(row(p, limit));
    const pass = p.result.ack.p99 <= limit;
    if (pass) s.lo = Math.max(s.lo, rate);
    else {
      s.hi = Math.min(s.hi, rate);
      if (p.busy !== true) s.hiTrusted = Math.min(s.hiTrusted, rate);
    }
    return pass;
  };
  try {
    for (const rate of target === 'mongo' ? o.mongoRates : o.rates) if (!(await measure(rate))) break;
    // Even the lowest rate failed: halve until a rate passes, so that a slow target still gets a figure.
    while (o.bisect > 0 && s.lo === 0 && Number.isFinite(s.hi) && s.hi / 2 >= MIN_RATE) if (await measure(Math.round(s.hi / 2))) break;
    for (let i = 0; i < o.bisect && Number.isFinite(s.hi); i++) {
      const step = [1000, 500, 250, 100, 50, 25, 10, 5, 2, 1].find((n) => n <= (s.hi - s.lo) / 4) ?? 1;
      const mid = Math.round((s.lo + s.hi) / 2 / step) * step;
      if (mid <= s.lo || mid >= s.hi) break;
      await measure(mid);
    }
  } catch (err) {
    s.error = err instanceof Error ? err.message : String(err);
    console.log(`  ERROR: ${s.error.split('\n').join('\n  ')}`);
  } finally {
    await points.close();
  }
  s.clientBoundNearMax = s.points.some((p) => (p.rate === s.lo || p.rate === s.hi) && clientBound(p.result));
  if (s.points.some((p) => clientBound(p.result))) {
    console.log(
      `  *  client-bound: the load generator used ≥ ${CLIENT_CPU_LIMIT * 100}% of a core or sent > ${SEND_LAG_P99_LIMIT_MS} ms late (p99);` +
        ' its lateness is in the latencies.',
    );
  }
  if (s.points.some((p) => p.busy)) {
    console.log(
      `  ** busy host: other processes used ≥ ${BUSY_HOST_CORES} cores on average (or ≥ ${BUSY_HOST_PEAK_CORES} in a 250 ms window) during the point;` +
        ' its figures understate the target.',
    );
  }
  return s;
}

// ── verdicts ────────────────────────────────────────────────────────────────

type Verdict = 'PASS' | 'FAIL' | 'UNKNOWN' | 'ERROR' | 'SKIP';
interface Judgement {
  value: string;
  verdict: Verdict;
  note?: string;
}

function rateText(s: Sweep): string {
  if (s.points.length === 0) return 'not measured';
  if (!Number.isFinite(s.hi)) return `≥ ${s.lo} msg/s`;
  // Lowest failing point on a busy host: the max is only known to be in [lo, hiTrusted).
  if (!exact(s)) return Number.isFinite(s.hiTrusted) ? `≥ ${s.lo}, < ${s.hiTrusted} msg/s` : s.lo === 0 ? 'unknown' : `≥ ${s.lo} msg/s`;
  if (s.lo === 0) return `< ${s.hi} msg/s`;
  return `${s.lo} msg/s`;
}

function rateVerdict(s: Sweep | undefined, budget: number): Judgement {
  if (!s) return { value: 'not run', verdict: 'SKIP' };
  if (s.error && s.points.length === 0) return { value: 'not measured', verdict: 'ERROR', note: 'the target did not run' };
  const value = rateText(s);
  const note = s.error ? 'sweep ended by an error' : undefined;
  if (s.lo >= budget) return { value, verdict: 'PASS', ...(note && { note }) };
  if (s.error) return { value, verdict: 'ERROR', note: note! };
  if (!Number.isFinite(s.hi)) return { value, verdict: 'UNKNOWN', note: 'no tested rate failed: add higher --rates' };
  if (exact(s) || s.hiTrusted <= budget) return { value, verdict: 'FAIL' };
  return { value, verdict: 'UNKNOWN', note: `the failing ${s.hi} msg/s point ran on a busy host` };
}

function ratioVerdict(e: Sweep | undefined, b: Sweep | undefined, budget: number): Judgement {
  if (!e || !b) return { value: 'not run', verdict: 'SKIP', note: 'needs both bare and embedded' };
  if (e.points.length === 0 || b.points.length === 0) return { value: 'not measured', verdict: 'ERROR' };
  if (b.lo === 0) return { value: 'n/a', verdict: 'UNKNOWN', note: 'the bare relay failed at the lowest rate' };
  const ratio = e.lo / b.lo;
  const value = ratio.toFixed(2);
  if (exact(e) && exact(b)) return { value, verdict: ratio >= budget ? 'PASS' : 'FAIL' };
  // Otherwise each max is only known to lie in [lo, hiTrusted): bound the ratio accordingly.
  const lowest = e.lo / b.hiTrusted;
  const highest = e.hiTrusted / b.lo;
  const range = `${lowest.toFixed(2)}..${Number.isFinite(highest) ? highest.toFixed(2) : '∞'}`;
  if (lowest >= budget) return { value: `≥ ${lowest.toFixed(2)}`, verdict: 'PASS', note: `ratio within ${range}` };
  if (highest < budget) return { value: `< ${highest.toFixed(2)}`, verdict: 'FAIL', note: `ratio within ${range}` };
  const why = (s: Sweep, name: string) => (Number.isFinite(s.hi) ? `${name}'s failing point ran on a busy host` : `${name} never failed: add higher --rates`);
  const reasons = [!exact(e) && why(e, 'embedded'), !exact(b) && why(b, 'bare relay')].filter(Boolean).join('; ');
  return { value: `~${value}`, verdict: 'UNKNOWN', note: `ratio within ${range}: ${reasons}` };
}

function budgetLine(figure: string, v: Judgement, budget: string): string {
  return `budget  ${figure.padEnd(40)} = ${v.value.padEnd(20)} (budget ${budget})`.padEnd(88) + `  ${v.verdict}${v.note ? `  (${v.note})` : ''}`;
}

/** Highest passing rate at another limit, from the points already measured (no extra bisection). */
function maxAt(s: Sweep, limit: number): string {
  const sorted = [...s.points].sort((a, b) => a.rate - b.rate);
  let best = 0;
  for (const p of sorted) {
    if (p.result.ack.p99 <= limit) best = p.rate;
    else break;
  }
  const failed = sorted.some((p) => p.result.ack.p99 > limit);
  return failed ? (best ? `${best} msg/s` : `< ${sorted[0]!.rate} msg/s`) : `≥ ${best} msg/s`;
}

// ── main ────────────────────────────────────────────────────────────────────

async function main(): Promise<number> {
  const o = options();
  installCleanup();
  printHeader(o);
  const sweeps = new Map<TargetName, Sweep>();
  for (const target of o.targets) {
    if (target === 'mongo') {
      try {
        const m = await mongoServer();
        console.log(`\nMongoDB-compatible server: ${m.version} at ${m.uri} (a fresh database per point)`);
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        console.log(`\n── mongo: ${LABEL.mongo} ──\n  ERROR: ${error}`);
        sweeps.set(target, emptySweep(target, error));
        continue;
      }
    }
    sweeps.set(target, await sweep(target, o));
  }
  await disposeMongoServer();

  console.log('\nsummary: max rate = highest rate tried whose ack p99 was within the limit (resolution: the sweep steps)');
  for (const s of sweeps.values()) {
    const notes = [
      s.clientBoundNearMax && 'client-bound near the max',
      Number.isFinite(s.hi) && !exact(s) && 'the failing point ran on a busy host',
      s.error && 'ended by an error',
    ].filter(Boolean);
    const tail = notes.length ? `  [${notes.join('; ')}]` : '';
    console.log(`  ${s.target.padEnd(9)} ${LABEL[s.target].padEnd(24)} ack p99 ≤ ${String(s.limit).padStart(3)} ms: ${rateText(s)}${tail}`);
  }

  const bare = sweeps.get('bare');
  const embedded = sweeps.get('embedded');
  const mongo = sweeps.get('mongo');
  console.log('');
  if (bare) console.log(`info    ${'bare relay: max rate at ack p99 ≤ 50 ms'.padEnd(40)} = ${rateText(bare)}`);
  if (mongo && mongo.points.length) console.log(`info    ${'mongo: max rate at ack p99 ≤ 50 ms'.padEnd(40)} = ${maxAt(mongo, 50)}`);
  const verdicts = [
    ['embedded: max rate at ack p99 ≤ 50 ms', rateVerdict(embedded, BUDGET.embeddedRate), `≥ ${BUDGET.embeddedRate}`],
    ['embedded vs bare relay at p99 ≤ 50 ms', ratioVerdict(embedded, bare, BUDGET.embeddedVsBare), `≥ ${BUDGET.embeddedVsBare.toFixed(2)}`],
    ['mongo: max rate at ack p99 ≤ 100 ms', rateVerdict(mongo, BUDGET.mongoRate), `≥ ${BUDGET.mongoRate}`],
  ] as const;
  for (const [figure, v, budget] of verdicts) {
    const skipNote = v.verdict === 'SKIP' && figure.startsWith('mongo') ? { ...v, note: 'pass --adapter mongo or set MONGODB_URI' } : v;
    console.log(budgetLine(figure, skipNote, budget));
  }
  if (o.quick) console.log('(--quick: a smoke test; the verdicts above come from very short points and few rates)');

  const failedToRun = [...sweeps.values()].some((s) => s.error);
  if (failedToRun) return 1;
  return verdicts.some(([, v]) => v.verdict === 'FAIL') ? EXIT_BUDGET_MISSED : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
