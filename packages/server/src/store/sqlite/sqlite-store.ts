import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3';
import type { ContactDevice, ContactVisit, Conversation, Message } from '@parley/protocol';
import type { DomainEvent, EventConsumer } from '../../events/catalogue.ts';
import { Batcher } from '../../lib/batcher.ts';
import { Checkpointer } from './checkpointer.ts';
import { FsBlobStore } from '../blobs/fs-blob-store.ts';
import { DuplicateKeyError } from '../errors.ts';
import type { Store } from '../port.ts';
import { openKeyFor, toConversation } from '../records.ts';
import type {
  AgentRecord,
  AttachmentRecord,
  ContactRecord,
  ConversationFilter,
  ConversationPatch,
  ConversationRecord,
  Desk,
  ContactChange,
  ContactMerge,
  ContactMergeOutcome,
  CannedChange,
  CannedRecord,
  ReadMark,
  TeamPatch,
  TeamRecord,
  DeskChange,
  AgentPatch,
  DraftRecord,
  EventFilter,
  MessageStep,
  SessionRecord,
  StepOutcome,
  StoreHealth,
} from '../types.ts';
import { attachmentsDir } from './attachments-dir.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { assertNoLegacyStore } from './legacy-check.ts';
import { SqliteMessageSteps } from './message-steps.ts';
import { SearchIndexer } from './search-indexer.ts';
import { SqliteContacts } from './contact-merge.ts';
import { migrate } from './migrations.ts';
import * as rows from './rows.ts';
import { conversationQuery } from './ticket-query.ts';

export { statusesSql } from './ticket-query.ts';

export const DATABASE_FILE = 'parley.sqlite';

type Row = Record<string, unknown>;

export interface SqliteStoreOptions {
  sync?: 'full' | 'normal';
  /** Where WAL checkpoints run: a thread of their own (default), or the writer itself (SQLite's autocheckpoint). */
  checkpoints?: 'background' | 'writer';
  /** Told when the background checkpointer fails (checkpoints then fall back to the writer's safety net). */
  onCheckpointError?: (message: string) => void;
  /** Told when catching the search index up fails (the next tick, or the next search, tries again). */
  onSearchIndexError?: (message: string) => void;
  /** How often the search index catches up in the background (default SEARCH_INDEX_EVERY_MS). */
  searchIndexEveryMs?: number;
}

/** How often the background checkpointer copies the WAL into the database file. */
const CHECKPOINT_EVERY_MS = 200;
/** How often the search index catches up with the messages committed since (search-indexer.ts). */
const SEARCH_INDEX_EVERY_MS = 250;

/**
 * The zero-setup default: one SQLite file under DATA_DIR (WAL, synchronous=FULL: a commit is on disk before it is
 * acknowledged), attachments as files beside it. better-sqlite3 is synchronous and fast enough that one query costs
 * microseconds; writes of messages are group-committed. One process serves a DATA_DIR (data-dir-lock.ts).
 */
export class SqliteStore implements Store {
  readonly adapter = 'embedded' as const;
  private db!: Database;
  private lock: Database | null = null;
  private checkpointer: Checkpointer | null = null;
  private steps!: SqliteMessageSteps;
  private search!: SearchIndexer;
  private contacts!: SqliteContacts;
  private commits!: Batcher<MessageStep, StepOutcome>;
  private readonly statements = new Map<string, Statement>();
  private closed = false;
  readonly blobs: FsBlobStore;

  constructor(
    private readonly dataDir: string,
    private readonly options: SqliteStoreOptions = {},
  ) {
    this.blobs = new FsBlobStore(attachmentsDir(dataDir));
  }

  get file(): string {
    return path.join(this.dataDir, DATABASE_FILE);
  }

  private get blobDir(): string {
    return this.blobs.dir;
  }

  async init(): Promise<void> {
    assertNoLegacyStore(this.dataDir);
    mkdirSync(this.blobDir, { recursive: true });
    this.lock = lockDataDir(this.dataDir, this.file);
    try {
      this.db = new BetterSqlite3(this.file);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${this.options.sync === 'normal' ? 'NORMAL' : 'FULL'}`);
      this.db.pragma('cache_size = -65536'); // 64 MiB of page cache
      this.db.pragma('foreign_keys = OFF');
      // With the background checkpointer, the writer checkpoints only at ~16 MB of WAL: by then the background has
      // copied all but its last pass, so the writer copies little, completes the checkpoint and its next commit starts
      // the WAL over. Under steady load the background alone seldom completes one (frames keep arriving), and the WAL
      // grew with every commit (365 MB in 15 s at 3,000 msg/s) until load stopped. Without the background
      // checkpointer, every ~40 MB of WAL instead of SQLite's 4 MB: a page rewritten by many commits goes to the file
      // once.
      const background = (this.options.checkpoints ?? 'background') === 'background';
      this.db.pragma(`wal_autocheckpoint = ${background ? 4_000 : 10_000}`);
      migrate(this.db);
    } catch (err) {
      if (this.db?.open) this.db.close();
      this.lock.close();
      throw err;
    }
    if ((this.options.checkpoints ?? 'background') === 'background') {
      this.checkpointer = new Checkpointer({ file: this.file, everyMs: CHECKPOINT_EVERY_MS }, this.options.onCheckpointError);
      this.checkpointer.start();
    }
    this.steps = new SqliteMessageSteps(this.db);
    this.search = new SearchIndexer(this.db);
    this.search.start(this.options.searchIndexEveryMs ?? SEARCH_INDEX_EVERY_MS, (err) => this.options.onSearchIndexError?.(err instanceof Error ? err.message : String(err)));
    this.contacts = new SqliteContacts(this.db);
    // Commits are spaced under load so that batches grow: a commit costs ~1 ms of fsync and ~150 µs of CPU whatever
    // its size. On the server's thread (tests) that also bounds the share of the loop they block; on the writer thread
    // (ThreadedSqliteStore) it halves the CPU per message at a few thousand messages a second.
    this.commits = new Batcher((batch) => this.steps.commit(batch), { maxBatch: 1000, spacing: 4, maxWaitMs: 8 });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.commits?.flush();
    this.search?.stop();
    await this.checkpointer?.stop();
    if (this.db) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
    this.lock?.close();
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, adapter: 'embedded', detail: 'closed' };
    try {
      this.sql('SELECT 1').get();
      return { ok: true, adapter: 'embedded' };
    } catch (err) {
      return { ok: false, adapter: 'embedded', detail: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Prepared once per SQL text. */
  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  private one<T>(text: string, ...params: unknown[]): T | null {
    return (this.sql(text).get(...params) as T | undefined) ?? null;
  }

  private all<T>(text: string, ...params: unknown[]): T[] {
    return this.sql(text).all(...params) as T[];
  }

  private insert(table: string, row: object, key: string): void {
    const columns = Object.keys(row);
    const text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`;
    try {
      this.sql(text).run(row);
    } catch (err) {
      throw translateUnique(err, key);
    }
  }

  // ── desks ────────────────────────────────────────────────────────────────
  async getDesk(id: string): Promise<Desk | null> {
    const row = this.one<rows.DeskRow>('SELECT * FROM desks WHERE id = ?', id);
    return row && rows.deskFromRow(row);
  }

  async createDesk(desk: Desk): Promise<Desk> {
    this.insert('desks', rows.deskToRow(desk), 'id');
    return desk;
  }

  async setDeskName(id: string, name: string): Promise<void> {
    this.sql('UPDATE desks SET name = ? WHERE id = ?').run(name, id);
  }

  async updateDesk(id: string, expectedVersion: number, change: DeskChange, at: string, event: DomainEvent): Promise<Desk | null> {
    return this.db.transaction((): Desk | null => {
      const current = this.one<rows.DeskRow>('SELECT * FROM desks WHERE id = ?', id);
      if (!current || current.version !== expectedVersion) return null;
      const next: Desk = { ...rows.deskFromRow(current), ...change, version: expectedVersion + 1, updatedAt: at };
      const row = rows.deskToRow(next);
      this.sql(
        `UPDATE desks SET name = @name, allowed_origins = @allowed_origins, greeting = @greeting, settings = @settings,
         version = @version, updated_at = @updated_at WHERE id = @id`,
      ).run({ id, name: row.name, allowed_origins: row.allowed_origins, greeting: row.greeting, settings: row.settings, version: row.version, updated_at: row.updated_at });
      this.insert('events', rows.eventToRow(event), 'event');
      return next;
    })();
  }

  async nextTicketNumber(deskId: string): Promise<number> {
    const row = this.one<{ value: number }>(
      `INSERT INTO counters (key, value) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET value = value + 1 RETURNING value`,
      `ticket:${deskId}`,
    );
    return row!.value;
  }

  // ── agents and sessions ──────────────────────────────────────────────────
  async countAgents(deskId: string): Promise<number> {
    return this.one<{ n: number }>('SELECT count(*) AS n FROM agents WHERE desk_id = ?', deskId)!.n;
  }

  async createAgent(agent: AgentRecord): Promise<AgentRecord> {
    this.insert('agents', rows.agentToRow(agent), 'email');
    return agent;
  }

  async getAgent(id: string): Promise<AgentRecord | null> {
    const row = this.one<rows.AgentRow>('SELECT * FROM agents WHERE id = ?', id);
    return row && rows.agentFromRow(row);
  }

  async findAgentByEmail(deskId: string, email: string): Promise<AgentRecord | null> {
    const row = this.one<rows.AgentRow>('SELECT * FROM agents WHERE desk_id = ? AND email = ?', deskId, email);
    return row && rows.agentFromRow(row);
  }

  async listAgents(deskId: string): Promise<AgentRecord[]> {
    return this.all<rows.AgentRow>('SELECT * FROM agents WHERE desk_id = ? ORDER BY created_at, id', deskId).map(rows.agentFromRow);
  }

  async createSession(session: SessionRecord): Promise<void> {
    this.insert('sessions', rows.sessionToRow(session), 'session');
  }

  async getSession(tokenHash: string): Promise<SessionRecord | null> {
    const row = this.one<rows.SessionRow>('SELECT * FROM sessions WHERE token_hash = ?', tokenHash);
    return row && rows.sessionFromRow(row);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.sql('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
  }

  async updateAgent(id: string, patch: AgentPatch, event: DomainEvent | null): Promise<AgentRecord | null> {
    return this.db.transaction((): AgentRecord | null => {
      const current = this.one<rows.AgentRow>('SELECT * FROM agents WHERE id = ?', id);
      if (!current) return null;
      const row = rows.agentToRow({ ...rows.agentFromRow(current), ...patch });
      this.sql('UPDATE agents SET name = @name, role = @role, active = @active, availability = @availability, profile = @profile WHERE id = @id').run({
        id, name: row.name, role: row.role, active: row.active, availability: row.availability, profile: row.profile,
      });
      if (event) this.insert('events', rows.eventToRow(event), 'event');
      return rows.agentFromRow(row);
    })();
  }

  async setAgentPassword(agentId: string, passwordHash: string): Promise<boolean> {
    return this.sql('UPDATE agents SET password_hash = ? WHERE id = ?').run(passwordHash, agentId).changes === 1;
  }

  async deleteAgentSessions(agentId: string): Promise<number> {
    return this.sql('DELETE FROM sessions WHERE agent_id = ?').run(agentId).changes;
  }

  async markAgentsSeen(ids: readonly string[], at: string): Promise<void> {
    if (ids.length === 0) return;
    this.sql(
      'UPDATE agents SET last_seen_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND (last_seen_at IS NULL OR last_seen_at < ?)',
    ).run(at, JSON.stringify(ids), at);
  }

  // ── contacts ─────────────────────────────────────────────────────────────
  async createContact(contact: ContactRecord): Promise<ContactRecord> {
    this.insert('contacts', rows.contactToRow(contact), 'contact');
    return contact;
  }

  async getContact(id: string): Promise<ContactRecord | null> {
    const row = this.one<rows.ContactRow>('SELECT * FROM contacts WHERE id = ?', id);
    return row && rows.contactFromRow(row);
  }

  async getContacts(ids: readonly string[]): Promise<ContactRecord[]> {
    if (ids.length === 0) return [];
    return this.all<rows.ContactRow>('SELECT * FROM contacts WHERE id IN (SELECT value FROM json_each(?))', JSON.stringify(ids)).map(rows.contactFromRow);
  }

  async findContactByTokenHash(tokenHash: string): Promise<ContactRecord | null> {
    const row =
      this.one<rows.ContactRow>('SELECT * FROM contacts WHERE token_hash = ?', tokenHash) ??
      this.one<rows.ContactRow>('SELECT c.* FROM visitor_tokens t JOIN contacts c ON c.id = t.contact_id WHERE t.token_hash = ?', tokenHash);
    return row && rows.contactFromRow(row);
  }

  async findContactByIdentityKey(identityKey: string): Promise<ContactRecord | null> {
    const row = this.one<rows.ContactRow>('SELECT * FROM contacts WHERE identity_key = ?', identityKey);
    return row && rows.contactFromRow(row);
  }

  async addVisitorToken(tokenHash: string, contactId: string, at: string): Promise<void> {
    this.insert('visitor_tokens', { token_hash: tokenHash, contact_id: contactId, created_at: at }, 'token');
  }

  async touchContact(id: string, at: string, device?: ContactDevice): Promise<void> {
    if (!device) this.sql('UPDATE contacts SET last_seen_at = ? WHERE id = ?').run(at, id);
    else this.sql("UPDATE contacts SET last_seen_at = ?, profile = json_set(profile, '$.device', json(?)) WHERE id = ?").run(at, JSON.stringify(device), id);
  }

  async setContactVisit(id: string, visit: ContactVisit): Promise<void> {
    this.sql("UPDATE contacts SET profile = json_set(profile, '$.visit', json(?)) WHERE id = ?").run(JSON.stringify(visit), id);
  }

  async updateContact(id: string, patch: ContactChange): Promise<ContactRecord | null> {
    return this.db.transaction((): ContactRecord | null => {
      const current = this.one<rows.ContactRow>('SELECT * FROM contacts WHERE id = ?', id);
      if (!current) return null;
      const next = { ...rows.contactFromRow(current), ...patch };
      const row = rows.contactToRow(next);
      this.sql('UPDATE contacts SET name = ?, email = ?, profile = ? WHERE id = ?').run(row.name, row.email, row.profile, id);
      return next;
    })();
  }

  async mergeContacts(merge: ContactMerge): Promise<ContactMergeOutcome> {
    return this.contacts.merge(merge, (id) => this.steps.forget(id));
  }

  async searchContacts(deskId: string, text: string, limit: number): Promise<ContactRecord[]> {
    return this.contacts.search(deskId, text, limit);
  }

  // ── conversations ────────────────────────────────────────────────────────
  async createConversation(conversation: ConversationRecord): Promise<ConversationRecord> {
    this.insert('conversations', rows.conversationToRow(conversation), 'openKey');
    return conversation;
  }

  async getConversation(id: string): Promise<ConversationRecord | null> {
    const row = this.one<rows.ConversationRow>('SELECT * FROM conversations WHERE id = ?', id);
    return row && rows.conversationFromRow(row);
  }

  async findOpenConversation(contactId: string, channel: ConversationRecord['channel']): Promise<ConversationRecord | null> {
    const row = this.one<rows.ConversationRow>('SELECT * FROM conversations WHERE open_key = ?', `${contactId}:${channel}`);
    return row && rows.conversationFromRow(row);
  }

  async listConversations(filter: ConversationFilter): Promise<Conversation[]> {
    // Every acknowledged message is findable: the index catches up first (usually with nothing, or a few ms of messages).
    if (filter.search) this.search.catchUp();
    const { sql, params } = conversationQuery(filter);
    return (this.sql(sql).all(params) as rows.ConversationRow[]).map((r) => toConversation(rows.conversationFromRow(r)));
  }

  async listSnoozedDue(until: string, limit: number): Promise<ConversationRecord[]> {
    return this.all<rows.ConversationRow>(
      "SELECT * FROM conversations WHERE status = 'snoozed' AND snoozed_until <= ? ORDER BY snoozed_until LIMIT ?",
      until,
      limit,
    ).map(rows.conversationFromRow);
  }

  // ── teams ────────────────────────────────────────────────────────────────
  async createTeam(team: TeamRecord, event: DomainEvent): Promise<TeamRecord> {
    this.db.transaction(() => {
      this.insert('teams', rows.teamToRow(team), 'name');
      this.insert('events', rows.eventToRow(event), 'event');
    })();
    return team;
  }

  async getTeam(id: string): Promise<TeamRecord | null> {
    const row = this.one<rows.TeamRow>('SELECT * FROM teams WHERE id = ?', id);
    return row && rows.teamFromRow(row);
  }

  async listTeams(deskId: string): Promise<TeamRecord[]> {
    return this.all<rows.TeamRow>('SELECT * FROM teams WHERE desk_id = ? ORDER BY name', deskId).map(rows.teamFromRow);
  }

  async updateTeam(id: string, patch: TeamPatch, event: DomainEvent): Promise<TeamRecord | null> {
    return this.db.transaction((): TeamRecord | null => {
      const current = this.one<rows.TeamRow>('SELECT * FROM teams WHERE id = ?', id);
      if (!current) return null;
      const next = { ...rows.teamFromRow(current), ...patch };
      const row = rows.teamToRow(next);
      try {
        this.sql('UPDATE teams SET name = @name, member_ids = @member_ids WHERE id = @id').run({ id, name: row.name, member_ids: row.member_ids });
      } catch (err) {
        throw translateUnique(err, 'name');
      }
      this.insert('events', rows.eventToRow(event), 'event');
      return next;
    })();
  }

  async updateConversation(
    id: string,
    expectedVersion: number,
    patch: ConversationPatch,
    at: string,
    events: DomainEvent[],
  ): Promise<ConversationRecord | null> {
    this.steps.forget(id);
    return this.db.transaction((): ConversationRecord | null => {
      const current = this.one<rows.ConversationRow>('SELECT * FROM conversations WHERE id = ?', id);
      if (!current || current.version !== expectedVersion) return null;
      const next: ConversationRecord = { ...rows.conversationFromRow(current), ...patch, updatedAt: at, version: expectedVersion + 1 };
      next.openKey = openKeyFor(next);
      const row = rows.conversationToRow(next);
      try {
        this.sql(
          `UPDATE conversations SET subject = @subject, status = @status, priority = @priority, assignee_id = @assignee_id,
           tags = @tags, updated_at = @updated_at, version = @version, open_key = @open_key, team_id = @team_id,
           snoozed_until = @snoozed_until WHERE id = @id`,
        ).run({
          id: row.id, subject: row.subject, status: row.status, priority: row.priority, assignee_id: row.assignee_id, tags: row.tags,
          updated_at: row.updated_at, version: row.version, open_key: row.open_key, team_id: row.team_id, snoozed_until: row.snoozed_until,
        });
      } catch (err) {
        throw translateUnique(err, 'openKey');
      }
      for (const event of events) this.insert('events', rows.eventToRow(event), 'event');
      return next;
    })();
  }

  // ── messages ─────────────────────────────────────────────────────────────
  commitMessage(step: MessageStep): Promise<StepOutcome> {
    if (this.closed) return Promise.reject(new Error('store closed'));
    return this.commits.submit(step);
  }

  /** Every commit is one transaction: nothing is ever half-done. */
  async recover(): Promise<number> {
    return 0;
  }

  async listMessages(conversationId: string, afterSeq: number, limit: number): Promise<Message[]> {
    return this.all<rows.MessageRow>('SELECT * FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?', conversationId, afterSeq, limit).map(
      rows.messageFromRow,
    );
  }

  // ── attachments ──────────────────────────────────────────────────────────
  async createAttachment(record: AttachmentRecord): Promise<void> {
    this.insert('attachments', { ...rows.attachmentToRow(record), referenced_at: null }, 'id');
  }

  async getAttachment(id: string): Promise<AttachmentRecord | null> {
    const row = this.one<rows.AttachmentRow>('SELECT * FROM attachments WHERE id = ?', id);
    return row && rows.attachmentFromRow(row);
  }

  async markAttachmentReferenced(id: string, at: string): Promise<boolean> {
    const result = this.sql('UPDATE attachments SET referenced_at = coalesce(referenced_at, ?) WHERE id = ?').run(at, id);
    return result.changes > 0;
  }

  async listUnreferencedAttachments(createdBefore: string, limit: number): Promise<AttachmentRecord[]> {
    return this.all<rows.AttachmentRow>(
      'SELECT * FROM attachments WHERE referenced_at IS NULL AND created_at < ? ORDER BY created_at LIMIT ?',
      createdBefore,
      limit,
    ).map(rows.attachmentFromRow);
  }

  async deleteUnreferencedAttachment(id: string, createdBefore: string): Promise<boolean> {
    const result = this.sql('DELETE FROM attachments WHERE id = ? AND referenced_at IS NULL AND created_at < ?').run(id, createdBefore);
    return result.changes > 0;
  }

  // ── drafts ───────────────────────────────────────────────────────────────
  async saveDraft(draft: DraftRecord): Promise<void> {
    this.sql(
      `INSERT INTO drafts (agent_id, conversation_id, kind, text, seen_seq, seen_assignee_id, seen_status, updated_at)
       VALUES (@agent_id, @conversation_id, @kind, @text, @seen_seq, @seen_assignee_id, @seen_status, @updated_at)
       ON CONFLICT (agent_id, conversation_id, kind) DO UPDATE SET text = excluded.text, seen_seq = excluded.seen_seq,
       seen_assignee_id = excluded.seen_assignee_id, seen_status = excluded.seen_status, updated_at = excluded.updated_at`,
    ).run(rows.draftToRow(draft));
  }

  async createCanned(canned: CannedRecord, event: DomainEvent): Promise<CannedRecord> {
    this.db.transaction(() => {
      this.insert('canned', rows.cannedToRow(canned), 'shortcut');
      this.insert('events', rows.eventToRow(event), 'event');
    })();
    return canned;
  }

  async getCanned(id: string): Promise<CannedRecord | null> {
    const row = this.one<rows.CannedRow>('SELECT * FROM canned WHERE id = ?', id);
    return row && rows.cannedFromRow(row);
  }

  async listCanned(deskId: string, ownerId: string): Promise<CannedRecord[]> {
    return this.all<rows.CannedRow>("SELECT * FROM canned WHERE desk_id = ? AND owner_key IN ('', ?) ORDER BY shortcut, owner_key", deskId, ownerId).map(
      rows.cannedFromRow,
    );
  }

  async updateCanned(id: string, change: CannedChange, at: string, event: DomainEvent): Promise<CannedRecord | null> {
    return this.db.transaction((): CannedRecord | null => {
      const current = this.one<rows.CannedRow>('SELECT * FROM canned WHERE id = ?', id);
      if (!current) return null;
      const next = { ...rows.cannedFromRow(current), ...change, updatedAt: at };
      const row = rows.cannedToRow(next);
      try {
        this.sql('UPDATE canned SET shortcut = @shortcut, title = @title, text = @text, updated_at = @updated_at WHERE id = @id').run({
          id, shortcut: row.shortcut, title: row.title, text: row.text, updated_at: row.updated_at,
        });
      } catch (err) {
        throw translateUnique(err, 'shortcut');
      }
      this.insert('events', rows.eventToRow(event), 'event');
      return next;
    })();
  }

  async deleteCanned(id: string, event: DomainEvent): Promise<boolean> {
    return this.db.transaction((): boolean => {
      if (this.sql('DELETE FROM canned WHERE id = ?').run(id).changes === 0) return false;
      this.insert('events', rows.eventToRow(event), 'event');
      return true;
    })();
  }

  async markRead(agentId: string, conversationId: string, seq: number, at: string): Promise<void> {
    this.sql(
      `INSERT INTO agent_reads (agent_id, conversation_id, seq, at) VALUES (?, ?, ?, ?)
       ON CONFLICT (agent_id, conversation_id) DO UPDATE SET seq = excluded.seq, at = excluded.at WHERE excluded.seq > agent_reads.seq`,
    ).run(agentId, conversationId, seq, at);
  }

  async readMarks(agentId: string, conversationIds: readonly string[]): Promise<ReadMark[]> {
    if (conversationIds.length === 0) return [];
    const rows = this.all<{ conversation_id: string; seq: number }>(
      `SELECT conversation_id, seq FROM agent_reads WHERE agent_id = ? AND conversation_id IN (SELECT value FROM json_each(?))`,
      agentId,
      JSON.stringify(conversationIds),
    );
    return rows.map((r) => ({ conversationId: r.conversation_id, seq: r.seq }));
  }

  async lastReadSeq(conversationId: string): Promise<number> {
    return this.one<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM agent_reads WHERE conversation_id = ?', conversationId)?.seq ?? 0;
  }

  async deleteDraft(agentId: string, conversationId: string, kind: DraftRecord['kind']): Promise<void> {
    this.sql('DELETE FROM drafts WHERE agent_id = ? AND conversation_id = ? AND kind = ?').run(agentId, conversationId, kind);
  }

  async listDrafts(agentId: string, conversationId?: string): Promise<DraftRecord[]> {
    const found =
      conversationId === undefined
        ? this.all<rows.DraftRow>('SELECT * FROM drafts WHERE agent_id = ? ORDER BY updated_at DESC', agentId)
        : this.all<rows.DraftRow>('SELECT * FROM drafts WHERE agent_id = ? AND conversation_id = ? ORDER BY updated_at DESC', agentId, conversationId);
    return found.map(rows.draftFromRow);
  }

  // ── events ───────────────────────────────────────────────────────────────
  async appendEvent(event: DomainEvent): Promise<void> {
    this.insert('events', rows.eventToRow(event), 'event');
  }

  async listEvents(filter: EventFilter): Promise<DomainEvent[]> {
    // With a ticket, `+desk_id` keeps the planner off the desk's indexes (events_type would walk every event of the
    // type on the desk): its own events are few, in events_conversation.
    const where = [filter.conversationId ? '+desk_id = @deskId' : 'desk_id = @deskId'];
    const params: Row = { deskId: filter.deskId, limit: filter.limit };
    if (filter.conversationId) {
      where.push('conversation_id = @conversationId');
      params.conversationId = filter.conversationId;
    }
    if (filter.types) {
      where.push(`type IN (${filter.types.map((_, i) => `@t${i}`).join(', ')})`);
      filter.types.forEach((t, i) => (params[`t${i}`] = t));
    }
    // Spelled out for the planner: a ticket's events are indexed without its message.created (migration 12).
    if (filter.conversationId && filter.types && !filter.types.includes('message.created')) where.push(`type <> 'message.created'`);
    const text = `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY pos ${filter.newestFirst ? 'DESC' : ''} LIMIT @limit`;
    return (this.sql(text).all(params) as rows.EventRow[]).map(rows.eventFromRow);
  }

  /** One process writes the file, in commit order: a consumer's progress is a cursor over `pos`. */
  async pendingEvents(consumer: EventConsumer, until: string, limit: number): Promise<DomainEvent[]> {
    return this.all<rows.EventRow>(
      `SELECT * FROM events WHERE pos > coalesce((SELECT pos FROM consumer_cursors WHERE consumer = ?), 0) AND at <= ? ORDER BY pos LIMIT ?`,
      consumer,
      until,
      limit,
    ).map(rows.eventFromRow);
  }

  async acknowledgeEvents(consumer: EventConsumer, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    this.sql(
      `INSERT INTO consumer_cursors (consumer, pos)
       SELECT ?, max(pos) FROM events WHERE id IN (SELECT value FROM json_each(?)) HAVING max(pos) IS NOT NULL
       ON CONFLICT (consumer) DO UPDATE SET pos = max(pos, excluded.pos)`,
    ).run(consumer, JSON.stringify(ids));
  }
}

function translateUnique(err: unknown, key: string): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return new DuplicateKeyError(key);
  return err;
}
