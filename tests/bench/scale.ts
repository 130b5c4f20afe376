/**
 * Scale benchmark of the embedded (SQLite) store: Parley with 100,000 tickets and 1,000,000 messages.
 *
 * Budgets (from the issue), all on the embedded store at full size:
 *   - start-up ≤ 2 s: from spawning the production entry (node packages/server/dist/main.js, as `pnpm start`) until
 *     GET /healthz answers 200 (also reported: the instrumented server's start, until it says it is listening, split
 *     into node + tsx boot, import and startParley);
 *   - server RSS ≤ 300 MB after start and after the list/open workload;
 *   - ticket list (agent:conversations, queues all / unassigned / mine / open, limit 50) and ticket open (agent:open
 *     of random tickets) ≤ 50 ms per call: p50 / p95 / max over --calls calls each, verdict on the max. The lists run
 *     as the admin, and `mine` once more as a part-time agent with 10 active tickets among ~11k assigned ones (fewer
 *     active tickets than a page: the common case for one agent, and the worst case for the query);
 *   - the server's event loop never blocked > 20 ms during the workload (monitorEventLoopDelay inside the server, max).
 * Also reported: seeding time, database size on disk, the synchronous time of each store call inside the server.
 *
 * The data is written straight into SQLite by bench/seed-sqlite.ts after a first start of Parley on an empty DATA_DIR
 * (desk and admin), and cached in bench/.cache/scale-… (git-ignored); each run works on a fresh copy in a temp dir.
 * The server runs in its own process (bench/scale-server.ts, same startParley as `pnpm start`) and reports its event
 * loop, memory and store timings over IPC. The client is one agent on the /agent socket, one call at a time.
 *
 * Usage: tsx bench/scale.ts [--tickets 100000] [--messages 1000000] [--calls 200] [--starts 3] [--seed 42] [--reseed]
 *                           [--quick] [--cpu-prof] [--explain] [--keep] [--no-baseline] [--budget-exit-code 0]
 *   --quick       smoke run: 10k tickets / 100k messages, 50 calls (explicit --tickets etc. win)
 *   --starts      timed starts (verdict on the median; the first one also runs the workload)
 *   --reseed      rebuild the cached data set       --cpu-prof  CPU profile of the server (top functions printed)
 *   --explain     always print the query plans      --keep      keep the run's DATA_DIR copy
 * Timings are wall-clock on a machine that may be shared: the load average is printed at start and end, and each
 * phase reports the server's CPU time and how often the kernel preempted it, to tell a slow query from a busy box.
 * Exit code: 0 when the bench ran, whether or not every budget was met (the verdicts are in the output; with
 * --budget-exit-code N, N when a budget was missed, e.g. 3 for bench/all.ts); 1 when the bench itself failed (seeding,
 * the server did not start or crashed, a call failed or answered wrongly).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Conversation, Message } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { ticketFilter } from '../../packages/server/src/services/ticket-list.ts';
import { conversationQuery } from '../../packages/server/src/store/sqlite/ticket-query.ts';
import type { AgentRecord } from '../../packages/server/src/store/types.ts';
import type { LoopStats, TimingStats } from './scale-server.ts';
import { PRODUCTION_ENTRY, procMemory, startServer, tempDirs, timeProductionStart, type Ready, type Report } from './server-process.ts';
import { DATABASE_FILE, DESK_ID, PART_TIMER_EMAIL, SCHEMA_VERSION, SEED_VERSION, openDatabase, prng, seedDatabase, type Database, type SeedResult } from './seed-sqlite.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TESTS_DIR = path.resolve(HERE, '..');
const CACHE_DIR = path.join(HERE, '.cache');

const ADMIN_EMAIL = 'admin@scale.bench';
const ADMIN_PASSWORD = 'scale bench password';
const ADMIN = { email: ADMIN_EMAIL, password: ADMIN_PASSWORD };
const QUEUES = ['all', 'unassigned', 'mine', 'open'] as const;
const LIST_LIMIT = 50;
const TIMELINE_LIMIT = 1000; // what agent:open returns at most (services/tickets.ts)
const CALL_TIMEOUT_MS = 30_000;

const BUDGET = { startupS: 2, rssMB: 300, callMs: 50, loopMs: 20 } as const;

const { values } = parseArgs({
  options: {
    tickets: { type: 'string' },
    messages: { type: 'string' },
    calls: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'budget-exit-code': { type: 'string', default: '0' },
    seed: { type: 'string', default: '42' },
    reseed: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'no-baseline': { type: 'boolean', default: false },
    starts: { type: 'string', default: '3' },
  },
});
const TICKETS = positiveInt('tickets', values.tickets ?? (values.quick ? '10000' : '100000'));
const MESSAGES = positiveInt('messages', values.messages ?? (values.quick ? '100000' : '1000000'));
const CALLS = positiveInt('calls', values.calls ?? (values.quick ? '50' : '200'));
const BUDGET_EXIT_CODE = Number(values['budget-exit-code']);
if (!Number.isInteger(BUDGET_EXIT_CODE) || BUDGET_EXIT_CODE < 0 || BUDGET_EXIT_CODE > 255) {
  throw new Error(`--budget-exit-code must be an integer 0-255 (got ${values['budget-exit-code']})`);
}
const SEED = positiveInt('seed', values.seed);
const STARTS = positiveInt('starts', values.starts);

function positiveInt(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer (got ${raw})`);
  return n;
}

// ── formatting ─────────────────────────────────────────────────────────────────

const count = (n: number) => (n >= 1e6 && n % 1e5 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 100 === 0 ? `${n / 1e3}k` : String(n));
const SIZE = `${count(TICKETS)} tickets / ${count(MESSAGES)} messages`;
const mb = (bytes: number) => bytes / (1024 * 1024);
const fmtMs = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
const fmtS = (ms: number) => (ms / 1000).toFixed(2);

interface Line {
  kind: 'budget' | 'info';
  text: string;
  /** Budget lines: the limit as printed, and the verdict. */
  limit?: string;
  pass?: boolean;
}
const lines: Line[] = [];
const info = (text: string) => lines.push({ kind: 'info', text });
const budget = (text: string, pass: boolean, limit: string) => lines.push({ kind: 'budget', text, limit, pass });
const LIMIT = {
  startup: `≤ ${BUDGET.startupS} s`,
  rss: `≤ ${BUDGET.rssMB} MB`,
  call: `≤ ${BUDGET.callMs} ms per call, judged on the max`,
  loop: `≤ ${BUDGET.loopMs} ms`,
} as const;
const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const progress = (text: string) => process.stderr.write(`[scale] ${text}\n`);

function percentiles(samples: number[]): { p50: number; p95: number; max: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? 0, mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length) };
}

// ── the data set ───────────────────────────────────────────────────────────────

interface Manifest {
  seedVersion: number;
  schemaVersion: number;
  tickets: number;
  messages: number;
  seed: number;
  createdAt: string;
  firstStartMs: number;
  result: SeedResult;
}

/** The cached seeded DATA_DIR for these parameters, built when missing. */
async function seededDir(): Promise<{ dir: string; manifest: Manifest; cached: boolean }> {
  const dir = path.join(CACHE_DIR, `scale-v${SEED_VERSION}-schema${SCHEMA_VERSION}-t${TICKETS}-m${MESSAGES}-s${SEED}`);
  const manifestFile = path.join(dir, 'manifest.json');
  if (!values.reseed && existsSync(manifestFile) && existsSync(path.join(dir, DATABASE_FILE))) {
    return { dir, manifest: JSON.parse(await readFile(manifestFile, 'utf8')) as Manifest, cached: true };
  }
  const partial = `${dir}.partial-${process.pid}`;
  tempDirs.add(partial);
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  progress(`building the data set in ${path.relative(process.cwd(), dir)} (cached for later runs)`);
  // Parley's own first start: schema, desk, first admin.
  const first = await startServer(partial, ADMIN);
  await first.stop();
  progress(`first start on the empty DATA_DIR: ${fmtS(first.healthzMs)} s; seeding ${SIZE}`);
  const seeded = seedDatabase(path.join(partial, DATABASE_FILE), { tickets: TICKETS, messages: MESSAGES, seed: SEED, log: progress });
  const manifest: Manifest = {
    seedVersion: SEED_VERSION,
    schemaVersion: SCHEMA_VERSION,
    tickets: TICKETS,
    messages: MESSAGES,
    seed: SEED,
    createdAt: new Date().toISOString(),
    firstStartMs: first.healthzMs,
    result: seeded,
  };
  await flushToDisk(path.join(partial, DATABASE_FILE));
  await writeFile(path.join(partial, 'manifest.json'), JSON.stringify(manifest, null, 2));
  await rm(dir, { recursive: true, force: true });
  await rename(partial, dir);
  tempDirs.delete(partial);
  return { dir, manifest, cached: false };
}

async function flushToDisk(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** The SQL SqliteStore.listConversations runs for a queue as the inbox asks for it (services/ticket-list.ts), for EXPLAIN. */
function queueQuery(queue: Queue, agentId: string): { sql: string; params: Record<string, unknown> } {
  const agent = { id: agentId, deskId: DESK_ID } as AgentRecord;
  const filter = ticketFilter(agent, { queue, filters: {}, limit: LIST_LIMIT });
  if (!filter) throw new Error(`queue ${queue} lists nothing`);
  return conversationQuery(filter);
}

function explain(db: Database, sql: string, params: Record<string, unknown> | unknown[]): string[] {
  const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = (Array.isArray(params) ? statement.all(...params) : statement.all(params)) as Array<{ id: number; parent: number; detail: string }>;
  const depth = new Map<number, number>([[0, 0]]);
  return rows.map((r) => {
    const d = (depth.get(r.parent) ?? 0) + 1;
    depth.set(r.id, d);
    return `${'  '.repeat(d)}${r.detail}`;
  });
}

type Queue = (typeof QUEUES)[number];
type AgentName = 'admin' | 'part-timer';

/** One list phase: a queue as one agent sees it, and how many rows the database holds for it (≤ the limit). */
interface ListCase {
  name: string;
  queue: Queue;
  agent: AgentName;
  rows: number;
}

interface Phase {
  name: string;
  /** What the budget line says the phase measured. */
  title: string;
  /** Client-side latency of each call, ms. */
  samples: number[];
  report: Report;
}

interface Prepared {
  lists: ListCase[];
  targets: Array<{ id: string; number: number; lastSeq: number }>;
  plans: Array<{ title: string; plan: string[] }>;
}

/** Reads what the workload needs from the run's copy (before the server takes its exclusive lock). */
function prepare(file: string): Prepared {
  const db = openDatabase(file);
  try {
    const agentId = (email: string) => {
      const id = (db.prepare(`SELECT id FROM agents WHERE email = ?`).get(email) as { id: string } | undefined)?.id;
      if (!id) throw new Error(`no agent ${email} in the data set`);
      return id;
    };
    const ids: Record<AgentName, string> = { admin: agentId(ADMIN_EMAIL), 'part-timer': agentId(PART_TIMER_EMAIL) };
    const rand = prng(SEED + 1);
    const byNumber = db.prepare('SELECT id, number, last_seq AS lastSeq FROM conversations WHERE desk_id = ? AND number = ?');
    const targets: Prepared['targets'] = [];
    for (let i = 0; i < CALLS; i++) {
      const row = byNumber.get(DESK_ID, 1 + Math.floor(rand() * TICKETS)) as Prepared['targets'][number] | undefined;
      if (!row) throw new Error('a ticket number between 1 and --tickets is missing from the data set');
      targets.push(row);
    }
    const plans: Prepared['plans'] = [];
    const cases: Array<Omit<ListCase, 'rows'>> = [
      ...QUEUES.map((queue) => ({ name: `list '${queue}'`, queue, agent: 'admin' as const })),
      { name: `list 'mine' (part-time agent)`, queue: 'mine', agent: 'part-timer' },
    ];
    const lists = cases.map((c): ListCase => {
      const { sql, params } = queueQuery(c.queue, ids[c.agent]);
      if (c.agent === 'admin') plans.push({ title: `list '${c.queue}': ${sql}`, plan: explain(db, sql, params) });
      return { ...c, rows: (db.prepare(sql).all(params)).length };
    });
    // Rows the part-timer's `mine` query walks: every ticket assigned to them (it never finds a page of active ones).
    const partTimerTickets = (db.prepare('SELECT count(*) AS n FROM conversations WHERE desk_id = ? AND assignee_id = ?').get(DESK_ID, ids['part-timer']) as { n: number }).n;
    for (const l of lists) if (l.agent === 'part-timer') l.name = `list 'mine' as a part-time agent (${l.rows} active of ${partTimerTickets} assigned tickets)`;
    const open = [
      { title: 'open: SELECT * FROM conversations WHERE id = ?', sql: 'SELECT * FROM conversations WHERE id = ?', params: [targets[0]!.id] },
      { title: 'open: SELECT * FROM contacts WHERE id = ?', sql: 'SELECT * FROM contacts WHERE id = ?', params: ['x'] },
      {
        title: 'open: SELECT * FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
        sql: 'SELECT * FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
        params: [targets[0]!.id, 0, TIMELINE_LIMIT],
      },
    ];
    for (const q of open) plans.push({ title: q.title, plan: explain(db, q.sql, q.params) });
    return { lists, targets, plans };
  } finally {
    db.close();
  }
}

// ── the agent client ───────────────────────────────────────────────────────────

type Ack<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };

/** Every seeded agent has the admin's password. */
async function loginAgent(url: string, email: string): Promise<Socket> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-parley-csrf': '1' },
    body: JSON.stringify({ email, password: ADMIN_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0];
  if (!cookie) throw new Error('login answered without a session cookie');
  const socket = io(`${url}/agent`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

async function call<T>(socket: Socket, event: string, payload: object): Promise<{ ms: number; answer: { ok: true } & T }> {
  const t0 = performance.now();
  const answer = (await socket.timeout(CALL_TIMEOUT_MS).emitWithAck(event, payload)) as Ack<T>;
  const ms = performance.now() - t0;
  if (!answer.ok) throw new Error(`${event} ${JSON.stringify(payload)} failed: ${answer.error.code}: ${answer.error.message}`);
  return { ms, answer };
}

// ── CPU profile ────────────────────────────────────────────────────────────────

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }>;
  samples: number[];
  timeDeltas: number[];
}

/** Where a profiled function lives: an npm package, a workspace package, node itself, or V8 (GC, idle, program). */
function owner(url: string, functionName: string): string {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? url);
  }
  const ws = /\/(packages\/[^/]+|tests)\//.exec(url);
  if (ws) return ws[1]!;
  if (url.startsWith('node:')) return 'node internals';
  return url ? url : functionName || '(unknown)';
}

/** Self time by function (top N) and by owner, over the whole profile. */
function summariseProfile(file: string, top = 15): { functions: string[]; owners: string[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const owners = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^file:\/\//, '').replace(`${path.resolve(TESTS_DIR, '..')}/`, '')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + dt);
    const o = owner(url, functionName);
    owners.set(o, (owners.get(o) ?? 0) + dt);
  });
  const rank = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${fmtMs(v).padStart(8)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
  return { functions: rank(self, top), owners: rank(owners, 12) };
}

// ── the run ────────────────────────────────────────────────────────────────────

/** Returns how many budgets were missed. */
async function main(): Promise<number> {
  console.log(`command: ${path.basename(process.argv0)} ${process.argv.slice(1).map((a) => path.relative(process.cwd(), a) || a).join(' ')}`);
  const cpus = os.cpus();
  console.log(
    `machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} ${os.arch()}, ` +
      `node ${process.version}; load average ${loadavg()}`,
  );
  if (os.loadavg()[0]! > cpus.length) {
    console.log(`WARNING: the load average (${os.loadavg()[0]!.toFixed(1)}) exceeds the ${cpus.length} cores: other processes will stretch the timings`);
  }
  await fetch('http://127.0.0.1:9/').catch(() => undefined); // loads undici before any timing

  // 1. data set
  const { dir: cacheDir, manifest, cached } = await seededDir();
  const sqliteVersion = (() => {
    const db = openDatabase(path.join(cacheDir, DATABASE_FILE), true);
    try {
      return (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    } finally {
      db.close();
    }
  })();
  console.log(`sqlite:  ${sqliteVersion} (better-sqlite3), data set ${path.relative(process.cwd(), cacheDir)}${cached ? ' (cached)' : ' (built now)'}`);
  console.log(`data:    ${SIZE}, ${manifest.result.contacts} contacts, ${manifest.result.agents} agents, ${manifest.result.events} events; statuses ${JSON.stringify(manifest.result.statuses)}`);
  console.log('');
  const seededSize = fileSize(path.join(cacheDir, DATABASE_FILE));

  // 2. baseline: the same start on an empty DATA_DIR (code loading alone)
  let baselineMs: number | null = null;
  if (!values['no-baseline']) {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'parley-scale-empty-'));
    tempDirs.add(empty);
    const server = await startServer(empty, ADMIN);
    baselineMs = server.healthzMs;
    await server.stop();
    await rm(empty, { recursive: true, force: true });
    tempDirs.delete(empty);
  }

  // 3. a fresh copy for this run (the server writes)
  const runDir = await mkdtemp(path.join(os.tmpdir(), 'parley-scale-'));
  if (!values.keep) tempDirs.add(runDir);
  await copyFile(path.join(cacheDir, DATABASE_FILE), path.join(runDir, DATABASE_FILE));
  // On disk before anything is timed: otherwise the kernel writes the copy back during the measurements.
  await flushToDisk(path.join(runDir, DATABASE_FILE));
  await mkdir(path.join(runDir, 'attachments'), { recursive: true });
  const prepared = prepare(path.join(runDir, DATABASE_FILE));

  // 4. timed start
  const profDir = values['cpu-prof'] ? await mkdtemp(path.join(CACHE_DIR, 'cpu-prof-')) : undefined;
  progress(`starting Parley on ${SIZE}`);
  const server = await startServer(runDir, ADMIN, profDir ? { cpuProfDir: profDir } : {});
  const afterStart = procMemory(server.pid);
  const ready = server.ready.message;

  // 5. workload
  const sockets: Record<AgentName, Socket> = {
    admin: await loginAgent(server.url, ADMIN_EMAIL),
    'part-timer': await loginAgent(server.url, PART_TIMER_EMAIL),
  };
  const socket = sockets.admin;
  const phases: Phase[] = [];
  /** One phase of the workload between a reset and a report of the server's histogram and store timings. */
  const phase = async (name: string, title: () => string, run: () => Promise<number[]>) => {
    await server.request({ type: 'reset' });
    const samples = await run();
    const report = await server.request({ type: 'report' });
    phases.push({ name, title: title(), samples, report });
    progress(`${name}: ${samples.length} calls, p50 ${fmtMs(percentiles(samples).p50)} ms, max ${fmtMs(percentiles(samples).max)} ms, loop max ${fmtMs(report.loop.max)} ms`);
  };
  for (const list of prepared.lists) {
    const { queue, rows } = list;
    const title = () => `ticket ${list.name} (agent:conversations, limit ${LIST_LIMIT}, ${rows} rows), ${CALLS} calls`;
    await phase(list.name, title, async () => {
      const samples: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const { ms, answer } = await call<{ conversations: Conversation[] }>(sockets[list.agent], 'agent:conversations', { queue, limit: LIST_LIMIT });
        if (answer.conversations.length !== rows) {
          throw new Error(`agent:conversations ${list.name} answered ${answer.conversations.length} tickets, the database holds ${rows}`);
        }
        samples.push(ms);
      }
      return samples;
    });
  }
  let openedMessages = 0;
  const openTitle = () => `ticket open (agent:open, ${CALLS} random tickets, ${(openedMessages / CALLS).toFixed(1)} messages on average)`;
  await phase('open', openTitle, async () => {
    const samples: number[] = [];
    for (const target of prepared.targets) {
      const { ms, answer } = await call<{ conversation: Conversation; messages: Message[] }>(socket, 'agent:open', { conversationId: target.id });
      const expected = Math.min(target.lastSeq, TIMELINE_LIMIT);
      if (answer.messages.length !== expected || answer.conversation.number !== target.number) {
        throw new Error(`agent:open #${target.number} answered ${answer.messages.length} messages of #${answer.conversation.number}, expected ${expected} of #${target.number}`);
      }
      openedMessages += answer.messages.length;
      samples.push(ms);
      await call(socket, 'agent:close', { conversationId: target.id });
    }
    return samples;
  });
  const report = phases[phases.length - 1]!.report;
  const afterWork = procMemory(server.pid);
  for (const s of Object.values(sockets)) s.close();
  const stopMs = await server.stop();
  // More starts on the same data (start-up varies by a few hundred ms from run to run, mostly code loading).
  const starts: Array<{ healthzMs: number; listeningMs: number; timings: Ready['timings'] }> = [
    { healthzMs: server.healthzMs, listeningMs: server.ready.atMs, timings: ready.timings },
  ];
  for (let i = 1; i < STARTS; i++) {
    const again = await startServer(runDir, ADMIN);
    starts.push({ healthzMs: again.healthzMs, listeningMs: again.ready.atMs, timings: again.ready.message.timings });
    await again.stop();
  }
  // The budget is the start-up users get: the production entry, compiled, as `pnpm start` runs it (the instrumented
  // server above boots tsx and hooks every import, about a second more).
  const productionMs: number[] = [];
  const production = existsSync(PRODUCTION_ENTRY);
  if (production) for (let i = 0; i < STARTS; i++) productionMs.push(await timeProductionStart(runDir, ADMIN));
  const afterSize = fileSize(path.join(runDir, DATABASE_FILE));
  const walSize = fileSize(path.join(runDir, `${DATABASE_FILE}-wal`));

  // 6. figures
  const median = <T>(xs: T[], key: (x: T) => number): T => [...xs].sort((a, b) => key(a) - key(b))[Math.floor((xs.length - 1) / 2)]!;
  const typical = median(starts, (x) => x.healthzMs);
  const productionS = production ? median(productionMs, (x) => x) / 1000 : null;
  budget(
    productionS === null
      ? `start-up with ${SIZE}: not measured, ${path.relative(process.cwd(), PRODUCTION_ENTRY)} is missing (run pnpm build)`
      : `start-up with ${SIZE} = ${productionS.toFixed(2)} s from spawn of node packages/server/dist/main.js (as pnpm start) until ` +
          `GET /healthz 200 (median of ${productionMs.length} starts: ${productionMs.map(fmtS).join(', ')} s)`,
    productionS !== null && productionS <= BUDGET.startupS,
    LIMIT.startup,
  );
  info(
    `start-up of the instrumented server (tsx, bench/scale-server.ts) = ${fmtS(typical.healthzMs)} s until GET /healthz 200 ` +
      `(median of ${starts.length}: ${starts.map((x) => fmtS(x.healthzMs)).join(', ')} s)`,
  );
  const t = typical.timings;
  info(
    `start-up (that start): listening after ${fmtS(typical.listeningMs)} s (parent clock); inside the process: node + tsx boot ${fmtS(t.entryMs)} s, ` +
      `import @parley/server ${fmtS(t.importMs - t.entryMs)} s, startParley (open, migrate, desk, outbox sweep, listen) ${fmtS(t.listeningMs - t.importMs)} s; ` +
      `first start's event loop max during start-up ${fmtMs(ready.startupLoop.max)} ms`,
  );
  if (baselineMs !== null) info(`start-up on an empty DATA_DIR (same code, no data) = ${fmtS(baselineMs)} s`);
  const rssStart = afterStart?.rss ?? ready.memory.rss;
  const rssWork = afterWork?.rss ?? report.memory.rss;
  budget(`server RSS after start = ${mb(rssStart).toFixed(0)} MB (heap used ${mb(ready.memory.heapUsed).toFixed(0)} MB)`, mb(rssStart) <= BUDGET.rssMB, LIMIT.rss);
  budget(
    `server RSS after the list/open workload = ${mb(rssWork).toFixed(0)} MB (heap used ${mb(report.memory.heapUsed).toFixed(0)} MB, peak RSS ${afterWork ? mb(afterWork.peak).toFixed(0) : '?'} MB)`,
    mb(rssWork) <= BUDGET.rssMB,
    LIMIT.rss,
  );
  for (const { name, title, samples, report: r } of phases) {
    const p = percentiles(samples);
    budget(`${title} = p50 ${fmtMs(p.p50)} ms, p95 ${fmtMs(p.p95)} ms, max ${fmtMs(p.max)} ms`, p.max <= BUDGET.callMs, LIMIT.call);
    const store = Object.entries(r.store)
      .filter(([, st]) => st.count > 0)
      .map(([method, st]: [string, TimingStats]) => `${method} ×${st.count} p50 ${fmtMs(st.p50)} / p95 ${fmtMs(st.p95)} / max ${fmtMs(st.max)} ms`)
      .join('; ');
    info(
      `  ${name}: first call ${fmtMs(samples[0] ?? 0)} ms; server event loop max ${fmtMs(r.loop.max)} ms, p99 ${fmtMs(r.loop.p99)} ms; ` +
        `GC ×${r.gc.count} total ${fmtMs(r.gc.total)} ms, max pause ${fmtMs(r.gc.max)} ms${r.gc.long.length ? ` [${r.gc.long.join(', ')}]` : ''}; ` +
        `server CPU ${r.cpu.cpuMs.toFixed(0)} ms in ${r.cpu.wallMs.toFixed(0)} ms, preempted ×${r.cpu.involuntarySwitches}; ` +
        `store calls inside the server (synchronous, i.e. event loop held): ${store || 'none'}`,
    );
  }
  const worst = phases.reduce((a, b) => (b.report.loop.max > a.report.loop.max ? b : a));
  const loop: LoopStats = worst.report.loop;
  budget(
    `server event-loop delay during the workload: max ${fmtMs(loop.max)} ms (in phase ${worst.name}; p99 of that phase ${fmtMs(loop.p99)} ms; ` +
      `monitorEventLoopDelay at 1 ms resolution, values include the 1 ms interval)`,
    loop.max <= BUDGET.loopMs,
    LIMIT.loop,
  );
  info(
    `seeding ${SIZE} = ${manifest.result.seconds.toFixed(1)} s (raw better-sqlite3 inserts${cached ? `; cached, built ${manifest.createdAt}, --reseed to rebuild` : ''}; ` +
      `plus Parley's first start on the empty DATA_DIR ${fmtS(manifest.firstStartMs)} s)`,
  );
  info(
    `database file = ${mb(seededSize).toFixed(0)} MB (${(seededSize / MESSAGES).toFixed(0)} bytes per message); after the run ${mb(afterSize).toFixed(0)} MB` +
      (walSize ? ` + WAL ${mb(walSize).toFixed(1)} MB` : ''),
  );
  info(`server stop (graceful) took ${fmtMs(stopMs)} ms`);

  for (const line of lines) {
    const head = line.kind === 'budget' ? 'budget  scale: ' : 'info    scale: ';
    const tailText = line.kind === 'budget' ? ` (budget ${line.limit}) ${line.pass ? 'PASS' : 'FAIL'}` : '';
    console.log(`${head}${line.text}${tailText}`);
  }
  const judged = lines.filter((l) => l.kind === 'budget');
  const missed = judged.filter((l) => !l.pass);
  console.log(`\n${judged.length - missed.length} of ${judged.length} budgets met${missed.length ? ` (missed: ${missed.length})` : ''}`);

  if (values.explain || missed.length > 0) {
    console.log('\nquery plans (EXPLAIN QUERY PLAN on the seeded copy, no ANALYZE statistics, as the server has them):');
    for (const { title, plan } of prepared.plans) console.log(`  ${title}\n${plan.map((l) => `  ${l}`).join('\n')}`);
  }
  if (profDir) {
    const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (file) {
      console.log(`\nCPU profile of the server (whole process, start-up included): ${path.relative(process.cwd(), path.join(profDir, file))}`);
      const summary = summariseProfile(path.join(profDir, file));
      console.log('  self time by function:');
      for (const l of summary.functions) console.log(`  ${l}`);
      console.log('  self time by package:');
      for (const l of summary.owners) console.log(`  ${l}`);
    } else console.log(`\nno CPU profile was written in ${profDir}`);
  }
  console.log(`load average at the end: ${loadavg()} (other processes share the ${os.cpus().length} cores: timings vary with it)`);
  if (values.keep) console.log(`\nkept the run's DATA_DIR: ${runDir}`);
  return missed.length;
}

main().then(
  (missed) => process.exit(missed > 0 ? BUDGET_EXIT_CODE : 0),
  (err: unknown) => {
    console.error(`\nscale bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
