import { testDesk } from '../support/records.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordMessage } from '../../src/domain/record-message.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/sqlite/migrations.ts';
import { DATABASE_FILE, SqliteStore, statusesSql } from '../../src/store/sqlite/sqlite-store.ts';
import { conversationQuery } from '../../src/store/sqlite/ticket-query.ts';
import type { ConversationFilter } from '../../src/store/types.ts';

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

  it('answers the active queues from one partial index that carries assignee and team, and a contact\'s tickets from the contact index', async () => {
    const dir = await freshDir();
    const store = new SqliteStore(dir);
    await store.init();
    await store.close();
    const db = new BetterSqlite3(path.join(dir, DATABASE_FILE), { readonly: true });
    // The SQL listConversations runs, as EXPLAIN QUERY PLAN sees it.
    const plan = (filter: Omit<ConversationFilter, 'deskId' | 'limit'>) => {
      const { sql, params } = conversationQuery({ deskId: 'd', limit: 50, ...filter });
      return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    };
    const activeQueue = /^SEARCH conversations USING INDEX conversations_active \(desk_id=\?\)$/;
    expect(plan({ statuses: ['pending', 'new', 'open'] })).toMatch(activeQueue);
    expect(plan({ statuses: ['open', 'new', 'pending'], assigneeId: 'a1' })).toMatch(activeQueue);
    expect(plan({ statuses: ['open', 'new', 'pending'], assigneeId: null })).toMatch(activeQueue);
    expect(plan({ statuses: ['new', 'open', 'pending'], teamId: 't1' })).toMatch(activeQueue);
    // no temporary b-tree for the order: the index is walked in it
    expect(plan({ statuses: ['new', 'open', 'pending'], assigneeId: 'a1' })).not.toMatch(/TEMP B-TREE/);
    // other lists keep their indexes
    expect(plan({})).toMatch(/conversations_recent/);
    expect(plan({ statuses: ['resolved'] })).toMatch(/conversations_recent/);
    // one contact's tickets (the contact panel): found through the contact, not by walking the desk's tickets
    expect(plan({ contactId: 'c1' })).toMatch(/^SEARCH conversations USING INDEX conversations_contact \(contact_id=\?\)/);
    expect(plan({ statuses: ['new', 'open', 'pending'], contactId: 'c1' })).toMatch(/USING INDEX conversations_contact/);
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

describe('SQLite store: migration 13, messages appended in commit order', () => {
  const at = (s: number) => `2026-01-01T00:00:${String(s).padStart(2, '0')}.000Z`;

  it('upgrades a version-12 file: every message kept in its order, retries still caught, search still finds them', async () => {
    const dir = await freshDir();
    const file = path.join(dir, DATABASE_FILE);
    const old = new BetterSqlite3(file);
    old.pragma('journal_mode = WAL');
    for (const m of MIGRATIONS.filter((m) => m.version <= 12)) old.exec(m.sql);
    old.pragma('user_version = 12');
    old.prepare(
      `INSERT INTO desks (id, name, allowed_origins, greeting, created_at) VALUES ('d', 'Desk', '[]', '{"en":"Hi","ko":"안녕"}', ?)`,
    ).run(at(0));
    const insertTicket = old.prepare(
      `INSERT INTO conversations (id, desk_id, number, subject, status, priority, channel, contact_id, assignee_id, tags, last_seq,
       last_message_at, last_message_preview, created_at, updated_at, version, open_key)
       VALUES (?, 'd', ?, 'Help', 'open', 'normal', 'web', ?, NULL, '[]', 3, ?, '', ?, ?, 1, ?)`,
    );
    insertTicket.run('t1', 1, 'c1', at(5), at(0), at(0), 'open:c1');
    insertTicket.run('t2', 2, 'c2', at(6), at(0), at(0), 'open:c2');
    const insertMessage = old.prepare(
      `INSERT INTO messages (conversation_id, seq, id, client_msg_id, type, author_id, author_name, text, attachments, created_at)
       VALUES (?, ?, ?, ?, 'visitor', NULL, NULL, ?, '[]', ?)`,
    );
    // Stored in key order (ticket, seq), which is not the order they were written in.
    insertMessage.run('t1', 1, 'm11', 'k11', 'parcel lost', at(1));
    insertMessage.run('t1', 2, 'm12', 'k12', 'still waiting', at(3));
    insertMessage.run('t1', 3, 'm13', 'k13', 'hello?', at(5));
    insertMessage.run('t2', 1, 'm21', 'k21', 'refund please', at(2));
    insertMessage.run('t2', 2, 'm22', 'k22', 'thanks', at(4));
    insertMessage.run('t2', 3, 'm23', 'k23', 'bye', at(6));
    old.exec(`INSERT INTO message_fts (rowid, text) SELECT (c.rowid << 24) + m.seq, m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id`);
    old.close();

    const store = new SqliteStore(dir);
    await store.init();
    try {
      expect((await store.listMessages('t1', 0, 10)).map((m) => [m.seq, m.text])).toEqual([[1, 'parcel lost'], [2, 'still waiting'], [3, 'hello?']]);
      expect((await store.listMessages('t2', 1, 10)).map((m) => m.id)).toEqual(['m22', 'm23']);
      const step = (clientMsgId: string, text: string) => ({
        message: { id: `new-${clientMsgId}`, conversationId: 't2', clientMsgId, type: 'visitor' as const, authorId: 'c2', authorName: null, text, attachments: [], createdAt: at(7) },
        decide: recordMessage,
      });
      const retry = await store.commitMessage(step('k22', 'thanks again'));
      expect(retry.status === 'duplicate' && retry.message.id).toBe('m22');
      const next = await store.commitMessage(step('k24', 'one more question'));
      expect(next.status === 'committed' && next.message.seq).toBe(4);
      const found = await store.listConversations({ deskId: 'd', search: { words: ['refund'], number: null }, limit: 10 });
      expect(found.map((c) => c.id)).toEqual(['t2']);
      // written after the upgrade: indexed by the search cursor that migration 14 starts after the old messages
      const asked = await store.listConversations({ deskId: 'd', search: { words: ['question'], number: null }, limit: 10 });
      expect(asked.map((c) => c.id)).toEqual(['t2']);
    } finally {
      await store.close();
    }
    const db = new BetterSqlite3(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    // The rows are in the order they were written (their time), a ticket's messages found through its index.
    expect((db.prepare('SELECT id FROM messages ORDER BY rowid').all() as Array<{ id: string }>).map((r) => r.id)).toEqual([
      'm11', 'm21', 'm12', 'm22', 'm13', 'm23', 'new-k24',
    ]);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?`).all('t1', 0, 10) as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join(' | ');
    expect(plan).toMatch(/USING INDEX messages_seq/);
    db.close();
  });
});

describe('SQLite store: migration 14, the search index follows the messages by cursor', () => {
  const at = new Date().toISOString();
  /** Messages in the search index holding the word (read from the file, not through the store, which catches up first). */
  const indexed = (file: string, word: string) => {
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      return (db.prepare('SELECT rowid FROM message_fts WHERE message_fts MATCH ?').all(`"${word}"`)).length;
    } finally {
      db.close();
    }
  };
  const open = async (dir: string, searchIndexEveryMs?: number) => {
    const store = new SqliteStore(dir, { searchIndexEveryMs });
    await store.init();
    return store;
  };
  const ticket = (id: string, number: number) => ({
    id, deskId: 'd', number, subject: 'Help', status: 'new' as const, priority: 'normal' as const, channel: 'web' as const,
    contactId: `contact-${id}`, assigneeId: null, teamId: null, tags: [], snoozedUntil: null, lastSeq: 0, lastMessageAt: at,
    lastMessagePreview: '', createdAt: at, updatedAt: at, version: 0, openKey: `open:${id}`,
  });
  const say = (store: SqliteStore, conversationId: string, clientMsgId: string, text: string) =>
    store.commitMessage({
      message: { id: `m-${clientMsgId}`, conversationId, clientMsgId, type: 'visitor', authorId: `contact-${conversationId}`, authorName: null, text, attachments: [], createdAt: at },
      decide: recordMessage,
    });
  const search = async (store: SqliteStore, word: string) =>
    (await store.listConversations({ deskId: 'd', search: { words: [word], number: null }, limit: 10 })).map((c) => c.id).sort();

  it('finds a message as soon as it is acknowledged, indexes in the background, and catches up after a stop', async () => {
    const dir = await freshDir();
    const file = path.join(dir, DATABASE_FILE);
    // First with no background catch-up within the test's time: what a search sees is what it caught up itself.
    let store = await open(dir, 3_600_000);
    await store.createDesk(testDesk({ id: 'd', name: 'Desk', allowedOrigins: [], greeting: { en: 'Hi', ko: '안녕' }, createdAt: at }));
    await store.createConversation(ticket('t1', 1));
    await store.createConversation(ticket('t2', 2));
    expect((await say(store, 't1', 'k1', 'my parcel is lost')).status).toBe('committed');
    expect(indexed(file, 'parcel')).toBe(0); // not written by the commit
    expect(await search(store, 'parcel')).toEqual(['t1']);
    expect(indexed(file, 'parcel')).toBe(1);
    // a stop before the index caught up (as a crash between commit and indexing) leaves a backlog
    await say(store, 't1', 'k2', 'refund for the parcel');
    await store.close();
    expect(indexed(file, 'refund')).toBe(0);

    store = await open(dir);
    try {
      // the background catch-up indexes the backlog and what comes next, with no search asking
      await say(store, 't2', 'k3', '환불 부탁드립니다');
      await say(store, 't2', 'k4', '');
      await vi.waitFor(() => expect([indexed(file, 'refund'), indexed(file, '환불')]).toEqual([1, 1]), { timeout: 3_000, interval: 50 });
      expect(await search(store, 'refund')).toEqual(['t1']);
      expect(await search(store, '환불')).toEqual(['t2']);
      expect(await search(store, 'parcel')).toEqual(['t1']);
      expect(indexed(file, 'parcel')).toBe(2); // each message indexed once
    } finally {
      await store.close();
    }
  });
});

describe('SQLite store: migration 15, when agents were last seen', () => {
  it('upgrades a version-14 file: its agents read as never seen, and can be recorded as seen', async () => {
    const dir = await freshDir();
    const old = new BetterSqlite3(path.join(dir, DATABASE_FILE));
    for (const m of MIGRATIONS.filter((m) => m.version <= 14)) old.exec(m.sql);
    old.pragma('user_version = 14');
    old.prepare(
      `INSERT INTO agents (id, desk_id, name, email, role, password_hash, created_at) VALUES ('a1', 'd', 'Ann', 'ann@example.com', 'admin', 'x', '2026-01-01T00:00:00.000Z')`,
    ).run();
    old.close();

    const store = new SqliteStore(dir);
    await store.init();
    try {
      expect(await store.getAgent('a1')).toMatchObject({ name: 'Ann', availability: 'online', lastSeenAt: null });
      expect((await store.listAgents('d')).map((a) => a.lastSeenAt)).toEqual([null]);
      await store.markAgentsSeen(['a1'], '2026-03-02T09:00:00.000Z');
      expect((await store.getAgent('a1'))?.lastSeenAt).toBe('2026-03-02T09:00:00.000Z');
    } finally {
      await store.close();
    }
  });
});
