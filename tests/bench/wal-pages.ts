/**
 * What one group commit of the embedded store writes: the message step (store/sqlite/message-steps.ts) run on a
 * WAL-mode file with 500 open tickets and 20,000 messages already in it, then the pages of each following commit
 * read back from the WAL and named after the table or index they belong to (SQLite's dbstat). Every page a commit
 * dirties is written whole (4 KiB) and fsynced, then copied again by the checkpoint: pages per message is what the
 * schema costs the disk and the writer thread.
 *
 * Usage: tsx bench/wal-pages.ts [--batch 10] [--commits 200] [--page-size 8192]
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteMessageSteps } from '../../packages/server/src/store/sqlite/message-steps.ts';
import { migrate } from '../../packages/server/src/store/sqlite/migrations.ts';
import { SearchIndexer } from '../../packages/server/src/store/sqlite/search-indexer.ts';
import type { MessageStep } from '../../packages/server/src/store/types.ts';
import { BetterSqlite3, prng } from './seed-sqlite.ts';
import { SEARCH_CATCH_UP_EVERY, insertOpenTickets, visitorStep } from './step-fixture.ts';

const { values } = parseArgs({ options: { batch: { type: 'string', default: '10' }, commits: { type: 'string', default: '200' }, 'page-size': { type: 'string', default: '4096' } } });
const BATCH = Number(values.batch);
const COMMITS = Number(values.commits);
const TICKETS = 500;
const WARM_MESSAGES = 20_000;
const WAL_HEADER = 32;
const FRAME_HEADER = 24;

const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-wal-pages-'));
try {
  const file = path.join(dir, 'parley.sqlite');
  const db = new BetterSqlite3(file);
  db.pragma(`page_size = ${Number(values['page-size'])}`); // 4096: SQLite's default, which the server keeps
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('wal_autocheckpoint = 0'); // the WAL only grows: each commit's frames are at its end
  migrate(db);
  const ticketIds = insertOpenTickets(db, TICKETS);
  const steps = new SqliteMessageSteps(db);
  // As the server: the search index catches up on the writer every 250 ms, about every 30 commits under load.
  const search = new SearchIndexer(db);
  let commits = 0;
  const rand = prng(7);
  const commit = (): void => {
    const group: MessageStep[] = [];
    for (let j = 0; j < BATCH; j++) group.push(visitorStep(ticketIds[Math.floor(rand() * TICKETS)]!, crypto.randomUUID(), rand));
    for (const r of steps.commit(group)) if (!r.ok) throw r.error as Error;
    if (++commits % SEARCH_CATCH_UP_EVERY === 0) search.catchUp();
  };
  for (let i = 0; i < WARM_MESSAGES / BATCH; i++) commit();

  const owners = (): Map<number, string> => {
    const owner = new Map<number, string>();
    for (const r of db.prepare('SELECT name, pageno FROM dbstat').all() as Array<{ name: string; pageno: number }>) owner.set(r.pageno, r.name);
    return owner;
  };
  const owner = owners();
  const pagesAdded: number[] = [];
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const byOwner = new Map<string, number>();
  let frames = 0;
  for (let c = 0; c < COMMITS; c++) {
    const before = Math.max(statSync(`${file}-wal`).size, WAL_HEADER);
    commit();
    const written = readFileSync(`${file}-wal`).subarray(before);
    for (let at = 0; at + FRAME_HEADER <= written.length; at += FRAME_HEADER + pageSize) {
      frames++;
      const page = written.readUInt32BE(at);
      const name = owner.get(page);
      if (name) byOwner.set(name, (byOwner.get(name) ?? 0) + 1);
      else pagesAdded.push(page);
    }
  }
  // Pages that did not exist before the measured commits are named after what owns them at the end (a page freed
  // and reused in between is named after its last owner).
  const ownerAtEnd = owners();
  for (const page of pagesAdded) {
    const name = `${ownerAtEnd.get(page) ?? '(free)'} (new pages)`;
    byOwner.set(name, (byOwner.get(name) ?? 0) + 1);
  }
  db.close();
  console.log(`command: tsx bench/wal-pages.ts --batch ${BATCH} --commits ${COMMITS} --page-size ${values['page-size']}`);
  console.log(
    `info    wal-pages: ${BATCH} messages per commit over ${TICKETS} tickets: ${(frames / COMMITS).toFixed(1)} pages per commit, ` +
      `${(frames / COMMITS / BATCH).toFixed(2)} per message = ${((frames * pageSize) / COMMITS / BATCH / 1024).toFixed(1)} KiB per message`,
  );
  for (const [name, count] of [...byOwner].sort((a, b) => b[1] - a[1])) {
    console.log(`          ${name.padEnd(36)} ${(count / COMMITS).toFixed(2).padStart(7)} pages per commit`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
