import type { Database, Statement } from 'better-sqlite3';
import { FTS_MAX_SEQ, FTS_SEQ_BITS } from './ticket-query.ts';

/** Messages indexed per transaction: one FTS5 segment each. */
const BATCH = 5_000;

interface Pending {
  pos: number;
  ticket: number | null;
  seq: number;
  type: string;
  text: string;
}

/**
 * The search index (message_fts) follows the messages table by cursor instead of inside each message's commit.
 * Messages are appended in commit order (migration 13), so `search_cursor.pos` says how far the index has read; the
 * indexer catches up every `everyMs` and, before any search, synchronously, on the file's only connection: a message
 * is findable as soon as it is acknowledged, and a crash between commit and indexing only leaves a backlog that the
 * next catch-up takes. FTS5 writes one segment per transaction and merges segments later, so indexing a few hundred
 * milliseconds of messages at once costs a fraction of indexing each group commit's (measured: ~10 µs of the
 * writer's CPU per message at 25 messages per commit, and ~8 pages of every commit).
 */
export class SearchIndexer {
  private readonly cursor: Statement<[], { pos: number }>;
  private readonly pending: Statement<[number, number], Pending>;
  private readonly insert: Statement<{ ticket: number; seq: number; text: string }>;
  private readonly advance: Statement<[number]>;
  private readonly indexBatch: () => number;
  private timer: NodeJS.Timeout | null = null;

  constructor(db: Database) {
    this.cursor = db.prepare('SELECT pos FROM search_cursor WHERE id = 1');
    // A message whose ticket is gone has nothing to point to: it is passed over, the cursor still moves past it.
    this.pending = db.prepare(
      `SELECT m.pos, c.rowid AS ticket, m.seq, m.type, m.text FROM messages m LEFT JOIN conversations c ON c.id = m.conversation_id
       WHERE m.pos > ? ORDER BY m.pos LIMIT ?`,
    );
    this.insert = db.prepare(`INSERT INTO message_fts (rowid, text) VALUES ((@ticket << ${FTS_SEQ_BITS}) + @seq, @text)`);
    this.advance = db.prepare('UPDATE search_cursor SET pos = ? WHERE id = 1');
    this.indexBatch = db.transaction(() => {
      const rows = this.pending.all(this.cursor.get()?.pos ?? 0, BATCH);
      if (rows.length === 0) return 0;
      // FTS5 gathers a transaction's terms in memory and writes them as one segment, provided rowids come in
      // ascending order (a smaller one flushes what was gathered).
      const entries = rows
        .filter((r) => r.ticket !== null && searchable(r))
        .map((r) => ({ ticket: r.ticket!, seq: r.seq, text: r.text }))
        .sort((a, b) => a.ticket - b.ticket || a.seq - b.seq);
      for (const entry of entries) this.insert.run(entry);
      this.advance.run(rows[rows.length - 1]!.pos);
      return rows.length;
    });
  }

  /** Indexes every message committed so far; returns how many messages it read. */
  catchUp(): number {
    let read = 0;
    for (;;) {
      const n = this.indexBatch();
      read += n;
      if (n < BATCH) return read;
    }
  }

  start(everyMs: number, onError: (err: unknown) => void): void {
    this.timer = setInterval(() => {
      try {
        this.catchUp();
      } catch (err) {
        onError(err); // the next tick, or the next search, tries again from the same cursor
      }
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** Replies and notes with text are searched; system lines are not (the same rule as migration 12's backfill). */
function searchable(message: Pick<Pending, 'type' | 'text' | 'seq'>): boolean {
  return message.type !== 'system' && message.text !== '' && message.seq <= FTS_MAX_SEQ;
}
