import type { Database } from 'better-sqlite3';

/**
 * Schema migrations, applied in order at start inside one transaction each; `PRAGMA user_version` records the last
 * one applied. Never edit a migration that has shipped: add the next one.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE desks (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, allowed_origins TEXT NOT NULL, greeting TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE counters (key TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
      CREATE TABLE agents (
        id TEXT PRIMARY KEY, desk_id TEXT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL, role TEXT NOT NULL,
        password_hash TEXT NOT NULL, created_at TEXT NOT NULL,
        UNIQUE (desk_id, email)
      ) STRICT;
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY, agent_id TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sessions_agent ON sessions (agent_id);
      CREATE TABLE contacts (
        id TEXT PRIMARY KEY, desk_id TEXT NOT NULL, external_id TEXT, name TEXT, email TEXT,
        created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE, identity_key TEXT NOT NULL UNIQUE
      ) STRICT;
      CREATE TABLE visitor_tokens (token_hash TEXT PRIMARY KEY, contact_id TEXT NOT NULL, created_at TEXT NOT NULL) STRICT;
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY, desk_id TEXT NOT NULL, number INTEGER NOT NULL, subject TEXT NOT NULL,
        status TEXT NOT NULL, priority TEXT NOT NULL, channel TEXT NOT NULL, contact_id TEXT NOT NULL,
        assignee_id TEXT, tags TEXT NOT NULL, last_seq INTEGER NOT NULL, last_message_at TEXT NOT NULL,
        last_message_preview TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        version INTEGER NOT NULL, open_key TEXT NOT NULL UNIQUE,
        UNIQUE (desk_id, number)
      ) STRICT;
      -- Every message moves its ticket in the indexes on last_message_at, so there are as few as the queues need:
      -- all / resolved walk the desk's recent tickets; the active queues (few tickets: one agent's 'mine', an inbox
      -- at zero) have partial indexes. SQLite uses a partial index only when the query spells the same condition:
      -- see statusesSql() in ticket-query.ts.
      CREATE INDEX conversations_recent ON conversations (desk_id, last_message_at DESC, number DESC);
      CREATE INDEX conversations_active ON conversations (desk_id, last_message_at DESC, number DESC)
        WHERE status IN ('new', 'open', 'pending');
      CREATE INDEX conversations_active_assignee ON conversations (desk_id, assignee_id, last_message_at DESC, number DESC)
        WHERE status IN ('new', 'open', 'pending');
      CREATE INDEX conversations_contact ON conversations (contact_id, created_at);
      CREATE TABLE messages (
        conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL, client_msg_id TEXT NOT NULL,
        type TEXT NOT NULL, author_id TEXT, author_name TEXT, text TEXT NOT NULL, attachments TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq),
        UNIQUE (conversation_id, client_msg_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE attachments (
        id TEXT PRIMARY KEY, desk_id TEXT NOT NULL, name TEXT NOT NULL, content_type TEXT NOT NULL,
        size INTEGER NOT NULL, uploader_type TEXT NOT NULL, uploader_id TEXT NOT NULL, sha256 TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE events (
        pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, desk_id TEXT NOT NULL, type TEXT NOT NULL,
        conversation_id TEXT, actor_type TEXT NOT NULL, actor_id TEXT, data TEXT NOT NULL, at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX events_desk ON events (desk_id, pos);
      CREATE INDEX events_conversation ON events (conversation_id, pos);
      CREATE TABLE consumer_cursors (consumer TEXT PRIMARY KEY, pos INTEGER NOT NULL) STRICT;
    `,
  },
  {
    version: 2,
    name: 'attachments: referenced mark for the sweep of unreferenced uploads',
    // Uploads stored before this version are all kept: they count as referenced.
    sql: `
      ALTER TABLE attachments ADD COLUMN referenced_at TEXT;
      UPDATE attachments SET referenced_at = created_at;
      CREATE INDEX attachments_unreferenced ON attachments (created_at) WHERE referenced_at IS NULL;
    `,
  },
  {
    version: 3,
    name: 'drafts: unsent replies and notes per agent and ticket',
    sql: `
      CREATE TABLE drafts (
        agent_id TEXT NOT NULL, conversation_id TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
        seen_seq INTEGER NOT NULL, seen_assignee_id TEXT, seen_status TEXT NOT NULL, updated_at TEXT NOT NULL,
        PRIMARY KEY (agent_id, conversation_id, kind)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    name: 'desk settings and agent administration: settings document, versions, active accounts, profiles',
    // Defaults are filled in when rows are read (store/defaults.ts), so '{}' is a complete value.
    sql: `
      ALTER TABLE desks ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE desks ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE desks ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
      ALTER TABLE agents ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE agents ADD COLUMN availability TEXT NOT NULL DEFAULT 'online';
      ALTER TABLE agents ADD COLUMN profile TEXT NOT NULL DEFAULT '{}';
    `,
  },
  {
    version: 5,
    name: 'ticket workflow: teams, team queues, snooze',
    sql: `
      CREATE TABLE teams (
        id TEXT PRIMARY KEY, desk_id TEXT NOT NULL, name TEXT NOT NULL, member_ids TEXT NOT NULL, created_at TEXT NOT NULL,
        UNIQUE (desk_id, name)
      ) STRICT;
      ALTER TABLE conversations ADD COLUMN team_id TEXT;
      ALTER TABLE conversations ADD COLUMN snoozed_until TEXT;
      CREATE INDEX conversations_active_team ON conversations (desk_id, team_id, last_message_at DESC, number DESC)
        WHERE status IN ('new', 'open', 'pending');
      CREATE INDEX conversations_snoozed ON conversations (snoozed_until) WHERE status = 'snoozed';
    `,
  },
  {
    version: 6,
    name: 'search: full-text index of messages',
    // Contentless (the text stays in messages only); rowid = conversation rowid × 2^24 + seq (sqlite/ticket-query.ts).
    // unicode61 splits every script into words (Korean included) and folds case and diacritics. Existing messages
    // are indexed here, once.
    sql: `
      CREATE VIRTUAL TABLE message_fts USING fts5(text, content = '', tokenize = 'unicode61 remove_diacritics 2');
      INSERT INTO message_fts (rowid, text)
        SELECT (c.rowid << 24) + m.seq, m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE m.type IN ('visitor', 'agent', 'note') AND m.text <> '' AND m.seq < 16777216;
    `,
  },
  {
    version: 7,
    name: 'notifications: read marks per agent and ticket, events by type',
    sql: `
      CREATE TABLE agent_reads (
        agent_id TEXT NOT NULL, conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL,
        PRIMARY KEY (agent_id, conversation_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX events_type ON events (desk_id, type, pos);
    `,
  },
  {
    version: 8,
    name: 'canned responses, desk-wide and personal',
    // owner_key: the owner's id, '' for desk-wide ones (a shortcut is unique per scope).
    sql: `
      CREATE TABLE canned (
        id TEXT PRIMARY KEY, desk_id TEXT NOT NULL, owner_key TEXT NOT NULL, shortcut TEXT NOT NULL, title TEXT NOT NULL,
        text TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        UNIQUE (desk_id, owner_key, shortcut)
      ) STRICT;
    `,
  },
  {
    version: 9,
    name: 'contacts: phone, attributes, verified fields, last device',
    sql: `ALTER TABLE contacts ADD COLUMN profile TEXT NOT NULL DEFAULT '{}';`,
  },
  {
    version: 10,
    name: 'read marks by ticket: the furthest mark any agent has on a ticket (what its visitor sees as Seen)',
    sql: `CREATE INDEX agent_reads_conversation ON agent_reads (conversation_id, seq);`,
  },
  {
    version: 11,
    name: 'contacts: merged into another (kept for the record, never listed)',
    sql: `ALTER TABLE contacts ADD COLUMN merged_into TEXT;`,
  },
  {
    version: 12,
    name: 'fewer pages written per message: no per-message entry in the search index\'s size table or the events-by-ticket index',
    // Each of the two wrote one random page per message (measured on the WAL: 45.6 → 33.3 KiB per message at 10
    // messages per commit). FTS5's columnsize table serves only ranking, which the search does not use; a ticket's
    // events are read by type (activity lines, never message.created: messages are read from messages), so the type
    // is in the index too.
    sql: `
      DROP TABLE message_fts;
      CREATE VIRTUAL TABLE message_fts USING fts5(text, content = '', columnsize = 0, tokenize = 'unicode61 remove_diacritics 2');
      INSERT INTO message_fts (rowid, text)
        SELECT (c.rowid << 24) + m.seq, m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE m.type IN ('visitor', 'agent', 'note') AND m.text <> '' AND m.seq < 16777216;
      DROP INDEX events_conversation;
      CREATE INDEX events_conversation ON events (conversation_id, type, pos) WHERE type <> 'message.created';
    `,
  },
  {
    version: 13,
    name: 'messages appended in commit order: rows in a rowid table, the per-ticket orders in two small indexes',
    // Keyed by (conversation, seq), every message went into the middle of one big tree: its ticket's leaf, split
    // every few messages with its siblings rewritten (measured on the WAL: 4.5 of 8.8 pages per message at 10 per
    // commit). Appended by rowid, a commit's messages share the last page or two; only the two index entries per
    // message (~40 bytes each, not the whole row) land on their ticket's leaves.
    sql: `
      CREATE TABLE messages_by_pos (
        pos INTEGER PRIMARY KEY, conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL,
        client_msg_id TEXT NOT NULL, type TEXT NOT NULL, author_id TEXT, author_name TEXT, text TEXT NOT NULL,
        attachments TEXT NOT NULL, created_at TEXT NOT NULL
      ) STRICT;
      INSERT INTO messages_by_pos (conversation_id, seq, id, client_msg_id, type, author_id, author_name, text, attachments, created_at)
        SELECT conversation_id, seq, id, client_msg_id, type, author_id, author_name, text, attachments, created_at
        FROM messages ORDER BY created_at, conversation_id, seq;
      DROP TABLE messages;
      ALTER TABLE messages_by_pos RENAME TO messages;
      CREATE UNIQUE INDEX messages_seq ON messages (conversation_id, seq);
      CREATE UNIQUE INDEX messages_client_msg_id ON messages (conversation_id, client_msg_id);
    `,
  },
  {
    version: 14,
    name: 'fewer pages and less work per message: one index for the active queues, search indexed by cursor',
    // Measured with bench/wal-pages.ts and bench/commit-cpu.ts at 25 messages per commit over 500 open tickets: each
    // message moved its ticket in three partial indexes of the active queues (all / mine / a team's), 12.6 of 138
    // pages a commit; one index that carries the assignee and the team lets 'mine' and a team's queue filter while they
    // walk it, without reading a row. The FTS index written in every commit cost ~10 µs of the writer's CPU per message
    // and ~8 pages a commit: search-indexer.ts now follows the messages by cursor. Events are listed by type or by
    // ticket, never by desk alone, so events_desk only cost its page.
    sql: `
      DROP INDEX conversations_active;
      DROP INDEX conversations_active_assignee;
      DROP INDEX conversations_active_team;
      CREATE INDEX conversations_active ON conversations (desk_id, last_message_at DESC, number DESC, assignee_id, team_id)
        WHERE status IN ('new', 'open', 'pending');
      DROP INDEX events_desk;
      CREATE TABLE search_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), pos INTEGER NOT NULL) STRICT;
      INSERT INTO search_cursor (id, pos) SELECT 1, coalesce(max(pos), 0) FROM messages;
    `,
  },
  {
    version: 15,
    name: 'agents: when each was last connected (null: never), for the grace period after a restart',
    sql: `ALTER TABLE agents ADD COLUMN last_seen_at TEXT;`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Brings the database to SCHEMA_VERSION; refuses a file written by a newer Parley. */
export function migrate(db: Database): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > SCHEMA_VERSION) {
    throw new Error(`The database schema is version ${from}, newer than this Parley understands (${SCHEMA_VERSION}). Upgrade Parley.`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= from) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return { from, to: SCHEMA_VERSION };
}
