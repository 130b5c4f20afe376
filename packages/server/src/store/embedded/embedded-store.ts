import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import type { Conversation, Message } from '@parley/protocol';
import { KeyedMutex } from '../../lib/keyed-mutex.ts';
import { previewOfMessage } from '../../lib/preview.ts';
import { DuplicateKeyError } from '../errors.ts';
import { openKeyFor, toConversation } from '../records.ts';
import type { Store } from '../port.ts';
import type {
  AgentRecord,
  AppendGuard,
  AppendResult,
  AttachmentRecord,
  ContactRecord,
  ConversationFilter,
  ConversationPatch,
  ConversationRecord,
  Desk,
  EventFilter,
  EventRecord,
  NewMessage,
  SessionRecord,
  StoreHealth,
} from '../types.ts';

type Doc<T> = T & { _id: string };
type Counter = { _id: string; value: number };

/** Strips nedb's `_id` so records leave the store exactly as the port describes them. */
function plain<T extends object>(doc: (T & { _id?: string }) | null): T | null {
  if (!doc) return null;
  const { _id: _ignored, ...rest } = doc;
  return rest as T;
}

/**
 * The zero-setup default: @seald-io/nedb collections persisted as append-only files under DATA_DIR.
 * Single-process by nature (each collection file has one writer), so concurrency control is an in-process mutex.
 */
export class EmbeddedStore implements Store {
  readonly adapter = 'embedded' as const;
  private readonly appendLock = new KeyedMutex();
  private readonly counterLock = new KeyedMutex();
  private readonly db: {
    desks: Datastore<Doc<Desk>>;
    agents: Datastore<Doc<AgentRecord>>;
    sessions: Datastore<Doc<SessionRecord>>;
    contacts: Datastore<Doc<ContactRecord>>;
    conversations: Datastore<Doc<ConversationRecord>>;
    messages: Datastore<Doc<Message>>;
    events: Datastore<Doc<EventRecord>>;
    counters: Datastore<Counter>;
    attachments: Datastore<Doc<AttachmentRecord>>;
    visitorTokens: Datastore<{ _id: string; contactId: string; createdAt: string }>;
  };
  private closed = false;

  constructor(private readonly dataDir: string) {
    const open = <T extends object>(name: string) =>
      new Datastore<T>({ filename: path.join(dataDir, `${name}.db`) });
    this.db = {
      desks: open('desks'),
      agents: open('agents'),
      sessions: open('sessions'),
      contacts: open('contacts'),
      conversations: open('conversations'),
      messages: open('messages'),
      events: open('events'),
      counters: open('counters'),
      attachments: open('attachments'),
      visitorTokens: open('visitor-tokens'),
    };
  }

  private get blobDir(): string {
    return path.join(this.dataDir, 'attachments');
  }

  async init(): Promise<void> {
    await mkdir(this.blobDir, { recursive: true });
    for (const ds of Object.values(this.db)) await ds.loadDatabaseAsync();
    const { agents, sessions, contacts, conversations, messages, events } = this.db;
    await agents.ensureIndexAsync({ fieldName: ['deskId', 'email'], unique: true });
    await contacts.ensureIndexAsync({ fieldName: 'tokenHash', unique: true });
    await contacts.ensureIndexAsync({ fieldName: 'identityKey', unique: true });
    await conversations.ensureIndexAsync({ fieldName: 'openKey', unique: true });
    await conversations.ensureIndexAsync({ fieldName: 'deskId' });
    await conversations.ensureIndexAsync({ fieldName: ['deskId', 'number'], unique: true });
    await messages.ensureIndexAsync({ fieldName: ['conversationId', 'clientMsgId'], unique: true });
    await messages.ensureIndexAsync({ fieldName: ['conversationId', 'seq'], unique: true });
    await messages.ensureIndexAsync({ fieldName: 'conversationId' });
    await events.ensureIndexAsync({ fieldName: 'deskId' });
    await sessions.ensureIndexAsync({ fieldName: 'agentId' });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Let queued writes finish, then fold each append-only file into a compact one.
    for (const ds of Object.values(this.db)) await ds.compactDatafileAsync();
  }

  async health(): Promise<StoreHealth> {
    return this.closed ? { ok: false, adapter: 'embedded', detail: 'closed' } : { ok: true, adapter: 'embedded' };
  }

  // ── desks ────────────────────────────────────────────────────────────────
  async getDesk(id: string): Promise<Desk | null> {
    return plain(await this.db.desks.findOneAsync({ _id: id }));
  }

  async createDesk(desk: Desk): Promise<Desk> {
    await this.db.desks.insertAsync({ ...desk, _id: desk.id });
    return desk;
  }

  async nextTicketNumber(deskId: string): Promise<number> {
    const key = `ticket:${deskId}`;
    return this.counterLock.run(key, async () => {
      const { affectedDocuments } = await this.db.counters.updateAsync(
        { _id: key },
        { $inc: { value: 1 } },
        { upsert: true, returnUpdatedDocs: true },
      );
      return (affectedDocuments as Counter).value;
    });
  }

  // ── agents and sessions ──────────────────────────────────────────────────
  async countAgents(deskId: string): Promise<number> {
    return this.db.agents.countAsync({ deskId });
  }

  async createAgent(agent: AgentRecord): Promise<AgentRecord> {
    try {
      await this.db.agents.insertAsync({ ...agent, _id: agent.id });
    } catch (err) {
      throw translateUnique(err, 'email');
    }
    return agent;
  }

  async getAgent(id: string): Promise<AgentRecord | null> {
    return plain(await this.db.agents.findOneAsync({ _id: id }));
  }

  async findAgentByEmail(deskId: string, email: string): Promise<AgentRecord | null> {
    return plain(await this.db.agents.findOneAsync({ deskId, email }));
  }

  async listAgents(deskId: string): Promise<AgentRecord[]> {
    const docs = await this.db.agents.findAsync({ deskId }).sort({ createdAt: 1 });
    return docs.map((d) => plain<AgentRecord>(d)!);
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.db.sessions.insertAsync({ ...session, _id: session.tokenHash });
  }

  async getSession(tokenHash: string): Promise<SessionRecord | null> {
    return plain(await this.db.sessions.findOneAsync({ _id: tokenHash }));
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.sessions.removeAsync({ _id: tokenHash }, {});
  }

  // ── contacts ─────────────────────────────────────────────────────────────
  async createContact(contact: ContactRecord): Promise<ContactRecord> {
    try {
      await this.db.contacts.insertAsync({ ...contact, _id: contact.id });
    } catch (err) {
      throw translateUnique(err, 'contact');
    }
    return contact;
  }

  async getContact(id: string): Promise<ContactRecord | null> {
    return plain(await this.db.contacts.findOneAsync({ _id: id }));
  }

  async findContactByTokenHash(tokenHash: string): Promise<ContactRecord | null> {
    const first = plain<ContactRecord>(await this.db.contacts.findOneAsync({ tokenHash }));
    if (first) return first;
    const added = await this.db.visitorTokens.findOneAsync({ _id: tokenHash });
    return added ? this.getContact(added.contactId) : null;
  }

  async findContactByIdentityKey(identityKey: string): Promise<ContactRecord | null> {
    return plain(await this.db.contacts.findOneAsync({ identityKey }));
  }

  async addVisitorToken(tokenHash: string, contactId: string, at: string): Promise<void> {
    await this.db.visitorTokens.insertAsync({ _id: tokenHash, contactId, createdAt: at });
  }

  async touchContact(id: string, at: string): Promise<void> {
    await this.db.contacts.updateAsync({ _id: id }, { $set: { lastSeenAt: at } }, {});
  }

  // ── conversations ────────────────────────────────────────────────────────
  async createConversation(conversation: ConversationRecord): Promise<ConversationRecord> {
    try {
      await this.db.conversations.insertAsync({ ...conversation, _id: conversation.id });
    } catch (err) {
      throw translateUnique(err, 'openKey');
    }
    return conversation;
  }

  async getConversation(id: string): Promise<ConversationRecord | null> {
    return plain(await this.db.conversations.findOneAsync({ _id: id }));
  }

  async findOpenConversation(contactId: string, channel: ConversationRecord['channel']): Promise<ConversationRecord | null> {
    return plain(await this.db.conversations.findOneAsync({ openKey: `${contactId}:${channel}` }));
  }

  async listConversations(filter: ConversationFilter): Promise<Conversation[]> {
    const query: Record<string, unknown> = { deskId: filter.deskId };
    if (filter.statuses) query.status = { $in: filter.statuses };
    if (filter.assigneeId !== undefined) query.assigneeId = filter.assigneeId;
    if (filter.contactId !== undefined) query.contactId = filter.contactId;
    const docs = await this.db.conversations
      .findAsync(query)
      .sort({ lastMessageAt: -1, number: -1 })
      .limit(filter.limit);
    return docs.map((d) => toConversation(plain<ConversationRecord>(d)!));
  }

  async updateConversation(
    id: string,
    expectedVersion: number,
    patch: ConversationPatch,
    at: string,
  ): Promise<ConversationRecord | null> {
    const current = await this.getConversation(id);
    if (!current || current.version !== expectedVersion) return null;
    const set: Record<string, unknown> = { ...patch, updatedAt: at };
    if (patch.status) set.openKey = openKeyFor({ ...current, status: patch.status });
    try {
      const { numAffected, affectedDocuments } = await this.db.conversations.updateAsync(
        { _id: id, version: expectedVersion },
        { $set: set, $inc: { version: 1 } },
        { returnUpdatedDocs: true },
      );
      if (numAffected === 0) return null;
      return plain(affectedDocuments as Doc<ConversationRecord>);
    } catch (err) {
      throw translateUnique(err, 'openKey');
    }
  }

  // ── messages ─────────────────────────────────────────────────────────────
  async appendMessage(input: NewMessage, id: string, at: string, guard?: AppendGuard): Promise<AppendResult> {
    return this.appendLock.run(input.conversationId, async () => {
      const existing = await this.db.messages.findOneAsync({
        conversationId: input.conversationId,
        clientMsgId: input.clientMsgId,
      });
      if (existing) return { message: plain<Message>(existing)!, created: false };
      const conversation = await this.db.conversations.findOneAsync({ _id: input.conversationId });
      if (!conversation) throw new Error(`conversation ${input.conversationId} does not exist`);
      if (guard) {
        const stale = await this.db.messages
          .findAsync({
            conversationId: input.conversationId,
            seq: { $gt: guard.afterSeq },
            type: { $in: ['visitor', 'agent'] },
            authorId: { $ne: guard.authorId },
          })
          .sort({ seq: 1 });
        if (stale.length > 0) return { stale: stale.map((d) => plain<Message>(d)!) };
      }
      const message: Message = { id, ...input, seq: conversation.lastSeq + 1, createdAt: at };
      await this.db.messages.insertAsync({ ...message, _id: id });
      const set: Record<string, unknown> = { lastSeq: message.seq };
      if (message.type !== 'note' && message.type !== 'system') {
        set.lastMessageAt = at;
        set.lastMessagePreview = previewOfMessage(message);
      }
      await this.db.conversations.updateAsync({ _id: input.conversationId }, { $set: set }, {});
      return { message, created: true };
    });
  }

  async listMessages(conversationId: string, afterSeq: number, limit: number): Promise<Message[]> {
    const docs = await this.db.messages
      .findAsync({ conversationId, seq: { $gt: afterSeq } })
      .sort({ seq: 1 })
      .limit(limit);
    return docs.map((d) => plain<Message>(d)!);
  }

  // ── attachments ──────────────────────────────────────────────────────────
  async createAttachment(record: AttachmentRecord, data: Buffer): Promise<void> {
    // Write-then-rename: a crash leaves either no file or a whole one, never a record without its bytes.
    const file = path.join(this.blobDir, record.id);
    await writeFile(`${file}.part`, data, { flag: 'wx' });
    await rename(`${file}.part`, file);
    await this.db.attachments.insertAsync({ ...record, _id: record.id });
  }

  async getAttachment(id: string): Promise<AttachmentRecord | null> {
    return plain(await this.db.attachments.findOneAsync({ _id: id }));
  }

  async readAttachmentData(id: string): Promise<Buffer | null> {
    if (!(await this.getAttachment(id))) return null;
    return readFile(path.join(this.blobDir, id));
  }

  // ── events ───────────────────────────────────────────────────────────────
  async appendEvent(event: EventRecord): Promise<void> {
    await this.db.events.insertAsync({ ...event, _id: event.id });
  }

  async listEvents(filter: EventFilter): Promise<EventRecord[]> {
    const query: Record<string, unknown> = { deskId: filter.deskId };
    if (filter.conversationId) query.conversationId = filter.conversationId;
    if (filter.types) query.type = { $in: filter.types };
    const docs = await this.db.events.findAsync(query).sort({ at: 1 }).limit(filter.limit);
    return docs.map((d) => plain<EventRecord>(d)!);
  }
}

function translateUnique(err: unknown, key: string): unknown {
  if (err && typeof err === 'object' && (err as { errorType?: string }).errorType === 'uniqueViolated') {
    return new DuplicateKeyError(key);
  }
  return err;
}
