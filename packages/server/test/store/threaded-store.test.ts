import { copyFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { recordMessage } from '../../src/domain/record-message.ts';
import { StoreUnavailableError } from '../../src/store/errors.ts';
import { openKeyFor } from '../../src/store/records.ts';
import { ThreadedSqliteStore } from '../../src/store/sqlite/threaded-store.ts';
import type { ConversationRecord, MessageStep } from '../../src/store/types.ts';

const dirs: string[] = [];
const stores: ThreadedSqliteStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close().catch(() => undefined)));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function open(dir?: string): Promise<{ store: ThreadedSqliteStore; dir: string }> {
  const where = dir ?? (await mkdtemp(path.join(tmpdir(), 'parley-threaded-')));
  if (!dir) dirs.push(where);
  const store = new ThreadedSqliteStore(where);
  stores.push(store);
  await store.init();
  return { store, dir: where };
}

const now = () => new Date().toISOString();
let n = 0;
async function ticket(store: ThreadedSqliteStore): Promise<ConversationRecord> {
  n += 1;
  const base: ConversationRecord = {
    id: `c${n}-${Math.random().toString(36).slice(2)}`, deskId: 'd', number: n, subject: 'Help', status: 'new', priority: 'normal',
    channel: 'web', contactId: `k${n}-${Math.random().toString(36).slice(2)}`, assigneeId: null, teamId: null, tags: [], snoozedUntil: null, lastSeq: 0, lastMessageAt: now(),
    lastMessagePreview: '', createdAt: now(), updatedAt: now(), version: 0, openKey: '',
  };
  return store.createConversation({ ...base, openKey: openKeyFor(base) });
}
const step = (conversationId: string, text: string): MessageStep => ({
  message: { id: `m-${text}-${Math.random().toString(36).slice(2)}`, createdAt: now(), conversationId, clientMsgId: `cm-${text}-${Math.random().toString(36).slice(2)}`, type: 'visitor', authorId: null, authorName: null, text, attachments: [] },
  decide: recordMessage,
});

describe('the embedded store on its writer thread', () => {
  it('passes a start-up refusal through with its message', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-threaded-'));
    dirs.push(dir);
    mkdirSync(path.join(dir, 'embedded'));
    writeFileSync(path.join(dir, 'embedded', 'conversations.db'), '{"_id":"x"}\n');
    await expect(new ThreadedSqliteStore(dir).init()).rejects.toThrow(/old nedb store/);
  });

  it('keeps a second store off a directory the first one owns', async () => {
    const { dir } = await open();
    const second = new ThreadedSqliteStore(dir);
    await expect(second.init()).rejects.toThrow(/in use by another Parley process/);
  });

  it('commits everything submitted before close, and answers each caller', async () => {
    const { store, dir } = await open();
    const t = await ticket(store);
    const commits = Array.from({ length: 200 }, (_, i) => store.commitMessage(step(t.id, `m${i + 1}`)));
    const closing = store.close();
    const outcomes = await Promise.all(commits);
    await closing;
    expect(outcomes.map((o) => o.status)).toEqual(Array(200).fill('committed'));
    const { store: again } = await open(dir);
    const stored = await again.listMessages(t.id, 0, 500);
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect((await again.getConversation(t.id))?.lastSeq).toBe(200);
  });

  it('fails every call with StoreUnavailableError and reports unhealthy once the thread is gone', async () => {
    const { store } = await open();
    const t = await ticket(store);
    const inFlight = store.commitMessage(step(t.id, 'in flight'));
    await (store as unknown as { worker: Worker }).worker.terminate();
    await expect(inFlight).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.getConversation(t.id)).rejects.toBeInstanceOf(StoreUnavailableError);
    const health = await store.health();
    expect(health.ok).toBe(false);
    expect(health.detail).toMatch(/writer thread exited/);
  });
});

describe('WAL checkpoints off the writer', () => {
  /** Messages found in the database file alone, as a copy without its WAL would have them. */
  async function inMainFile(dir: string): Promise<number> {
    const copy = path.join(dir, 'copy.sqlite');
    copyFileSync(path.join(dir, 'parley.sqlite'), copy);
    const db = new BetterSqlite3(copy, { readonly: true });
    try {
      // Not even the schema (it is in the WAL too): nothing of the messages either.
      const hasTable = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'messages'").get() !== undefined;
      return hasTable ? (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n : 0;
    } finally {
      db.close();
    }
  }

  it.each([
    ['background', 300],
    ['writer', 0],
  ] as const)('with checkpoints %s, the database file holds %i of 300 acknowledged messages a moment later', async (checkpoints, expected) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-checkpoints-'));
    dirs.push(dir);
    const store = new ThreadedSqliteStore(dir, { checkpoints });
    await store.init();
    try {
      const t = await ticket(store);
      for (let i = 0; i < 3; i++) await Promise.all(Array.from({ length: 100 }, (_, j) => store.commitMessage(step(t.id, `w${i}-${j}`))));
      await new Promise((r) => setTimeout(r, 800));
      expect(await inMainFile(dir)).toBe(expected);
    } finally {
      await store.close();
    }
  });
});

describe('the WAL under a steady stream of commits', () => {
  it('starts over instead of growing with every commit', async () => {
    const { store, dir } = await open();
    const tickets = await Promise.all(Array.from({ length: 20 }, () => ticket(store)));
    const wal = path.join(dir, 'parley.sqlite-wal');
    const text = 'x'.repeat(2_000);
    let largest = 0;
    const watch = setInterval(() => (largest = Math.max(largest, statSync(wal, { throwIfNoEntry: false })?.size ?? 0)), 20);
    try {
      // About 150 MB of WAL frames in all: one commit after another, never a pause for a checkpoint to finish in.
      for (let round = 0; round < 100; round++) {
        await Promise.all(tickets.flatMap((t) => [0, 1, 2].map((k) => store.commitMessage(step(t.id, `${text}-${round}-${k}`)))));
      }
    } finally {
      clearInterval(watch);
    }
    largest = Math.max(largest, statSync(wal).size);
    expect(largest).toBeLessThan(40 * 1024 * 1024);
  }, 60_000);
});
