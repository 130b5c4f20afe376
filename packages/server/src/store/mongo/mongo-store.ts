import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { ContactDevice, ContactVisit, Conversation, Message } from '@parley/protocol';
import { recordMessage } from '../../domain/record-message.ts';
import { EVENT_CONSUMERS, type DomainEvent, type EventConsumer } from '../../events/catalogue.ts';
import { KeyedMutex } from '../../lib/keyed-mutex.ts';
import { StoreUnavailableError } from '../errors.ts';
import type { Store } from '../port.ts';
import { openKeyFor } from '../records.ts';
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
import { commitStep, type CommitContext } from './commit-message.ts';
import { connectOptions, createConnection, DEFAULT_HEALTH_TIMEOUT_MS, DEFAULT_RECOVERY_CHECK_EVERY_MS, DEFAULT_REOPEN_AFTER_MS, type MongoStoreOptions } from './connection.ts';
import { GridFsBlobStore } from '../blobs/gridfs-blob-store.ts';
import { copyVisit } from '../visit-fields.ts';
import { guarded, isDuplicateKey } from './errors.ts';
import * as eventLog from './events.ts';
import { GroupCommit, type CommitStage } from './group-commit.ts';
import * as map from './map.ts';
import { bindModels, type Models } from './models.ts';
import { recover, type RecoveryOptions } from './recover.ts';
import type { AgentDoc } from './schemas/agent.ts';
import type { AttachmentDoc } from './schemas/attachment.ts';
import type { ContactDoc } from './schemas/contact.ts';
import type { ConversationDoc } from './schemas/conversation.ts';
import type { CounterDoc } from './schemas/counter.ts';
import type { DeskDoc } from './schemas/desk.ts';
import type { MessageDoc } from './schemas/message.ts';
import type { SessionDoc } from './schemas/session.ts';
import type { TeamDoc } from './schemas/team.ts';
import type { ReadDoc } from './schemas/read.ts';
import type { CannedDoc } from './schemas/canned.ts';
import { TicketCache } from './ticket-cache.ts';
import { conversationQuery } from './ticket-query.ts';
import { readTicket } from './ticket-state.ts';
import * as contactMerge from './contact-merge.ts';
import { updateConversation } from './update-conversation.ts';
import { draftId, type DraftDoc } from './schemas/draft.ts';

export type { MongoStoreOptions } from './connection.ts';
export type { CommitStage } from './group-commit.ts';
export type { RecoveryOptions } from './recover.ts';

/** Upserting a fresh counter can race another upsert of the same _id; the loser simply retries. */
const COUNTER_ATTEMPTS = 5;

/** An upload no message has carried yet: null, and present (uploads stored before the sweep existed have no field and are kept). */
const unreferenced = () => mongoose.trusted({ $type: 'null' as const });

/**
 * The production store: MongoDB (≥ 6) through mongoose, also runs on FerretDB 1.24.
 * Uses only single-document atomic operations and unique indexes (no transactions, $lookup, $facet,
 * partial/TTL indexes or change streams), so any number of server processes can share one database.
 * A message step or an edit that spans several documents is made of idempotent writes keyed by ids, with its decision
 * stored at the commit point, so whoever comes next finishes a step cut off half-way (commit-message.ts,
 * complete-step.ts, update-conversation.ts); recover() sweeps up what nobody came back for.
 * Every failure leaves as StoreUnavailableError, DuplicateKeyError or TypeError (see errors.ts).
 */
export class MongoStore implements Store {
  readonly adapter = 'mongo' as const;
  private readonly conn: Connection;
  private readonly m: Models;
  /** Message steps, edits and recovery of one conversation run one at a time in this process. */
  private readonly ticketLock = new KeyedMutex();
  private readonly steps: CommitContext;
  private closed = false;
  /** performance.now() of the latest message step that failed for want of a server. */
  private lastUnavailableAt = -Infinity;
  /** performance.now() of the first failing health() since the last good one. */
  private failingSince: number | null = null;
  private reopening: Promise<void> | null = null;
  /** Checks health() while the server is unreachable, so that the store recovers without anyone polling /healthz. */
  private recoveryCheck: NodeJS.Timeout | null = null;
  readonly blobs: GridFsBlobStore;

  constructor(
    private readonly uri: string,
    private readonly options: MongoStoreOptions = {},
  ) {
    this.conn = createConnection();
    // Driver/mongoose errors are reported through operations and health(); keep the emitter quiet.
    this.conn.on('error', () => undefined);
    this.m = bindModels(this.conn);
    this.blobs = new GridFsBlobStore(this.conn);
    this.steps = {
      m: this.m,
      cache: new TicketCache(),
      group: new GroupCommit(this.m, (stage) => this.checkpoint(stage)),
      rule: options.recoveryRule ?? recordMessage,
    };
  }

  /**
   * Called at the points where a write can be cut off half-way (after the messages are placed, after the tickets are
   * updated, after an edit is stored). Does nothing; a test subclass throws here to play a process that dies.
   */
  protected async checkpoint(_stage: CommitStage): Promise<void> {}

  async init(): Promise<void> {
    await this.guard(async () => {
      await this.conn.openUri(this.uri, connectOptions(this.uri, this.options));
      // Indexes are declared in the schemas. createIndexes() only adds missing ones; syncIndexes() would
      // also drop undeclared ones, which is not a decision for a server that is merely starting (and
      // several nodes start at once). Both work on FerretDB 1.24.
      for (const model of Object.values(this.m) as mongoose.Model<unknown>[]) await model.createIndexes();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopRecoveryCheck();
    await this.reopening; // a reopen under way would otherwise open a client after this close
    await this.conn.close();
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, adapter: 'mongo', detail: 'closed' };
    const db = this.conn.db;
    if (!db) return { ok: false, adapter: 'mongo', detail: this.reopening ? 'reconnecting' : 'not connected' };
    const timeoutMS = this.options.healthTimeoutMS ?? DEFAULT_HEALTH_TIMEOUT_MS;
    try {
      await withTimeout(db.command({ ping: 1 }), timeoutMS, `ping timed out after ${timeoutMS} ms`);
      this.failingSince = null;
      this.stopRecoveryCheck();
      return { ok: true, adapter: 'mongo' };
    } catch (err) {
      const now = performance.now();
      this.failingSince ??= now;
      if (now - this.failingSince >= (this.options.reopenAfterMS ?? DEFAULT_REOPEN_AFTER_MS)) this.reopen();
      return { ok: false, adapter: 'mongo', detail: err instanceof Error ? err.message : String(err) };
    }
  }

  /**
   * A new driver client, for one that does not come back by itself. Seen with the test server killed while writes
   * were in flight: one client's monitor began a check as the server died and never finished it (no timeout fired),
   * so that client kept reporting the server unknown long after it was back, while a second client in the same
   * process recovered within a second. Reopening the connection starts a fresh monitor; the models follow it.
   */
  private reopen(): void {
    this.reopening ??= (async () => {
      try {
        await this.conn.close(); // not forced: mongoose refuses every later operation of a force-closed connection
        if (!this.closed) await this.conn.openUri(this.uri, connectOptions(this.uri, this.options));
      } catch {
        // still down: the next failing health() past the delay tries again
      } finally {
        this.failingSince = performance.now();
        this.reopening = null;
      }
    })();
  }

  /** Every operation goes through here: errors become the store's, and an outage starts the recovery check. */
  private guard<T>(work: () => Promise<T>, duplicateKey?: string): Promise<T> {
    return guarded(work, duplicateKey).catch((err: unknown) => {
      if (err instanceof StoreUnavailableError) this.startRecoveryCheck();
      throw err;
    });
  }

  /**
   * The reopen above happens in health(). A node that nobody health-checks (no orchestrator polling /healthz) would
   * otherwise keep a stuck client for ever; once an operation has found the server unreachable, the store checks its
   * own health every `recoveryCheckEveryMS` until it is good again.
   */
  private startRecoveryCheck(): void {
    if (this.recoveryCheck || this.closed) return;
    let checking = false;
    this.recoveryCheck = setInterval(() => {
      if (checking) return;
      checking = true;
      void this.health().finally(() => (checking = false));
    }, this.options.recoveryCheckEveryMS ?? DEFAULT_RECOVERY_CHECK_EVERY_MS);
    this.recoveryCheck.unref();
  }

  private stopRecoveryCheck(): void {
    if (this.recoveryCheck) clearInterval(this.recoveryCheck);
    this.recoveryCheck = null;
  }

  // ── desks ────────────────────────────────────────────────────────────────
  getDesk(id: string): Promise<Desk | null> {
    return this.guard(async () => {
      const doc = await this.m.desks.findById(id).lean<DeskDoc>().exec();
      return doc ? map.deskFromDoc(doc) : null;
    });
  }

  createDesk(desk: Desk): Promise<Desk> {
    return this.guard(async () => {
      await this.m.desks.create(map.deskToDoc(desk));
      return desk;
    }, 'id');
  }

  setDeskName(id: string, name: string): Promise<void> {
    return this.guard(async () => {
      await this.m.desks.updateOne({ _id: id }, { $set: { name } }).exec();
    });
  }

  /** The change, then its audit event (no transactions here: a crash in between loses the audit line, not the change). */
  updateDesk(id: string, expectedVersion: number, change: DeskChange, at: string, event: DomainEvent): Promise<Desk | null> {
    return this.guard(async () => {
      const set = {
        name: change.name,
        allowedOrigins: [...change.allowedOrigins],
        greeting: { en: change.greeting.en, ko: change.greeting.ko },
        settings: change.settings,
        version: expectedVersion + 1,
        updatedAt: at,
      };
      // Documents from before versions existed have none: they count as version 1.
      const version = expectedVersion === 1 ? { $in: [1, null] } : expectedVersion;
      const doc = await this.m.desks
        .findOneAndUpdate({ _id: id, version: mongoose.trusted(version) }, { $set: set }, { returnDocument: 'after' })
        .lean<DeskDoc>()
        .exec();
      if (!doc) return null;
      await this.appendEventOnce(event);
      return map.deskFromDoc(doc);
    });
  }

  nextTicketNumber(deskId: string): Promise<number> {
    return this.guard(async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          const counter = await this.m.counters
            .findOneAndUpdate({ _id: `ticket:${deskId}` }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' })
            .lean<CounterDoc>()
            .exec();
          if (!counter) throw new Error('counter upsert returned nothing');
          return counter.value;
        } catch (err) {
          if (!isDuplicateKey(err) || attempt >= COUNTER_ATTEMPTS) throw err;
        }
      }
    }, 'counter');
  }

  // ── agents and sessions ──────────────────────────────────────────────────
  countAgents(deskId: string): Promise<number> {
    return this.guard(() => this.m.agents.countDocuments({ deskId }).exec());
  }

  createAgent(agent: AgentRecord): Promise<AgentRecord> {
    return this.guard(async () => {
      await this.m.agents.create(map.agentToDoc(agent));
      return agent;
    }, 'email');
  }

  getAgent(id: string): Promise<AgentRecord | null> {
    return this.guard(async () => {
      const doc = await this.m.agents.findById(id).lean<AgentDoc>().exec();
      return doc ? map.agentFromDoc(doc) : null;
    });
  }

  findAgentByEmail(deskId: string, email: string): Promise<AgentRecord | null> {
    return this.guard(async () => {
      const doc = await this.m.agents.findOne({ deskId, email }).lean<AgentDoc>().exec();
      return doc ? map.agentFromDoc(doc) : null;
    });
  }

  listAgents(deskId: string): Promise<AgentRecord[]> {
    return this.guard(async () => {
      const docs = await this.m.agents.find({ deskId }).sort({ createdAt: 1 }).lean<AgentDoc[]>().exec();
      return docs.map(map.agentFromDoc);
    });
  }

  createSession(session: SessionRecord): Promise<void> {
    return this.guard(async () => {
      await this.m.sessions.create(map.sessionToDoc(session));
    }, 'tokenHash');
  }

  getSession(tokenHash: string): Promise<SessionRecord | null> {
    return this.guard(async () => {
      const doc = await this.m.sessions.findById(tokenHash).lean<SessionDoc>().exec();
      return doc ? map.sessionFromDoc(doc) : null;
    });
  }

  // ── drafts ───────────────────────────────────────────────────────────────
  saveDraft(draft: DraftRecord): Promise<void> {
    return this.guard(async () => {
      const doc: DraftDoc = {
        _id: draftId(draft.agentId, draft.conversationId, draft.kind),
        agentId: draft.agentId,
        conversationId: draft.conversationId,
        kind: draft.kind,
        text: draft.text,
        seenSeq: draft.seenSeq,
        seenAssigneeId: draft.seenTicket.assigneeId,
        seenStatus: draft.seenTicket.status,
        updatedAt: draft.updatedAt,
      };
      await this.m.drafts.replaceOne({ _id: doc._id }, doc, { upsert: true }).exec();
    });
  }

  deleteDraft(agentId: string, conversationId: string, kind: DraftRecord['kind']): Promise<void> {
    return this.guard(async () => {
      await this.m.drafts.deleteOne({ _id: draftId(agentId, conversationId, kind) }).exec();
    });
  }

  listDrafts(agentId: string, conversationId?: string): Promise<DraftRecord[]> {
    return this.guard(async () => {
      const filter = conversationId === undefined ? { agentId } : { agentId, conversationId };
      const docs = await this.m.drafts.find(filter).sort({ updatedAt: -1 }).lean<DraftDoc[]>().exec();
      return docs.map((d) => ({
        agentId: d.agentId,
        conversationId: d.conversationId,
        kind: d.kind,
        text: d.text,
        seenSeq: d.seenSeq,
        seenTicket: { assigneeId: d.seenAssigneeId, status: d.seenStatus as DraftRecord['seenTicket']['status'] },
        updatedAt: d.updatedAt,
      }));
    });
  }

  deleteSession(tokenHash: string): Promise<void> {
    return this.guard(async () => {
      await this.m.sessions.deleteOne({ _id: tokenHash }).exec();
    });
  }

  updateAgent(id: string, patch: AgentPatch, event: DomainEvent | null): Promise<AgentRecord | null> {
    return this.guard(async () => {
      const current = await this.m.agents.findById(id).lean<AgentDoc>().exec();
      if (!current) return null;
      const next = map.agentToDoc({ ...map.agentFromDoc(current), ...patch });
      const { name, role, active, availability, profile } = next;
      await this.m.agents.updateOne({ _id: id }, { $set: { name, role, active, availability, profile } }).exec();
      if (event) await this.appendEventOnce(event);
      return map.agentFromDoc(next);
    });
  }

  setAgentPassword(agentId: string, passwordHash: string): Promise<boolean> {
    return this.guard(async () => {
      const result = await this.m.agents.updateOne({ _id: agentId }, { $set: { passwordHash } }).exec();
      return result.matchedCount === 1;
    });
  }

  deleteAgentSessions(agentId: string): Promise<number> {
    return this.guard(async () => (await this.m.sessions.deleteMany({ agentId }).exec()).deletedCount);
  }

  markAgentsSeen(ids: readonly string[], at: string): Promise<void> {
    return this.guard(async () => {
      if (ids.length === 0) return;
      // `lastSeenAt: null` also matches documents written before the field existed.
      const earlier = [{ lastSeenAt: null }, { lastSeenAt: mongoose.trusted({ $lt: at }) }];
      await this.m.agents.updateMany({ _id: mongoose.trusted({ $in: [...ids] }), $or: earlier }, { $set: { lastSeenAt: at } }).exec();
    });
  }

  // ── contacts ─────────────────────────────────────────────────────────────
  createContact(contact: ContactRecord): Promise<ContactRecord> {
    return this.guard(async () => {
      await this.m.contacts.create(map.contactToDoc(contact));
      return contact;
    }, 'contact');
  }

  getContact(id: string): Promise<ContactRecord | null> {
    return this.guard(async () => {
      const doc = await this.m.contacts.findById(id).lean<ContactDoc>().exec();
      return doc ? map.contactFromDoc(doc) : null;
    });
  }

  getContacts(ids: readonly string[]): Promise<ContactRecord[]> {
    return this.guard(async () => {
      if (ids.length === 0) return [];
      const docs = await this.m.contacts.find({ _id: mongoose.trusted({ $in: [...ids] }) }).lean<ContactDoc[]>().exec();
      return docs.map(map.contactFromDoc);
    });
  }

  findContactByTokenHash(tokenHash: string): Promise<ContactRecord | null> {
    return this.guard(async () => {
      const doc = await this.m.contacts.findOne({ tokenHash }).lean<ContactDoc>().exec();
      if (doc) return map.contactFromDoc(doc);
      const added = await this.m.visitorTokens.findById(tokenHash).lean<{ contactId: string }>().exec();
      if (!added) return null;
      const owner = await this.m.contacts.findById(added.contactId).lean<ContactDoc>().exec();
      return owner ? map.contactFromDoc(owner) : null;
    });
  }

  findContactByIdentityKey(identityKey: string): Promise<ContactRecord | null> {
    return this.guard(async () => {
      const doc = await this.m.contacts.findOne({ identityKey }).lean<ContactDoc>().exec();
      return doc ? map.contactFromDoc(doc) : null;
    });
  }

  addVisitorToken(tokenHash: string, contactId: string, at: string): Promise<void> {
    return this.guard(async () => {
      await this.m.visitorTokens.create({ _id: tokenHash, contactId, createdAt: at });
    }, 'tokenHash');
  }

  touchContact(id: string, at: string, device?: ContactDevice): Promise<void> {
    return this.guard(async () => {
      const set: Record<string, unknown> = { lastSeenAt: at };
      if (device) set['profile.device'] = { userAgent: device.userAgent, language: device.language };
      await this.m.contacts.updateOne({ _id: id }, { $set: set }).exec();
    });
  }

  setContactVisit(id: string, visit: ContactVisit): Promise<void> {
    return this.guard(async () => {
      await this.m.contacts.updateOne({ _id: id }, { $set: { 'profile.visit': copyVisit(visit) } }).exec();
    });
  }

  updateContact(id: string, patch: ContactChange): Promise<ContactRecord | null> {
    return this.guard(async () => {
      const current = await this.m.contacts.findById(id).lean<ContactDoc>().exec();
      if (!current) return null;
      const next = { ...map.contactFromDoc(current), ...patch };
      const doc = map.contactToDoc(next);
      await this.m.contacts.updateOne({ _id: id }, { $set: { name: doc.name, email: doc.email, profile: doc.profile } }).exec();
      return next;
    });
  }

  mergeContacts(merge: ContactMerge): Promise<ContactMergeOutcome> {
    return this.guard(() => contactMerge.mergeContacts(this.steps, merge, (event) => this.appendEventOnce(event)));
  }

  searchContacts(deskId: string, text: string, limit: number): Promise<ContactRecord[]> {
    return this.guard(() => contactMerge.searchContacts(this.steps, deskId, text, limit));
  }

  // ── conversations ────────────────────────────────────────────────────────
  createConversation(conversation: ConversationRecord): Promise<ConversationRecord> {
    return this.guard(async () => {
      await this.m.conversations.create(map.conversationToDoc(conversation));
      this.steps.cache.set(conversation);
      return conversation;
    }, 'openKey');
  }

  getConversation(id: string): Promise<ConversationRecord | null> {
    return this.guard(async () => {
      const doc = await this.m.conversations.findById(id).lean<ConversationDoc>().exec();
      return doc ? map.conversationRecordFromDoc(doc) : null;
    });
  }

  findOpenConversation(contactId: string, channel: ConversationRecord['channel']): Promise<ConversationRecord | null> {
    return this.guard(async () => {
      const openKey = openKeyFor({ id: '', contactId, channel, status: 'open' });
      const doc = await this.m.conversations.findOne({ openKey }).lean<ConversationDoc>().exec();
      return doc ? map.conversationRecordFromDoc(doc) : null;
    });
  }

  listConversations(filter: ConversationFilter): Promise<Conversation[]> {
    return this.guard(async () => {
      const query = await conversationQuery(this.m, filter);
      const docs = await this.m.conversations
        .find(query)
        .sort({ lastMessageAt: -1, number: -1 })
        .limit(filter.limit)
        .lean<ConversationDoc[]>()
        .exec();
      return docs.map(map.conversationFromDoc);
    });
  }

  listSnoozedDue(until: string, limit: number): Promise<ConversationRecord[]> {
    return this.guard(async () => {
      const docs = await this.m.conversations
        .find({ status: 'snoozed', snoozedUntil: mongoose.trusted({ $lte: until }) })
        .sort({ snoozedUntil: 1 })
        .limit(limit)
        .lean<ConversationDoc[]>()
        .exec();
      return docs.map(map.conversationRecordFromDoc);
    });
  }

  /** The team, then its audit event (no transactions here: a crash in between loses the audit line only). */
  createTeam(team: TeamRecord, event: DomainEvent): Promise<TeamRecord> {
    return this.guard(async () => {
      await this.m.teams.create({ _id: team.id, deskId: team.deskId, name: team.name, memberIds: [...team.memberIds], createdAt: team.createdAt });
      await this.appendEventOnce(event);
      return team;
    }, 'name');
  }

  getTeam(id: string): Promise<TeamRecord | null> {
    return this.guard(async () => {
      const doc = await this.m.teams.findById(id).lean<TeamDoc>().exec();
      return doc ? map.teamFromDoc(doc) : null;
    });
  }

  listTeams(deskId: string): Promise<TeamRecord[]> {
    return this.guard(async () => {
      const docs = await this.m.teams.find({ deskId }).sort({ name: 1 }).lean<TeamDoc[]>().exec();
      return docs.map(map.teamFromDoc);
    });
  }

  updateTeam(id: string, patch: TeamPatch, event: DomainEvent): Promise<TeamRecord | null> {
    return this.guard(async () => {
      const set: Partial<TeamDoc> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.memberIds !== undefined) set.memberIds = [...patch.memberIds];
      const doc = await this.m.teams.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' }).lean<TeamDoc>().exec();
      if (!doc) return null;
      await this.appendEventOnce(event);
      return map.teamFromDoc(doc);
    }, 'name');
  }

  /** The response, then its audit event (no transactions here: a crash in between loses the audit line only). */
  createCanned(canned: CannedRecord, event: DomainEvent): Promise<CannedRecord> {
    return this.guard(async () => {
      await this.m.canned.create(map.cannedToDoc(canned));
      await this.appendEventOnce(event);
      return canned;
    }, 'shortcut');
  }

  getCanned(id: string): Promise<CannedRecord | null> {
    return this.guard(async () => {
      const doc = await this.m.canned.findById(id).lean<CannedDoc>().exec();
      return doc ? map.cannedFromDoc(doc) : null;
    });
  }

  listCanned(deskId: string, ownerId: string): Promise<CannedRecord[]> {
    return this.guard(async () => {
      const docs = await this.m.canned
        .find({ deskId, ownerKey: mongoose.trusted({ $in: ['', ownerId] }) })
        .sort({ shortcut: 1, ownerKey: 1 })
        .lean<CannedDoc[]>()
        .exec();
      return docs.map(map.cannedFromDoc);
    });
  }

  updateCanned(id: string, change: CannedChange, at: string, event: DomainEvent): Promise<CannedRecord | null> {
    return this.guard(async () => {
      const set: Partial<CannedDoc> = { updatedAt: at };
      if (change.shortcut !== undefined) set.shortcut = change.shortcut;
      if (change.title !== undefined) set.title = change.title;
      if (change.text !== undefined) set.text = change.text;
      const doc = await this.m.canned.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' }).lean<CannedDoc>().exec();
      if (!doc) return null;
      await this.appendEventOnce(event);
      return map.cannedFromDoc(doc);
    }, 'shortcut');
  }

  deleteCanned(id: string, event: DomainEvent): Promise<boolean> {
    return this.guard(async () => {
      const result = await this.m.canned.deleteOne({ _id: id }).exec();
      if (result.deletedCount !== 1) return false;
      await this.appendEventOnce(event);
      return true;
    });
  }

  markRead(agentId: string, conversationId: string, seq: number, at: string): Promise<void> {
    return this.guard(async () => {
      await this.m.reads
        .updateOne({ _id: `${agentId}:${conversationId}` }, { $max: { seq }, $set: { agentId, conversationId, at } }, { upsert: true })
        .exec()
        .catch((err: unknown) => {
          // Two first marks at once: the loser's upsert hits the key the winner just wrote; its $max then applies.
          if (!isDuplicateKey(err)) throw err;
          return this.m.reads.updateOne({ _id: `${agentId}:${conversationId}` }, { $max: { seq }, $set: { at } }).exec();
        });
    });
  }

  readMarks(agentId: string, conversationIds: readonly string[]): Promise<ReadMark[]> {
    return this.guard(async () => {
      if (conversationIds.length === 0) return [];
      const ids = conversationIds.map((c) => `${agentId}:${c}`);
      const docs = await this.m.reads.find({ _id: mongoose.trusted({ $in: ids }) }).lean<ReadDoc[]>().exec();
      return docs.map((d) => ({ conversationId: d.conversationId, seq: d.seq }));
    });
  }

  lastReadSeq(conversationId: string): Promise<number> {
    return this.guard(async () => {
      const [top] = await this.m.reads.find({ conversationId }).sort({ seq: -1 }).limit(1).lean<ReadDoc[]>().exec();
      return top?.seq ?? 0;
    });
  }

  updateConversation(
    id: string,
    expectedVersion: number,
    patch: ConversationPatch,
    at: string,
    events: DomainEvent[],
  ): Promise<ConversationRecord | null> {
    return this.guard(
      () =>
        this.ticketLock.run(id, () =>
          updateConversation(this.steps, (stage) => this.checkpoint(stage), { id, expectedVersion, patch, at, events }),
        ),
      'openKey',
    );
  }

  // ── messages ─────────────────────────────────────────────────────────────
  commitMessage(step: MessageStep): Promise<StepOutcome> {
    const { conversationId, clientMsgId, id } = step.message;
    if (typeof conversationId !== 'string' || typeof clientMsgId !== 'string' || typeof id !== 'string') {
      return Promise.reject(new TypeError('mongo store: invalid input: message ids must be strings'));
    }
    // Serialised per conversation in this process: two steps of one ticket never race each other here, and steps of
    // different tickets that are ready together are written together (GroupCommit). Across nodes, see commit-message.ts.
    const queuedAt = performance.now();
    return this.ticketLock.run(conversationId, async () => {
      // Fail fast in an outage: without this, steps queued behind one another would each wait a full
      // serverSelectionTimeoutMS in turn. Only an outage seen while this one waited counts, so a request
      // that arrives later still tries (and notices the recovery) itself.
      if (this.lastUnavailableAt > queuedAt) {
        throw new StoreUnavailableError('mongo unavailable: an earlier message step failed while this one was queued');
      }
      try {
        return await this.guard(() => commitStep(this.steps, step), 'id');
      } catch (err) {
        // Whatever was written, this process no longer knows the ticket's state.
        this.steps.cache.delete(conversationId);
        if (err instanceof StoreUnavailableError) this.lastUnavailableAt = performance.now();
        throw err;
      }
    });
  }

  /**
   * Completes message steps and edit events that a writer left half-way (it died, or lost the server), older than
   * `olderThanMs` (default 2 s). Call it at start and every few seconds on each node; it is idempotent. Returns how
   * many it completed.
   */
  recover(options: RecoveryOptions = {}): Promise<number> {
    return this.guard(() =>
      recover(this.steps, (conversationId, work) => this.ticketLock.run(conversationId, work), this.steps.rule, options),
    );
  }

  listMessages(conversationId: string, afterSeq: number, limit: number): Promise<Message[]> {
    return this.guard(async () => {
      const docs = await this.m.messages
        .find({ conversationId, seq: mongoose.trusted({ $gt: afterSeq }) })
        .sort({ seq: 1 })
        .limit(limit)
        .lean<MessageDoc[]>()
        .exec();
      // A message whose step is still running (or was cut off) is not committed until its ticket has it: it can only
      // be the one after the ticket's lastSeq, and it stays out of sight until then.
      if (docs.some((d) => d.pendingStep)) {
        const ticket = await readTicket(this.steps, conversationId);
        const lastSeq = ticket?.lastSeq ?? 0;
        return docs.filter((d) => d.seq <= lastSeq).map(map.messageFromDoc);
      }
      return docs.map(map.messageFromDoc);
    });
  }

  // ── attachments ──────────────────────────────────────────────────────────
  createAttachment(record: AttachmentRecord): Promise<void> {
    return this.guard(async () => {
      await this.m.attachments.create({ ...map.attachmentToDoc(record), referencedAt: null });
    }, 'id');
  }

  getAttachment(id: string): Promise<AttachmentRecord | null> {
    return this.guard(async () => {
      const doc = await this.m.attachments.findById(id).lean<AttachmentDoc>().exec();
      return doc ? map.attachmentFromDoc(doc) : null;
    });
  }

  markAttachmentReferenced(id: string, at: string): Promise<boolean> {
    return this.guard(async () => {
      const { matchedCount } = await this.m.attachments.updateOne({ _id: id, referencedAt: unreferenced() }, { $set: { referencedAt: at } }).exec();
      return matchedCount > 0 || (await this.m.attachments.exists({ _id: id })) !== null;
    });
  }

  listUnreferencedAttachments(createdBefore: string, limit: number): Promise<AttachmentRecord[]> {
    return this.guard(async () => {
      const docs = await this.m.attachments
        .find({ referencedAt: unreferenced(), createdAt: mongoose.trusted({ $lt: createdBefore }) })
        .sort({ createdAt: 1 })
        .limit(limit)
        .lean<AttachmentDoc[]>()
        .exec();
      return docs.map(map.attachmentFromDoc);
    });
  }

  deleteUnreferencedAttachment(id: string, createdBefore: string): Promise<boolean> {
    return this.guard(async () => {
      const { deletedCount } = await this.m.attachments
        .deleteOne({ _id: id, referencedAt: unreferenced(), createdAt: mongoose.trusted({ $lt: createdBefore }) })
        .exec();
      return deletedCount > 0;
    });
  }

  // ── events ───────────────────────────────────────────────────────────────
  private async appendEventOnce(event: DomainEvent): Promise<void> {
    try {
      await this.m.events.create({ ...map.eventToBody(event, eventLog.nextOrd()), pending: [...EVENT_CONSUMERS] });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  appendEvent(event: DomainEvent): Promise<void> {
    return this.guard(async () => {
      await this.m.events.create({ ...map.eventToBody(event, eventLog.nextOrd()), pending: [...EVENT_CONSUMERS] });
    }, 'id');
  }

  listEvents(filter: EventFilter): Promise<DomainEvent[]> {
    return this.guard(() => eventLog.listEvents(this.m, filter));
  }

  pendingEvents(consumer: EventConsumer, until: string, limit: number): Promise<DomainEvent[]> {
    return this.guard(() => eventLog.pendingEvents(this.m, consumer, until, limit));
  }

  acknowledgeEvents(consumer: EventConsumer, ids: string[]): Promise<void> {
    return this.guard(() => eventLog.acknowledgeEvents(this.m, consumer, ids));
  }
}

/** Rejects after `ms`; the original promise's late rejection is absorbed. */
function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
