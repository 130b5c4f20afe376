import { testDesk } from '../support/records.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/sqlite/migrations.ts';
import { DATABASE_FILE, SqliteStore, statusesSql } from '../../src/store/sqlite/sqlite-store.ts';

const dirs: string[] = [];
const freshDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'parley-sqlite-'));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('SQLite store: the file, its schema and its neighbours', () => {
  it('creates one database file in WAL mode at the current schema version, with STRICT tables', async () => {
    const dir = await freshDir();
    const store = new SqliteStore(dir);
    await store.init();
    await store.close();
    const db = new BetterSqlite3(path.join(dir, DATABASE_FILE), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as Array<{ name: string; sql: string }>;
    expect(tables.length).toBeGreaterThanOrEqual(10);
    // Full-text search is a virtual table (and its shadow tables): SQLite has no STRICT for those.
    const plain = tables.filter((t) => !t.sql.startsWith('CREATE VIRTUAL TABLE') && !t.name.startsWith('message_fts_'));
    for (const t of plain) expect(t.sql, t.name).toMatch(/\bSTRICT\b/);
    db.close();
  });

  it('applies migrations once: a restart keeps the data and the version', async () => {
    const dir = await freshDir();
    const first = new SqliteStore(dir);
    await first.init();
    await first.createDesk(testDesk({ id: 'd', name: 'Desk', allowedOrigins: [], greeting: { en: 'Hi', ko: '안녕' }, createdAt: new Date().toISOString() }));
    await first.close();
    const second = new SqliteStore(dir);
    await second.init();
    expect((await second.getDesk('d'))?.greeting.ko).toBe('안녕');
    await second.close();
  });

  it('refuses a database written by a newer Parley', async () => {
    const dir = await freshDir();
    const db = new BetterSqlite3(path.join(dir, DATABASE_FILE));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    await expect(new SqliteStore(dir).init()).rejects.toThrow(/newer than this Parley understands/);
  });

  it('stops with a clear message when DATA_DIR still holds the old nedb store', async () => {
    const dir = await freshDir();
    mkdirSync(path.join(dir, 'embedded'));
    writeFileSync(path.join(dir, 'embedded', 'conversations.db'), '{"_id":"x"}\n');
    const init = new SqliteStore(dir).init();
    await expect(init).rejects.toThrow(/old nedb store/);
    await expect(new SqliteStore(dir).init()).rejects.toThrow(/mv ".*embedded" ".*embedded\.nedb-backup"/);
  });

  it('lets one process serve a DATA_DIR, and a reader take a consistent backup while it runs', async () => {
    const dir = await freshDir();
    const owner = new SqliteStore(dir);
    await owner.init();
    await owner.createDesk(testDesk({ id: 'd', name: 'Desk', allowedOrigins: [], greeting: { en: 'Hi', ko: '안녕' }, createdAt: new Date().toISOString() }));
    await expect(new SqliteStore(dir).init()).rejects.toThrow(/in use by another Parley process/);
    // what the README's backup command does (sqlite3 ... ".backup ..."): the copy has what was committed
    const reader = new BetterSqlite3(path.join(dir, DATABASE_FILE), { readonly: true });
    const copy = path.join(dir, 'backup.sqlite');
    await reader.backup(copy);
    reader.close();
    const restored = new BetterSqlite3(copy, { readonly: true });
    expect(restored.prepare('SELECT name FROM desks').all()).toEqual([{ name: 'Desk' }]);
    restored.close();
    await owner.close();
    // the lock goes with the process that held it
    const next = new SqliteStore(dir);
    await next.init();
    await next.close();
  });

  it('answers the active queues from their partial indexes, whatever order the statuses come in', async () => {
    const dir = await freshDir();
    const store = new SqliteStore(dir);
    await store.init();
    await store.close();
    const db = new BetterSqlite3(path.join(dir, DATABASE_FILE), { readonly: true });
    const plan = (where: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM conversations WHERE desk_id = 'd' AND ${where} ORDER BY last_message_at DESC, number DESC LIMIT 50`).all() as Array<{ detail: string }>)
        .map((r) => r.detail)
        .join(' | ');
    expect(plan(statusesSql(['pending', 'new', 'open']))).toMatch(/conversations_active\b/);
    expect(plan(`${statusesSql(['open', 'new', 'pending'])} AND assignee_id IS 'a1'`)).toMatch(/conversations_active_assignee/);
    expect(plan(`${statusesSql(['open', 'new', 'pending'])} AND assignee_id IS NULL`)).toMatch(/conversations_active_assignee/);
    expect(() => statusesSql(['open', "x' OR 1=1 --" as 'open'])).toThrow(TypeError);
    db.close();
  });

  it("reads a ticket's activity from the events-by-ticket index, which holds no message.created (migration 12)", async () => {
    const dir = await freshDir();
    const store = new SqliteStore(dir);
    await store.init();
    const desk = testDesk({ id: 'd', name: 'Desk', allowedOrigins: [], greeting: { en: 'Hi', ko: '안녕' }, createdAt: new Date().toISOString() });
    await store.createDesk(desk);
    const prepared: string[] = [];
    const original = BetterSqlite3.prototype.prepare;
    BetterSqlite3.prototype.prepare = function (this: BetterSqlite3.Database, source: string) {
      prepared.push(source);
      return original.call(this, source);
    } as typeof original;
    try {
      await store.listEvents({ deskId: desk.id, conversationId: 'c1', types: ['ticket.updated'], limit: 10 });
    } finally {
      BetterSqlite3.prototype.prepare = original;
    }
    await store.close();
    const listing = prepared.find((sql) => sql.includes('FROM events'));
    expect(listing).toBeDefined();
    const db = new BetterSqlite3(path.join(dir, DATABASE_FILE), { readonly: true });
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${listing!}`).all({ deskId: desk.id, conversationId: 'c1', t0: 'ticket.updated', limit: 10 }) as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join(' | ');
    expect(plan).toMatch(/USING INDEX events_conversation/);
    const index = db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'events_conversation'`).get() as { sql: string };
    expect(index.sql).toMatch(/WHERE type <> 'message.created'/);
    db.close();
  });
});
