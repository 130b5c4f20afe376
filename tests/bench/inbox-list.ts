/**
 * Inbox list benchmark: Parley's embedded store with 10,000 tickets and 100,000 messages (bench/seed-sqlite.ts), the
 * compiled server in its own process (bench/server-process.ts), and
 *   - server answers of `agent:conversations` as the inbox asks for them, measured by one agent's socket, one call at
 *     a time: the queues (first page of 100), the next pages by cursor (200 each), filters, and searches (a word of a
 *     message in English and Korean, a prefix, an e-mail, a contact's name, a ticket number, a word nobody wrote);
 *     p50 and max over --calls calls each, verdict on the max (list and filter ≤ 300 ms, search ≤ 500 ms);
 *   - in Chromium (the built inbox): the time from navigation to the first rows, from a filter or a search to its
 *     rows, loading all 10,000 rows by scrolling (infinite scroll), the frames while scrolling through them, the rows
 *     in the DOM (windowed) and the page's JS heap after a garbage collection.
 *
 * Usage: tsx bench/inbox-list.ts [--tickets 10000] [--messages 100000] [--calls 30] [--seed 42] [--quick] [--no-browser]
 *                                [--budget-exit-code 0]
 *   --quick  smoke run: 2,000 tickets / 20,000 messages, 10 calls
 * Exit code: 0 when the bench ran (verdicts in the output; with --budget-exit-code N, N when a budget was missed);
 * 1 when the bench itself failed. Build first (`pnpm build`): the server and the inbox run compiled.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Conversation } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { launchBrowser } from '../support/browser.ts';
import { measureBrowser, type BrowserFigures } from './inbox-list-browser.ts';
import { startServer, tempDirs } from './server-process.ts';
import { DATABASE_FILE, openDatabase, seedDatabase } from './seed-sqlite.ts';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string' },
    messages: { type: 'string' },
    calls: { type: 'string' },
    seed: { type: 'string', default: '42' },
    quick: { type: 'boolean', default: false },
    'no-browser': { type: 'boolean', default: false },
    'budget-exit-code': { type: 'string', default: '0' },
  },
});
const positiveInt = (name: string, raw: string): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer (got ${raw})`);
  return n;
};
const TICKETS = positiveInt('tickets', values.tickets ?? (values.quick ? '2000' : '10000'));
const MESSAGES = positiveInt('messages', values.messages ?? (values.quick ? '20000' : '100000'));
const CALLS = positiveInt('calls', values.calls ?? (values.quick ? '10' : '30'));
const SEED = positiveInt('seed', values.seed);
const BUDGET_EXIT_CODE = Number(values['budget-exit-code']);

const ADMIN = { email: 'admin@list.bench', password: 'inbox list bench password' };
const BUDGET = { listMs: 300, searchMs: 500, firstRowsMs: 1000, frameMs: 50, heapMB: 100, domRows: 200 } as const;
const FIRST_PAGE = 100; // the inbox's first page (hooks/useConversationList.ts LIST_LIMIT)
const MORE_PAGE = 200; // and each next one (MORE_LIMIT)
const WARMUP = 2;

// ── output ─────────────────────────────────────────────────────────────────────

const lines: Array<{ budget: boolean; text: string; limit?: string; pass?: boolean }> = [];
const info = (text: string) => lines.push({ budget: false, text });
const budget = (text: string, pass: boolean, limit: string) => lines.push({ budget: true, text, limit, pass });
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));
const progress = (text: string) => process.stderr.write(`[inbox-list] ${text}\n`);

function stats(samples: number[]): { p50: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length / 2)] ?? 0, max: s[s.length - 1] ?? 0 };
}

// ── the agent's socket ─────────────────────────────────────────────────────────

type Page = { conversations: Conversation[]; nextCursor: string | null };

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-parley-csrf': '1' },
    body: JSON.stringify(ADMIN),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie()[0]?.split(';')[0];
  if (!cookie) throw new Error('login answered without a session cookie');
  return cookie;
}

async function agentSocket(url: string, cookie: string): Promise<Socket> {
  const socket = io(`${url}/agent`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

async function list(socket: Socket, payload: object): Promise<{ ms: number; page: Page }> {
  const t0 = performance.now();
  const answer = (await socket.timeout(30_000).emitWithAck('agent:conversations', payload)) as ({ ok: true } & Page) | { ok: false; error: { code: string; message: string } };
  const ms = performance.now() - t0;
  if (!answer.ok) throw new Error(`agent:conversations ${JSON.stringify(payload)}: ${answer.error.code}: ${answer.error.message}`);
  return { ms, page: answer };
}

/** One figure: the same call CALLS times (after a warm-up); rows = what the first answer held. */
async function figure(socket: Socket, name: string, payload: object, limitMs: number): Promise<Page> {
  let first: Page | null = null;
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + CALLS; i++) {
    const { ms, page } = await list(socket, payload);
    first ??= page;
    if (i >= WARMUP) samples.push(ms);
  }
  const { p50, max } = stats(samples);
  const rows = `${first!.conversations.length}${first!.nextCursor ? '+' : ''} rows`;
  budget(`${name} (${rows}): p50 ${fmt(p50)} ms, max ${fmt(max)} ms`, max <= limitMs, `≤ ${limitMs} ms, judged on the max`);
  return first!;
}

/** Every page of the 'all' list by cursor: the time of each next page. */
async function pages(socket: Socket): Promise<number> {
  const samples: number[] = [];
  let cursor: string | null = (await list(socket, { queue: 'all', limit: FIRST_PAGE })).page.nextCursor;
  let rows = FIRST_PAGE;
  while (cursor) {
    const { ms, page } = await list(socket, { queue: 'all', limit: MORE_PAGE, cursor });
    samples.push(ms);
    rows += page.conversations.length;
    cursor = page.nextCursor;
  }
  const { p50, max } = stats(samples);
  budget(`next page by cursor, ${MORE_PAGE} rows (${samples.length} pages to the end, ${rows} rows): p50 ${fmt(p50)} ms, max ${fmt(max)} ms`, max <= BUDGET.listMs, `≤ ${BUDGET.listMs} ms, judged on the max`);
  return rows;
}

/** Values to search for that the seeded data holds. */
function searchTargets(file: string): { email: string; name: string; number: number } {
  const db = openDatabase(file, true);
  try {
    const contact = db.prepare(`SELECT email, name FROM contacts WHERE email IS NOT NULL ORDER BY email LIMIT 1 OFFSET 10`).get() as { email: string; name: string };
    return { email: contact.email, name: contact.name, number: Math.ceil(TICKETS / 2) };
  } finally {
    db.close();
  }
}

// ── the run ────────────────────────────────────────────────────────────────────

async function main(): Promise<number> {
  const cpus = os.cpus();
  console.log(`command: tsx bench/inbox-list.ts ${process.argv.slice(2).join(' ')}`.trimEnd());
  console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-inbox-list-'));
  tempDirs.add(dir);
  progress('first start on an empty DATA_DIR (schema, desk, admin)');
  const first = await startServer(dir, ADMIN);
  await first.stop();
  const file = path.join(dir, DATABASE_FILE);
  const seeded = seedDatabase(file, { tickets: TICKETS, messages: MESSAGES, seed: SEED, log: progress });
  info(`data: ${TICKETS} tickets, ${MESSAGES} messages (search index included), seeded in ${seeded.seconds.toFixed(1)} s; statuses ${JSON.stringify(seeded.statuses)}`);
  const targets = searchTargets(file);

  const server = await startServer(dir, ADMIN);
  try {
    const cookie = await login(server.url);
    const socket = await agentSocket(server.url, cookie);
    progress(`server answers, ${CALLS} calls each`);
    const L = BUDGET.listMs;
    const S = BUDGET.searchMs;
    for (const queue of ['all', 'unassigned', 'mine', 'open'] as const) await figure(socket, `list '${queue}', first page`, { queue, limit: FIRST_PAGE }, L);
    await pages(socket);
    await figure(socket, `filter priority urgent`, { queue: 'all', filters: { priority: 'urgent' }, limit: FIRST_PAGE }, L);
    await figure(socket, `filter tag 'refund'`, { queue: 'all', filters: { tag: 'refund' }, limit: FIRST_PAGE }, L);
    await figure(socket, `filter status pending`, { queue: 'all', filters: { status: 'pending' }, limit: FIRST_PAGE }, L);
    await figure(socket, `filter 'open' + unassigned + priority high`, { queue: 'open', filters: { assigneeId: null, priority: 'high' }, limit: FIRST_PAGE }, L);
    await figure(socket, `filter channel email (no ticket has it: every row read)`, { queue: 'all', filters: { channel: 'email' }, limit: FIRST_PAGE }, L);
    const searches: Array<[string, string]> = [
      ['a common word of messages', 'refund'],
      ['a Korean word of messages', '환불'],
      ['a word prefix', 'deliv'],
      ['two words of one message', 'refund shipping'],
      ['a contact e-mail', targets.email],
      ['a contact name', targets.name],
      ['a ticket number', `#${targets.number}`],
      ['a number as text', String(targets.number)],
      ['a word nobody wrote', 'xylophone'],
    ];
    for (const [what, search] of searches) await figure(socket, `search ${what} '${search}'`, { queue: 'all', search, limit: FIRST_PAGE }, S);
    await figure(socket, `search 'refund' in 'open', priority high`, { queue: 'open', search: 'refund', filters: { priority: 'high' }, limit: FIRST_PAGE }, S);
    const numbers = async (payload: object) => (await list(socket, { limit: FIRST_PAGE, ...payload })).page.conversations.slice(0, 5).map((c) => c.number);
    const expected = {
      total: TICKETS,
      all: await numbers({ queue: 'all' }),
      urgent: await numbers({ queue: 'all', filters: { priority: 'urgent' } }),
      searchText: '환불',
      search: await numbers({ queue: 'all', search: '환불' }),
      number: targets.number,
    };
    socket.close();

    if (!values['no-browser']) {
      progress('Chromium: the built inbox');
      const browser = await launchBrowser();
      try {
        report(await measureBrowser(browser, server.url, cookie, expected));
      } finally {
        await browser.close();
      }
    }
    const memory = await server.request({ type: 'report' });
    info(`server memory after the run: RSS ${(memory.memory.rss / 2 ** 20).toFixed(0)} MB (main thread and the SQLite writer thread)`);
  } finally {
    await server.stop();
  }

  console.log('');
  for (const l of lines) {
    const head = l.budget ? 'budget  inbox-list: ' : 'info    inbox-list: ';
    console.log(`${head}${l.text}${l.budget ? ` (budget ${l.limit}) ${l.pass ? 'PASS' : 'FAIL'}` : ''}`);
  }
  const judged = lines.filter((l) => l.budget);
  const missed = judged.filter((l) => !l.pass);
  console.log(`\n${judged.length - missed.length} of ${judged.length} budgets met; load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  return missed.length;
}

function report(f: BrowserFigures): void {
  const B = BUDGET;
  info(`Chromium: first visit, navigation to the first rows (nothing cached): ${fmt(f.firstRowsColdMs)} ms`);
  budget(`Chromium: navigation to the first rows of the list (page, cached bundle, socket, first page): ${fmt(f.firstRowsMs)} ms`, f.firstRowsMs <= B.firstRowsMs, `≤ ${B.firstRowsMs} ms`);
  budget(`Chromium: filter priority urgent until its rows show: ${fmt(f.filterMs)} ms`, f.filterMs <= B.listMs, `≤ ${B.listMs} ms`);
  budget(`Chromium: search '${f.searchText}' (Enter) until its rows show: ${fmt(f.searchMs)} ms`, f.searchMs <= B.searchMs, `≤ ${B.searchMs} ms`);
  budget(`Chromium: search by number until its row shows: ${fmt(f.numberMs)} ms`, f.numberMs <= B.searchMs, `≤ ${B.searchMs} ms`);
  info(`Chromium: loading all ${f.loadedRows} rows by scrolling to the end (${f.pages} pages): ${(f.loadAllMs / 1000).toFixed(1)} s`);
  for (const [what, sc] of [['like a wheel', f.wheel], ['dragging the scroll bar', f.drag]] as const) {
    budget(
      `Chromium: scrolling ${what}, ${sc.rowsPerStep.toFixed(0)} rows per frame for ${sc.steps} frames, ${f.loadedRows} rows loaded: frame p50 ${fmt(sc.frameP50)} ms, ` +
        `p95 ${fmt(sc.frameP95)} ms, max ${fmt(sc.frameMax)} ms; ${sc.longTasks} long tasks (≥ 50 ms)${sc.longTasks ? `, longest ${fmt(sc.longTaskMax)} ms` : ''}`,
      sc.frameP95 <= B.frameMs,
      `p95 ≤ ${B.frameMs} ms`,
    );
  }
  budget(`Chromium: rows in the DOM with ${f.loadedRows} loaded: ${f.drag.domRows}`, f.drag.domRows <= B.domRows, `≤ ${B.domRows}`);
  budget(
    `Chromium: JS heap after a GC: ${f.heapFirstMB.toFixed(1)} MB with the first page, ${f.heapAllMB.toFixed(1)} MB with ${f.loadedRows} rows loaded and scrolled`,
    f.heapAllMB <= B.heapMB,
    `≤ ${B.heapMB} MB`,
  );
}

main().then(
  (missed) => process.exit(missed > 0 ? BUDGET_EXIT_CODE : 0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
