import { Worker } from 'node:worker_threads';
import type { ContactDevice, ContactVisit, Conversation, Message } from '@parley/protocol';
import { recordMessage } from '../../domain/record-message.ts';
import type { DomainEvent, EventConsumer } from '../../events/catalogue.ts';
import { FsBlobStore } from '../blobs/fs-blob-store.ts';
import { StoreUnavailableError } from '../errors.ts';
import type { Store } from '../port.ts';
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
import type { SqliteStoreOptions } from './sqlite-store.ts';
import { errorFromWire, type StoreMethod, type StoreReplies, type StoreReply, type StoreRequests, type WorkerSettings } from './worker-protocol.ts';

interface Waiting {
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * The embedded store as the server uses it: SqliteStore running on its own thread (store-worker.ts). The server's
 * event loop only posts calls and reads answers; SQLite's work and the fsync of every group commit happen on the
 * writer thread, which holds the file's only connection. Same contract as every adapter, with one limit: a message
 * step's rule is the domain's `recordMessage` (a function cannot cross threads).
 */
export class ThreadedSqliteStore implements Store {
  readonly adapter = 'embedded' as const;
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private outgoing: StoreRequests = [];
  private failure: Error | null = null;
  private closed = false;
  /** Attachment bytes stay on this thread: files are streamed in and out, never posted to the writer. */
  readonly blobs: FsBlobStore;

  constructor(
    private readonly dataDir: string,
    private readonly options: Pick<SqliteStoreOptions, 'sync' | 'checkpoints'> = {},
  ) {
    this.blobs = new FsBlobStore(attachmentsDir(dataDir));
  }

  async init(): Promise<void> {
    const settings: WorkerSettings = { dataDir: this.dataDir, sync: this.options.sync ?? 'full', checkpoints: this.options.checkpoints ?? 'background' };
    const worker = startWorker(settings);
    this.worker = worker;
    worker.on('message', (replies: StoreReplies) => replies.forEach((reply) => this.answer(reply)));
    worker.on('error', (err) => this.fail(new StoreUnavailableError(`the SQLite writer thread failed: ${err.message}`)));
    worker.on('exit', (code) => this.fail(new StoreUnavailableError(`the SQLite writer thread exited (code ${code})`)));
    try {
      await this.call('init');
    } catch (err) {
      await worker.terminate();
      throw err;
    }
  }

  async close(): Promise<void> {
    if (this.closed || !this.worker) return;
    this.closed = true;
    try {
      await this.call('close');
    } finally {
      await this.worker.terminate();
    }
  }

  async health(): Promise<StoreHealth> {
    if (this.failure) return { ok: false, adapter: 'embedded', detail: this.failure.message };
    return this.call('health');
  }

  private call<M extends StoreMethod>(method: M, ...args: Parameters<Store[M]>): ReturnType<Store[M]>;
  private call(method: StoreMethod, ...args: unknown[]): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.worker) return Promise.reject(new Error('store not initialised'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      if (this.outgoing.push({ id, method, args }) === 1) setImmediate(() => this.send());
    });
  }

  private send(): void {
    const requests = this.outgoing;
    this.outgoing = [];
    if (this.failure) return; // their callers were answered by fail()
    this.worker?.postMessage(requests);
  }

  private answer(reply: StoreReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(errorFromWire(reply.error));
  }

  /** The thread is gone: every call in flight and every later one fails (health says why). */
  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = this.closed ? new StoreUnavailableError('store closed') : err;
    for (const waiting of this.waiting.values()) waiting.reject(this.failure);
    this.waiting.clear();
  }

  getDesk(id: string): Promise<Desk | null> {
    return this.call('getDesk', id);
  }
  createDesk(desk: Desk): Promise<Desk> {
    return this.call('createDesk', desk);
  }
  setDeskName(id: string, name: string): Promise<void> {
    return this.call('setDeskName', id, name);
  }
  listSnoozedDue(until: string, limit: number): Promise<ConversationRecord[]> {
    return this.call('listSnoozedDue', until, limit);
  }
  createTeam(team: TeamRecord, event: DomainEvent): Promise<TeamRecord> {
    return this.call('createTeam', team, event);
  }
  getTeam(id: string): Promise<TeamRecord | null> {
    return this.call('getTeam', id);
  }
  listTeams(deskId: string): Promise<TeamRecord[]> {
    return this.call('listTeams', deskId);
  }
  updateTeam(id: string, patch: TeamPatch, event: DomainEvent): Promise<TeamRecord | null> {
    return this.call('updateTeam', id, patch, event);
  }
  createCanned(canned: CannedRecord, event: DomainEvent): Promise<CannedRecord> {
    return this.call('createCanned', canned, event);
  }
  getCanned(id: string): Promise<CannedRecord | null> {
    return this.call('getCanned', id);
  }
  listCanned(deskId: string, ownerId: string): Promise<CannedRecord[]> {
    return this.call('listCanned', deskId, ownerId);
  }
  updateCanned(id: string, change: CannedChange, at: string, event: DomainEvent): Promise<CannedRecord | null> {
    return this.call('updateCanned', id, change, at, event);
  }
  deleteCanned(id: string, event: DomainEvent): Promise<boolean> {
    return this.call('deleteCanned', id, event);
  }
  markRead(agentId: string, conversationId: string, seq: number, at: string): Promise<void> {
    return this.call('markRead', agentId, conversationId, seq, at);
  }
  readMarks(agentId: string, conversationIds: readonly string[]): Promise<ReadMark[]> {
    return this.call('readMarks', agentId, conversationIds);
  }
  lastReadSeq(conversationId: string): Promise<number> {
    return this.call('lastReadSeq', conversationId);
  }
  updateDesk(id: string, expectedVersion: number, change: DeskChange, at: string, event: DomainEvent): Promise<Desk | null> {
    return this.call('updateDesk', id, expectedVersion, change, at, event);
  }
  nextTicketNumber(deskId: string): Promise<number> {
    return this.call('nextTicketNumber', deskId);
  }
  countAgents(deskId: string): Promise<number> {
    return this.call('countAgents', deskId);
  }
  createAgent(agent: AgentRecord): Promise<AgentRecord> {
    return this.call('createAgent', agent);
  }
  getAgent(id: string): Promise<AgentRecord | null> {
    return this.call('getAgent', id);
  }
  findAgentByEmail(deskId: string, email: string): Promise<AgentRecord | null> {
    return this.call('findAgentByEmail', deskId, email);
  }
  listAgents(deskId: string): Promise<AgentRecord[]> {
    return this.call('listAgents', deskId);
  }
  createSession(session: SessionRecord): Promise<void> {
    return this.call('createSession', session);
  }
  getSession(tokenHash: string): Promise<SessionRecord | null> {
    return this.call('getSession', tokenHash);
  }
  deleteSession(tokenHash: string): Promise<void> {
    return this.call('deleteSession', tokenHash);
  }
  updateAgent(id: string, patch: AgentPatch, event: DomainEvent | null): Promise<AgentRecord | null> {
    return this.call('updateAgent', id, patch, event);
  }
  setAgentPassword(agentId: string, passwordHash: string): Promise<boolean> {
    return this.call('setAgentPassword', agentId, passwordHash);
  }
  deleteAgentSessions(agentId: string): Promise<number> {
    return this.call('deleteAgentSessions', agentId);
  }
  markAgentsSeen(ids: readonly string[], at: string): Promise<void> {
    return this.call('markAgentsSeen', ids, at);
  }
  createContact(contact: ContactRecord): Promise<ContactRecord> {
    return this.call('createContact', contact);
  }
  getContact(id: string): Promise<ContactRecord | null> {
    return this.call('getContact', id);
  }
  getContacts(ids: readonly string[]): Promise<ContactRecord[]> {
    return this.call('getContacts', ids);
  }
  findContactByTokenHash(tokenHash: string): Promise<ContactRecord | null> {
    return this.call('findContactByTokenHash', tokenHash);
  }
  findContactByIdentityKey(identityKey: string): Promise<ContactRecord | null> {
    return this.call('findContactByIdentityKey', identityKey);
  }
  addVisitorToken(tokenHash: string, contactId: string, at: string): Promise<void> {
    return this.call('addVisitorToken', tokenHash, contactId, at);
  }
  touchContact(id: string, at: string, device?: ContactDevice): Promise<void> {
    return this.call('touchContact', id, at, device);
  }

  setContactVisit(id: string, visit: ContactVisit): Promise<void> {
    return this.call('setContactVisit', id, visit);
  }
  updateContact(id: string, patch: ContactChange): Promise<ContactRecord | null> {
    return this.call('updateContact', id, patch);
  }
  mergeContacts(merge: ContactMerge): Promise<ContactMergeOutcome> {
    return this.call('mergeContacts', merge);
  }
  searchContacts(deskId: string, text: string, limit: number): Promise<ContactRecord[]> {
    return this.call('searchContacts', deskId, text, limit);
  }
  createConversation(conversation: ConversationRecord): Promise<ConversationRecord> {
    return this.call('createConversation', conversation);
  }
  getConversation(id: string): Promise<ConversationRecord | null> {
    return this.call('getConversation', id);
  }
  findOpenConversation(contactId: string, channel: ConversationRecord['channel']): Promise<ConversationRecord | null> {
    return this.call('findOpenConversation', contactId, channel);
  }
  listConversations(filter: ConversationFilter): Promise<Conversation[]> {
    return this.call('listConversations', filter);
  }
  updateConversation(id: string, expectedVersion: number, patch: ConversationPatch, at: string, events: DomainEvent[]): Promise<ConversationRecord | null> {
    return this.call('updateConversation', id, expectedVersion, patch, at, events);
  }
  commitMessage(step: MessageStep): Promise<StepOutcome> {
    if (step.decide !== recordMessage) return Promise.reject(new TypeError('the threaded SQLite store runs only the recordMessage rule'));
    const { decide: _rule, ...data } = step;
    return this.call('commitMessage', data as MessageStep);
  }
  recover(): Promise<number> {
    return this.call('recover');
  }
  listMessages(conversationId: string, afterSeq: number, limit: number): Promise<Message[]> {
    return this.call('listMessages', conversationId, afterSeq, limit);
  }
  createAttachment(record: AttachmentRecord): Promise<void> {
    return this.call('createAttachment', record);
  }
  getAttachment(id: string): Promise<AttachmentRecord | null> {
    return this.call('getAttachment', id);
  }
  markAttachmentReferenced(id: string, at: string): Promise<boolean> {
    return this.call('markAttachmentReferenced', id, at);
  }
  listUnreferencedAttachments(createdBefore: string, limit: number): Promise<AttachmentRecord[]> {
    return this.call('listUnreferencedAttachments', createdBefore, limit);
  }
  deleteUnreferencedAttachment(id: string, createdBefore: string): Promise<boolean> {
    return this.call('deleteUnreferencedAttachment', id, createdBefore);
  }
  saveDraft(draft: DraftRecord): Promise<void> {
    return this.call('saveDraft', draft);
  }
  deleteDraft(agentId: string, conversationId: string, kind: DraftRecord['kind']): Promise<void> {
    return this.call('deleteDraft', agentId, conversationId, kind);
  }
  listDrafts(agentId: string, conversationId?: string): Promise<DraftRecord[]> {
    return this.call('listDrafts', agentId, conversationId);
  }
  appendEvent(event: DomainEvent): Promise<void> {
    return this.call('appendEvent', event);
  }
  listEvents(filter: EventFilter): Promise<DomainEvent[]> {
    return this.call('listEvents', filter);
  }
  pendingEvents(consumer: EventConsumer, until: string, limit: number): Promise<DomainEvent[]> {
    return this.call('pendingEvents', consumer, until, limit);
  }
  acknowledgeEvents(consumer: EventConsumer, ids: string[]): Promise<void> {
    return this.call('acknowledgeEvents', consumer, ids);
  }
}

/** From the sources (a .ts module, under tsx or vitest) the worker needs tsx registered first; compiled, it does not. */
function startWorker(settings: WorkerSettings): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSources ? './store-worker.ts' : './store-worker.js', import.meta.url);
  if (!fromSources) return new Worker(entry, { workerData: settings });
  return new Worker(new URL('./ts-worker-loader.mjs', import.meta.url), { workerData: { ...settings, entry: entry.href } });
}
