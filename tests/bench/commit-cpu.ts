/**
 * CPU per message of the embedded store's group commit (store/sqlite/message-steps.ts): WAL file, 500 open tickets,
 * 20,000 messages warm, then timed commits of --batch messages spread over the tickets. Prints CPU µs per message
 * (this thread's user + system time, fsyncs included as the kernel time they take) and wall µs per message, and the
 * parts of it spent in checkpoints (a second connection, as the server's checkpointer thread, every 10 commits) and
 * in catching the search index up (store/sqlite/search-indexer.ts, on the writer: every 30 commits, about the server's
 * 250 ms at a few thousand messages a second).
 *
 * --floor commits the same three rows per message (the message, the ticket's summary, its message.created event) with
 * plain prepared statements and no domain step: what SQLite alone costs for the schema, the floor under the step.
 *
 * --page-size tries another page size than SQLite's 4096 (see wal-pages.ts for what it does to the bytes written).
 *
 * Usage: tsx bench/commit-cpu.ts [--batch 20] [--messages 30000] [--sync full|normal|off] [--floor] [--page-size 8192]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { SqliteMessageSteps } from '../../packages/server/src/store/sqlite/message-steps.ts';
import { migrate } from '../../packages/server/src/store/sqlite/migrations.ts';
import { SearchIndexer } from '../../packages/server/src/store/sqlite/search-indexer.ts';
import type { MessageStep } from '../../packages/server/src/store/types.ts';
import { newOrderedId } from '../../packages/server/src/lib/ids.ts';
import { BetterSqlite3, prng, type Database } from './seed-sqlite.ts';
import { SEARCH_CATCH_UP_EVERY, insertOpenTickets, visitorStep } from './step-fixture.ts';

const { values } = parseArgs({ options: { batch: { type: 'string', default: '20' }, messages: { type: 'string', default: '30000' }, sync: { type: 'string', default: 'full' }, floor: { type: 'boolean', default: false }, 'page-size': { type: 'string', default: '4096' } } });
const BATCH = Number(values.batch);
const MESSAGES = Number(values.messages);
const TICKETS = 500;
/** Commits between checkpoints: the server checkpoints every 200 ms (CHECKPOINT_EVERY_MS), 10–25 commits at a few thousand msg/s. */
const CKPT = 10;
const WARM_MESSAGES = 20_000;

const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-commit-cpu-'));
try {
  const db = new BetterSqlite3(path.join(dir, 'parley.sqlite'));
  db.pragma(`page_size = ${Number(values['page-size'])}`); // 4096: SQLite's default, which the server keeps
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${values.sync}`);
  db.pragma('cache_size = -65536');
  db.pragma('wal_autocheckpoint = 100000');
  migrate(db);
  // As the server: checkpoints on a second connection (the server's runs on its own thread every 100 ms).
  const checkpointer = new BetterSqlite3(path.join(dir, 'parley.sqlite'));
  let checkpointCpu = 0;
  const checkpoint = () => {
    const c0 = process.cpuUsage();
    checkpointer.pragma('wal_checkpoint(PASSIVE)');
    const c = process.cpuUsage(c0);
    checkpointCpu += c.user + c.system;
  };
  const ticketIds = insertOpenTickets(db, TICKETS);
  const steps = new SqliteMessageSteps(db);
  const search = new SearchIndexer(db);
  let searchCpu = 0;
  const catchUp = () => {
    const c0 = process.cpuUsage();
    search.catchUp();
    const c = process.cpuUsage(c0);
    searchCpu += c.user + c.system;
  };
  const rand = prng(7);
  let k = 0;
  const stepCommit = (): void => {
    const group: MessageStep[] = [];
    for (let j = 0; j < BATCH; j++) group.push(visitorStep(ticketIds[k++ % TICKETS]!, `c${k.toString().padStart(9, '0')}`, rand));
    for (const r of steps.commit(group)) if (!r.ok) throw r.error as Error;
  };
  const commit = values.floor ? floorCommit(db, ticketIds, () => k++, rand) : stepCommit;
  for (let i = 0; i < WARM_MESSAGES / BATCH; i++) {
    commit();
    if (i % CKPT === CKPT - 1) checkpoint();
    if (i % SEARCH_CATCH_UP_EVERY === SEARCH_CATCH_UP_EVERY - 1) catchUp();
  }
  checkpointCpu = 0;
  searchCpu = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < MESSAGES / BATCH; i++) {
    commit();
    if (i % CKPT === CKPT - 1) checkpoint();
    if (i % SEARCH_CATCH_UP_EVERY === SEARCH_CATCH_UP_EVERY - 1) catchUp();
  }
  const cpu = process.cpuUsage(cpu0);
  checkpointer.close();
  const wall = performance.now() - t0;
  db.close();
  console.log(
    `commit-cpu ${values.floor ? 'floor (plain statements) ' : ''}batch ${BATCH} sync ${values.sync} page ${values['page-size']}: cpu ${((cpu.user + cpu.system) / MESSAGES).toFixed(1)} µs/msg (user ${(cpu.user / MESSAGES).toFixed(1)}, sys ${(cpu.system / MESSAGES).toFixed(1)}), wall ${((wall * 1000) / MESSAGES).toFixed(1)} µs/msg; of which checkpoints ${(checkpointCpu / MESSAGES).toFixed(1)} µs/msg, search index ${(searchCpu / MESSAGES).toFixed(1)} µs/msg`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** The rows of one message as plain statements: the same indexes are written, nothing is decided or decoded. */
function floorCommit(db: Database, ticketIds: string[], next: () => number, rand: () => number): () => void {
  const insertMessage = db.prepare(
    `INSERT INTO messages (conversation_id, seq, id, client_msg_id, type, author_id, author_name, text, attachments, created_at)
     VALUES (?, ?, ?, ?, 'visitor', NULL, NULL, ?, '[]', ?) ON CONFLICT (conversation_id, client_msg_id) DO NOTHING`,
  );
  const updateSummary = db.prepare('UPDATE conversations SET last_seq = ?, last_message_at = ?, last_message_preview = ? WHERE id = ?');
  const insertEvent = db.prepare(
    `INSERT INTO events (id, desk_id, type, conversation_id, actor_type, actor_id, data, at)
     VALUES (?, 'default', 'message.created', ?, 'visitor', NULL, ?, ?) ON CONFLICT (id) DO NOTHING`,
  );
  const seqs = new Map<string, number>();
  const group = db.transaction(() => {
    for (let j = 0; j < BATCH; j++) {
      const k = next();
      const ticket = ticketIds[k % TICKETS]!;
      const seq = (seqs.get(ticket) ?? 0) + 1;
      seqs.set(ticket, seq);
      const at = new Date().toISOString();
      const text = `hello, my order ${Math.floor(rand() * 1e6)} has not arrived yet, could you check please`;
      const id = newOrderedId();
      insertMessage.run(ticket, seq, id, `c${k.toString().padStart(9, '0')}`, text, at);
      updateSummary.run(seq, at, text, ticket);
      insertEvent.run(newOrderedId(), ticket, JSON.stringify({ messageId: id, seq, type: 'visitor', text }), at);
    }
  });
  return () => group();
}
