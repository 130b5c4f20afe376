/**
 * What the search index costs the writer: the embedded store's own message step (store/sqlite/message-steps.ts:
 * insert the message, update the ticket, insert the events) in group commits of 1, 10 and 100 messages, with and
 * without the search index catching up as the server's does (store/sqlite/search-indexer.ts: every 750 messages, a
 * quarter of a second at 3,000 msg/s). CPU time of this thread per message (user + system, durability off so that
 * fsync does not blur it), which is what the writer thread spends; the difference is the index's price.
 *
 * Usage: tsx bench/search-index-cost.ts [--messages 20000] [--rounds 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { recordMessage } from '../../packages/server/src/domain/record-message.ts';
import { SqliteMessageSteps } from '../../packages/server/src/store/sqlite/message-steps.ts';
import { migrate } from '../../packages/server/src/store/sqlite/migrations.ts';
import { SearchIndexer } from '../../packages/server/src/store/sqlite/search-indexer.ts';
import type { ConversationRecord, MessageStep } from '../../packages/server/src/store/types.ts';
import { BetterSqlite3, prng, ticketInserter, type Database } from './seed-sqlite.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '3' } } });
const MESSAGES = Number(values.messages);
const ROUNDS = Number(values.rounds);
const TICKETS = 1000;
const WORDS = 'hello order refund shipping delivery invoice 환불 배송 주문 결제 문의 please still not working'.split(' ');

/** Messages between two catch-ups of the search index. */
const CATCH_UP_EVERY = 750;

function database(dir: string, name: string): Database {
  const db = new BetterSqlite3(path.join(dir, `${name}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  migrate(db);
  const insert = ticketInserter(db);
  const at = new Date().toISOString();
  db.transaction(() => {
    for (let i = 0; i < TICKETS; i++) {
      const c: ConversationRecord = {
        id: `c${i}`, deskId: 'default', number: i + 1, subject: 'Help', status: 'open', priority: 'normal', channel: 'web', contactId: `ct${i}`,
        assigneeId: null, teamId: null, tags: [], snoozedUntil: null, lastSeq: 1, lastMessageAt: at, lastMessagePreview: '', createdAt: at,
        updatedAt: at, version: 1, openKey: '',
      };
      insert(c);
    }
  })();
  return db;
}

/** CPU µs per message for `MESSAGES` messages committed in batches of `batch`. */
function run(db: Database, batch: number, round: number, indexed: boolean): number {
  const steps = new SqliteMessageSteps(db);
  const search = indexed ? new SearchIndexer(db) : null;
  let sinceCatchUp = 0;
  const rand = prng(round + batch);
  const make = (i: number): MessageStep => {
    let text = WORDS[Math.floor(rand() * WORDS.length)]!;
    while (text.length < 20 + 120 * rand()) text += ` ${WORDS[Math.floor(rand() * WORDS.length)]!}`;
    return {
      message: {
        id: `m${round}-${batch}-${i}`, conversationId: `c${i % TICKETS}`, clientMsgId: `cm${round}-${batch}-${i}`, type: 'visitor',
        authorId: null, authorName: null, text, attachments: [], createdAt: new Date().toISOString(),
      },
      decide: recordMessage,
    };
  };
  const before = process.cpuUsage();
  for (let i = 0; i < MESSAGES; i += batch) {
    const group: MessageStep[] = [];
    for (let j = i; j < Math.min(MESSAGES, i + batch); j++) group.push(make(j));
    for (const r of steps.commit(group)) if (!r.ok) throw r.error as Error;
    sinceCatchUp += group.length;
    if (search && sinceCatchUp >= CATCH_UP_EVERY) {
      search.catchUp();
      sinceCatchUp = 0;
    }
  }
  search?.catchUp();
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / MESSAGES;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-fts-cost-'));
try {
  const dbs = { indexed: database(dir, 'indexed'), plain: database(dir, 'plain') };
  console.log(`command: tsx bench/search-index-cost.ts --messages ${MESSAGES} --rounds ${ROUNDS}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const batch of [1, 10, 100]) {
    const best = { indexed: Infinity, plain: Infinity };
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of ['plain', 'indexed'] as const) best[kind] = Math.min(best[kind], run(dbs[kind], batch, round, kind === 'indexed'));
    }
    const extra = best.indexed - best.plain;
    console.log(
      `info    search-index-cost: message step, ${batch} per commit: ${best.plain.toFixed(1)} µs CPU per message without the index, ` +
        `${best.indexed.toFixed(1)} µs with it (+${extra.toFixed(1)} µs, +${((100 * extra) / best.plain).toFixed(0)}%; best of ${ROUNDS})`,
    );
  }
  dbs.indexed.close();
  dbs.plain.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
