import { NEW_CONTACT_DEFAULTS } from '../../src/store/defaults.ts';
import { testAgent, testDesk } from '../support/records.ts';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DomainEvent, TicketChanges } from '../../src/events/catalogue.ts';
import { StoreUnavailableError } from '../../src/store/errors.ts';
import { MongoStore, type CommitStage } from '../../src/store/mongo/mongo-store.ts';
import type { ConversationPatch, ConversationRecord, StepOutcome } from '../../src/store/types.ts';
import { mongoUri } from '../support/mongo-uri.ts';
import { dropDatabase, freshDatabaseName, openMongoStore, withDatabase } from './mongo-support.ts';
import { expectStatus, msg, newConversation, now, step, uid } from './mongo-steps.ts';

/** A person's edit event, as services/tickets.ts records one. */
const editEvent = (c: ConversationRecord, changes: TicketChanges): DomainEvent => ({
  id: uid('ev'), deskId: c.deskId, conversationId: c.id, actor: { type: 'agent', id: 'boss' }, at: now(),
  type: 'ticket.updated', data: { cause: 'edit', changes },
});

/** A node whose process can be cut off (or interfered with) between the writes of a step. */
class FaultyStore extends MongoStore {
  onStage: ((stage: CommitStage) => Promise<void>) | null = null;
  protected override async checkpoint(stage: CommitStage): Promise<void> {
    await this.onStage?.(stage);
  }
}

/** Makes `store` die once at `stage`: the write in flight fails there and nothing after it happens. */
function dieOnceAt(store: FaultyStore, stage: CommitStage): void {
  store.onStage = async (reached) => {
    if (reached !== stage) return;
    store.onStage = null;
    throw new Error(`node died at ${stage}`);
  };
}

/** The proof for injection: the call finds nothing, or it throws; it never matches data. */
async function expectNothing(call: Promise<unknown>): Promise<void> {
  const outcome = await call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if ('error' in outcome) {
    expect(outcome.error).toBeInstanceOf(Error);
    expect(outcome.error).not.toBeInstanceOf(StoreUnavailableError);
  } else {
    const v = outcome.value;
    const empty = v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && (v as { status?: unknown }).status === 'missing');
    expect(empty).toBe(true);
  }
}

describe('MongoStore on two nodes (two connections to one database)', () => {
  const uri = mongoUri();
  const dbName = freshDatabaseName('parley_extra');
  const deskId = uid('desk');
  let a: FaultyStore;
  let b: MongoStore;

  beforeAll(async () => {
    a = new FaultyStore(uri, { dbName });
    await a.init();
    b = await openMongoStore(uri, { dbName });
    await a.createDesk(testDesk({ id: deskId, name: 'Desk', allowedOrigins: [], greeting: { en: 'Hi', ko: '안녕하세요' }, createdAt: now() }));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await dropDatabase(uri, dbName);
  });

  /** Every event of the conversation, and the proof that none is there twice. */
  async function eventsOf(c: ConversationRecord): Promise<DomainEvent[]> {
    const events = await b.listEvents({ deskId, conversationId: c.id, limit: 1000 });
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    return events;
  }
  const count = (events: DomainEvent[], type: DomainEvent['type'], cause?: string) =>
    events.filter((e) => e.type === type && (cause === undefined || (e.type === 'ticket.updated' && e.data.cause === cause))).length;

  /** Steps still unfinished in the database (what recover() would look for). */
  const unfinished = () => withDatabase(uri, dbName, (db) => db.collection('messages').countDocuments({ pendingStep: { $exists: true } }));

  /** A ticket's outbox (adapter-internal): edit events not yet copied into the log. */
  const outboxOf = (c: ConversationRecord) =>
    withDatabase(uri, dbName, async (db) => ((await db.collection('conversations').findOne({ _id: c.id as never }))?.outbox as unknown[] | undefined) ?? []);

  /** A ticket a visitor asked on, an agent (A) answered and someone resolved: the visitor's next message reopens it. */
  async function resolvedTicket(): Promise<ConversationRecord> {
    const c = await newConversation(b, deskId);
    expectStatus(await b.commitMessage(step(msg(c.id, 'help'))), 'committed');
    expectStatus(await b.commitMessage(step(msg(c.id, 'on it', { type: 'agent', authorId: 'A' }))), 'committed');
    const resolved = await b.updateConversation(c.id, 1, { status: 'resolved' }, now(), [editEvent(c, { status: { from: 'open', to: 'resolved' } })]);
    expect(resolved).toMatchObject({ status: 'resolved', version: 2, lastSeq: 2 });
    return resolved!;
  }

  it('ensures the indexes declared in the schemas at init', async () => {
    const indexes = await withDatabase(uri, dbName, async (db) => {
      const list = async (name: string) =>
        (await db.collection(name).listIndexes().toArray()).map((ix) => ({ key: ix.key, unique: ix.unique === true }));
      return {
        messages: await list('messages'), conversations: await list('conversations'), agents: await list('agents'),
        contacts: await list('contacts'), events: await list('events'),
      };
    });
    expect(indexes.messages).toEqual(expect.arrayContaining([
      { key: { conversationId: 1, clientMsgId: 1 }, unique: true },
      { key: { conversationId: 1, seq: 1 }, unique: true },
      { key: { 'pendingStep.since': 1 }, unique: false },
    ]));
    expect(indexes.conversations).toEqual(expect.arrayContaining([
      { key: { openKey: 1 }, unique: true },
      { key: { deskId: 1, number: 1 }, unique: true },
      { key: { deskId: 1, lastMessageAt: -1 }, unique: false },
      { key: { 'outbox.since': 1 }, unique: false },
    ]));
    expect(indexes.events).toContainEqual({ key: { pending: 1, at: 1, ord: 1 }, unique: false });
    expect(indexes.agents).toContainEqual({ key: { deskId: 1, email: 1 }, unique: true });
    expect(indexes.contacts).toContainEqual({ key: { tokenHash: 1 }, unique: true });
  });

  it('gives 120 concurrent steps from two nodes exactly seq 1..120, each with its events once', { timeout: 60_000 }, async () => {
    const c = await newConversation(a, deskId);
    const total = 120;
    const results = await Promise.all(
      Array.from({ length: total }, (_, i) => (i % 2 === 0 ? a : b).commitMessage(step(msg(c.id, `m${i}`)))),
    );
    expect(results.every((r) => r.status === 'committed')).toBe(true);
    const stored = await b.listMessages(c.id, 0, 1000);
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(new Set(stored.map((m) => m.clientMsgId)).size).toBe(total);
    const after = await a.getConversation(c.id);
    expect(after?.lastSeq).toBe(total);
    expect(after?.lastMessagePreview).toBe(stored[total - 1]?.text); // the summary followed the newest message
    expect(after?.version).toBe(0); // visitor messages on a new ticket change nothing else
    const events = await eventsOf(c);
    expect(count(events, 'message.created')).toBe(total);
    expect(count(events, 'conversation.created')).toBe(1);
    expect(await unfinished()).toBe(0);
  });

  it('stores one message for ten retries of one clientMsgId spread over both nodes, and decides once', async () => {
    const c = await newConversation(a, deskId);
    const input = msg(c.id, 'once');
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).commitMessage(step(input))));
    expect(results.filter((r) => r.status === 'committed')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(9);
    expect(new Set(results.map((r) => (r.status === 'committed' || r.status === 'duplicate' ? r.message.id : null))).size).toBe(1);
    expect(await a.listMessages(c.id, 0, 100)).toHaveLength(1);
    expect((await b.getConversation(c.id))?.lastSeq).toBe(1);
    expect(count(await eventsOf(c), 'message.created')).toBe(1);
  });

  it('lets exactly one of two guarded replies racing on two nodes land', async () => {
    const c = await newConversation(a, deskId);
    await a.commitMessage(step(msg(c.id, 'question')));
    const reply = (store: MongoStore, agent: string, afterSeq: number): Promise<StepOutcome> =>
      store.commitMessage(step(msg(c.id, `from ${agent}`, { type: 'agent', authorId: agent }), { guard: { afterSeq, authorId: agent } }));
    for (let round = 0; round < 5; round++) {
      const seen = (await a.getConversation(c.id))?.lastSeq ?? 0;
      const race = await Promise.all([reply(a, 'A', seen), reply(b, 'B', seen)]);
      expect(race.filter((r) => r.status === 'committed')).toHaveLength(1);
      expect(race.filter((r) => r.status === 'stale')).toHaveLength(1);
    }
    expect(expectStatus(await reply(b, 'C', 1), 'stale').missed).toHaveLength(5);
    const seqs = (await a.listMessages(c.id, 0, 100)).map((m) => m.seq);
    expect(seqs).toEqual(Array.from({ length: 6 }, (_, i) => i + 1));
    // the first reply claimed the ticket, exactly once
    const ticket = await b.getConversation(c.id);
    expect(ticket).toMatchObject({ status: 'open', version: 1 });
    expect(count(await eventsOf(c), 'ticket.updated', 'agent_reply')).toBe(1);
  });

  it.each(['placed', 'ticket'] as const)(
    'finishes a step cut off at "%s" when the client retries on another node: one message, the right ticket, every event once',
    async (stage) => {
      const c = await resolvedTicket();
      const input = msg(c.id, 'one more thing');
      dieOnceAt(a, stage);
      await expect(a.commitMessage(step(input))).rejects.toThrow(`node died at ${stage}`);
      expect(await unfinished()).toBeGreaterThan(0);

      const retry = expectStatus(await b.commitMessage(step(input)), 'duplicate');
      expect(retry.message).toMatchObject({ seq: 3, text: 'one more thing' });
      expect(retry.ticket).toMatchObject({ status: 'open', version: 3, lastSeq: 3, lastMessagePreview: 'one more thing' });
      expect((await b.listMessages(c.id, 0, 10)).map((m) => m.text)).toEqual(['help', 'on it', 'one more thing']);
      expect(await a.getConversation(c.id)).toMatchObject({ status: 'open', version: 3, lastSeq: 3 });
      const events = await eventsOf(c);
      expect(count(events, 'message.created')).toBe(3);
      expect(count(events, 'ticket.updated', 'visitor_message')).toBe(1);
      expect(count(events, 'ticket.updated', 'edit')).toBe(1);
      const reopened = events.find((e) => e.type === 'ticket.updated' && e.data.cause === 'visitor_message');
      expect(reopened?.data).toEqual({ cause: 'visitor_message', changes: { status: { from: 'resolved', to: 'open' } } });
      // the outbox hands each of them out once
      const due = await b.pendingEvents('fanout', new Date(Date.now() + 60_000).toISOString(), 10_000);
      const mine = due.filter((e) => e.conversationId === c.id);
      expect(mine.map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
      await b.acknowledgeEvents('fanout', mine.map((e) => e.id));

      // ... and the node that died, back again, carries on from the stored state
      const next = expectStatus(await a.commitMessage(step(msg(c.id, 'thanks'))), 'committed');
      expect(next.message.seq).toBe(4);
      expect(await unfinished()).toBe(0);
    },
  );

  it('finishes a cut-off step through recover(), and keeps it out of sight until then', async () => {
    const c = await resolvedTicket();
    dieOnceAt(a, 'placed');
    await expect(a.commitMessage(step(msg(c.id, 'still there?')))).rejects.toThrow('node died');
    // not committed: readers do not see it, the ticket does not have it
    expect(await b.listMessages(c.id, 2, 10)).toEqual([]);
    expect(await b.getConversation(c.id)).toMatchObject({ status: 'resolved', lastSeq: 2, version: 2 });
    // a writer that may still be at it is left alone
    await b.recover({ olderThanMs: 60_000 });
    expect(await b.listMessages(c.id, 2, 10)).toEqual([]);

    expect(await b.recover({ olderThanMs: 0 })).toBeGreaterThanOrEqual(1);
    expect((await b.listMessages(c.id, 2, 10)).map((m) => [m.seq, m.text])).toEqual([[3, 'still there?']]);
    expect(await b.getConversation(c.id)).toMatchObject({ status: 'open', version: 3, lastSeq: 3, lastMessagePreview: 'still there?' });
    const events = await eventsOf(c);
    expect(count(events, 'message.created')).toBe(3);
    expect(count(events, 'ticket.updated', 'visitor_message')).toBe(1);
    expect(await unfinished()).toBe(0);
    // nothing left: a second sweep completes nothing of this ticket
    await b.recover({ olderThanMs: 0 });
    expect(await eventsOf(c)).toHaveLength(events.length);
  });

  it("applies both a person's edit on another node and a message step that was half-way (version race)", async () => {
    const c = await newConversation(b, deskId);
    expectStatus(await b.commitMessage(step(msg(c.id, 'help'))), 'committed');
    // A places the agent's reply; before A updates the ticket, someone raises the priority on node B.
    a.onStage = async (stage) => {
      if (stage !== 'placed') return;
      a.onStage = null;
      const edited = await b.updateConversation(c.id, 0, { priority: 'high' }, now(), [editEvent(c, { priority: { from: 'normal', to: 'high' } })]);
      expect(edited).toMatchObject({ priority: 'high', version: 1 });
    };
    const reply = expectStatus(await a.commitMessage(step(msg(c.id, 'on it', { type: 'agent', authorId: 'A' }))), 'committed');
    expect(reply.message.seq).toBe(2);
    // claim on reply, decided again on the edited ticket
    expect(reply.ticket).toMatchObject({ priority: 'high', status: 'open', assigneeId: 'A', version: 2, lastSeq: 2 });
    expect(await b.getConversation(c.id)).toMatchObject({ priority: 'high', status: 'open', assigneeId: 'A', version: 2, lastSeq: 2 });
    const events = await eventsOf(c);
    expect(count(events, 'ticket.updated', 'edit')).toBe(1);
    expect(count(events, 'ticket.updated', 'agent_reply')).toBe(1);
    expect(count(events, 'message.created')).toBe(2);
    expect(reply.events.map((e) => e.type)).toEqual(['message.created', 'ticket.updated']);
    expect(await unfinished()).toBe(0);
  });

  it('keeps one ticket.updated event per version under messages and edits racing on two nodes', { timeout: 60_000 }, async () => {
    const c = await newConversation(a, deskId);
    const messages = Array.from({ length: 40 }, (_, i) =>
      (i % 2 === 0 ? a : b).commitMessage(
        step(msg(c.id, `m${i}`, i % 5 === 0 ? { type: 'agent', authorId: `agent${i % 3}` } : {})),
      ),
    );
    const edits = Array.from({ length: 12 }, async (_, i) => {
      const store = i % 2 === 0 ? b : a;
      for (;;) {
        const t = (await store.getConversation(c.id))!;
        const priority = t.priority === 'high' ? 'low' : 'high';
        const [patch, changes]: [ConversationPatch, TicketChanges] = t.status === 'open'
          ? [{ status: 'resolved' }, { status: { from: t.status, to: 'resolved' } }]
          : [{ priority }, { priority: { from: t.priority, to: priority } }];
        if (await store.updateConversation(c.id, t.version, patch, now(), [editEvent(c, changes)])) return;
      }
    });
    const results = await Promise.all([...messages, ...edits]);
    expect(results.slice(0, 40).every((r) => r && (r).status === 'committed')).toBe(true);
    const ticket = (await a.getConversation(c.id))!;
    expect(ticket.lastSeq).toBe(40);
    expect((await b.listMessages(c.id, 0, 100)).map((m) => m.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const events = await eventsOf(c);
    expect(count(events, 'message.created')).toBe(40);
    expect(count(events, 'ticket.updated', 'edit')).toBe(12);
    // every version bump is one ticket.updated event: nothing applied without its event, nothing recorded twice
    expect(count(events, 'ticket.updated')).toBe(ticket.version);
    expect(await unfinished()).toBe(0);
    expect(await outboxOf(c)).toEqual([]);
  });

  it('withdraws a half-way message when the ticket was closed on another node before its step finished', async () => {
    const c = await resolvedTicket();
    a.onStage = async (stage) => {
      if (stage !== 'placed') return;
      a.onStage = null;
      expect(await b.updateConversation(c.id, 2, { status: 'closed' }, now(), [])).toMatchObject({ status: 'closed' });
    };
    const late = await a.commitMessage(step(msg(c.id, 'wait')));
    expect(expectStatus(late, 'refused').ticket).toMatchObject({ status: 'closed', lastSeq: 2 });
    expect((await b.listMessages(c.id, 0, 10)).map((m) => m.seq)).toEqual([1, 2]);
    expect(count(await eventsOf(c), 'message.created')).toBe(2);
    expect(await unfinished()).toBe(0);
  });

  it("lets the next step on another node finish a dead node's message first, keeping the summary in order", async () => {
    const c = await newConversation(a, deskId);
    dieOnceAt(a, 'placed');
    await expect(a.commitMessage(step(msg(c.id, 'public reply')))).rejects.toThrow('node died');
    // B's note wants seq 1, finds A's message there, finishes it, then takes seq 2
    const note = expectStatus(await b.commitMessage(step(msg(c.id, 'internal', { type: 'note', authorId: 'A' }))), 'committed');
    expect(note.message.seq).toBe(2);
    expect(await a.getConversation(c.id)).toMatchObject({ lastSeq: 2, lastMessagePreview: 'public reply' });
    expect((await eventsOf(c)).map((e) => e.type)).toEqual(['conversation.created', 'message.created', 'message.created']);
  });

  it('completes messages a previous version stored without advancing the ticket', async () => {
    const c = await newConversation(a, deskId);
    await a.commitMessage(step(msg(c.id, 'one')));
    // The old appendMessage inserted the message first and advanced the ticket afterwards; a crash in between left this.
    await withDatabase(uri, dbName, async (db) => {
      await db.collection('messages').insertOne({ _id: uid('orphan') as never, ...msg(c.id, 'two'), seq: 2, createdAt: now() });
    });
    expect((await b.getConversation(c.id))?.lastSeq).toBe(1);
    expect(expectStatus(await b.commitMessage(step(msg(c.id, 'three'))), 'committed').message.seq).toBe(3);
    expect(await a.getConversation(c.id)).toMatchObject({ lastSeq: 3, lastMessagePreview: 'three', version: 0 });
    expect(count(await eventsOf(c), 'message.created')).toBe(3);
  });

  it('copies the events of an edit cut off before they reached the log (outbox), once', async () => {
    const c = await newConversation(a, deskId);
    const event = editEvent(c, { priority: { from: 'normal', to: 'urgent' } });
    dieOnceAt(a, 'edited');
    await expect(a.updateConversation(c.id, 0, { priority: 'urgent' }, now(), [event])).rejects.toThrow('node died');
    // the edit is committed with its event; the event is not in the log yet
    expect(await b.getConversation(c.id)).toMatchObject({ priority: 'urgent', version: 1 });
    expect(await eventsOf(c)).toEqual([]);
    expect(await outboxOf(c)).toHaveLength(1);
    expect(await b.recover({ olderThanMs: 0 })).toBeGreaterThanOrEqual(1);
    expect((await eventsOf(c)).map((e) => e.id)).toEqual([event.id]);
    expect(await outboxOf(c)).toEqual([]);
    await b.recover({ olderThanMs: 0 });
    expect((await eventsOf(c)).map((e) => e.id)).toEqual([event.id]);

    // without recover(), the next step of the ticket copies them on its way
    const second = editEvent(c, { priority: { from: 'urgent', to: 'low' } });
    dieOnceAt(a, 'edited');
    await expect(a.updateConversation(c.id, 1, { priority: 'low' }, now(), [second])).rejects.toThrow('node died');
    expectStatus(await b.commitMessage(step(msg(c.id, 'hello'))), 'committed');
    const events = await eventsOf(c);
    expect(events.map((e) => e.id)).toEqual(expect.arrayContaining([event.id, second.id]));
    expect(events).toHaveLength(4); // two edits, conversation.created, message.created
    expect(await outboxOf(c)).toEqual([]);
    // an edit that is not cut off leaves nothing behind
    const third = editEvent(c, { priority: { from: 'low', to: 'high' } });
    expect(await b.updateConversation(c.id, 2, { priority: 'high' }, now(), [third])).toMatchObject({ priority: 'high', version: 3 });
    expect((await eventsOf(c)).map((e) => e.id)).toContain(third.id);
    expect(await outboxOf(c)).toEqual([]);
  });

  it('commits steps of different tickets that arrive together in shared writes (group commit)', async () => {
    const tickets = await Promise.all(Array.from({ length: 20 }, () => newConversation(a, deskId)));
    let batches = 0;
    a.onStage = async (stage) => {
      if (stage === 'placed') batches++;
    };
    try {
      const results = await Promise.all(tickets.map((c) => a.commitMessage(step(msg(c.id, `hello ${c.number}`)))));
      expect(results.every((r) => r.status === 'committed')).toBe(true);
    } finally {
      a.onStage = null;
    }
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThanOrEqual(3); // one write of each kind for (nearly) all twenty
    for (const c of tickets) expect(await b.getConversation(c.id)).toMatchObject({ lastSeq: 1, lastMessagePreview: `hello ${c.number}` });
    expect(await unfinished()).toBe(0);
  });

  it("starts a ticket's next step from the state its last commit left: no refused insert, no re-read, one placement per message", async () => {
    const c = await newConversation(a, deskId);
    const models = (a as unknown as { m: { messages: { insertMany: (...args: never[]) => unknown; findOne: (...args: never[]) => unknown } } }).m.messages;
    const inserts = vi.spyOn(models, 'insertMany');
    const lookups = vi.spyOn(models, 'findOne');
    try {
      for (let i = 1; i <= 5; i++) expect(await a.commitMessage(step(msg(c.id, `message ${i}`)))).toMatchObject({ status: 'committed', message: { seq: i } });
      // One insert per message; a stale cached ticket made every step after the first collide on its seq and look up why.
      expect(inserts).toHaveBeenCalledTimes(5);
      expect(lookups).not.toHaveBeenCalled();
    } finally {
      inserts.mockRestore();
      lookups.mockRestore();
    }
    expect(await b.getConversation(c.id)).toMatchObject({ lastSeq: 5, lastMessagePreview: 'message 5' });
  });

  it('commits 120 tickets at once and acknowledges their 120+ events (bulk writes stay under the test server pool)', { timeout: 60_000 }, async () => {
    // FerretDB 1.24 hangs on a bulk update of 100 statements or more; the adapter writes in chunks.
    const tickets = await Promise.all(Array.from({ length: 120 }, () => newConversation(a, deskId)));
    const results = await Promise.all(tickets.map((c) => a.commitMessage(step(msg(c.id, `burst ${c.number}`)))));
    expect(results.every((r) => r.status === 'committed')).toBe(true);
    const ids = results.flatMap((r) => (r.status === 'committed' ? r.events.map((e) => e.id) : []));
    expect(ids.length).toBeGreaterThanOrEqual(120);
    await a.acknowledgeEvents('fanout', ids);
    const still = await a.pendingEvents('fanout', new Date(Date.now() + 60_000).toISOString(), 10_000);
    expect(still.map((e) => e.id).filter((id) => ids.includes(id))).toEqual([]);
  });

  it('hands out distinct ticket numbers to two nodes at once', async () => {
    const d = uid('desk');
    const numbers = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).nextTicketNumber(d)));
    expect([...numbers].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('reads an agent stored before lastSeenAt existed as never seen, and records it when seen', async () => {
    const id = uid('a');
    await withDatabase(uri, dbName, (db) =>
      db.collection('agents').insertOne({
        _id: id as never, deskId, name: 'Old', email: `${id}@example.com`, role: 'agent', passwordHash: 'x', createdAt: now(), active: true, availability: 'online', profile: {},
      }),
    );
    expect(await a.getAgent(id)).toMatchObject({ name: 'Old', lastSeenAt: null });
    expect((await b.listAgents(deskId)).find((x) => x.id === id)?.lastSeenAt).toBeNull();
    await b.markAgentsSeen([id], '2026-03-02T09:00:00.000Z');
    expect((await a.getAgent(id))?.lastSeenAt).toBe('2026-03-02T09:00:00.000Z');
  });

  it('never turns a `$` object passed as an id into a query operator', async () => {
    const c = await newConversation(a, deskId);
    await a.commitMessage(step(msg(c.id, 'secret')));
    await a.commitMessage(step(msg(c.id, 'reply', { type: 'agent', authorId: 'A' })));
    const tokenHash = uid('th');
    await a.createContact({ ...NEW_CONTACT_DEFAULTS, id: uid('ct'), deskId, name: null, email: null, externalId: null, identityKey: `anon:${uid('k')}`, createdAt: now(), lastSeenAt: now(), tokenHash });
    await a.createSession({ tokenHash: uid('sh'), agentId: 'agent1', createdAt: now(), expiresAt: now() });
    const ann = await a.createAgent(testAgent({ id: uid('a'), deskId, name: 'Ann', email: 'ann@example.com', role: 'admin', passwordHash: 'x', createdAt: now() }));
    // Each of these would match stored data if the object became an operator.
    const gt = { $gt: '' } as unknown as string;
    const ne = { $ne: null } as unknown as string;
    const version = (await a.getConversation(c.id))!.version;
    await expectNothing(a.getConversation(gt));
    await expectNothing(a.findContactByTokenHash(ne));
    await expectNothing(a.getSession(gt));
    await expectNothing(a.getContact(ne));
    await expectNothing(a.getDesk(ne));
    await expectNothing(a.getAgent(gt));
    await expectNothing(a.findAgentByEmail(deskId, ne));
    await expectNothing(a.findOpenConversation(ne, 'web'));
    await expectNothing(a.listMessages(ne, 0, 10));
    await expectNothing(a.listConversations({ deskId: ne, limit: 10 }));
    await expectNothing(a.listEvents({ deskId: ne, limit: 10 }));
    await expectNothing(a.listEvents({ deskId, conversationId: ne, limit: 10 }));
    await expectNothing(a.pendingEvents(ne as never, new Date(Date.now() + 60_000).toISOString(), 10));
    await expectNothing(a.updateConversation(ne, version, { assigneeId: 'mallory' }, now(), []));
    await expectNothing(a.updateConversation(c.id, { $gte: 0 } as unknown as number, { assigneeId: 'mallory' }, now(), []));
    await expectNothing(a.commitMessage(step(msg(ne, 'smuggled'))));
    await expectNothing(a.commitMessage(step({ ...msg(c.id, 'smuggled'), clientMsgId: ne })));
    // a guard that would let the reply through if its author became an operator
    const guarded = await a.commitMessage(
      step(msg(c.id, 'guarded', { type: 'agent', authorId: 'B' }), { guard: { afterSeq: 0, authorId: ne } }),
    ).then((r) => r, (e: unknown) => e);
    if (!(guarded instanceof Error)) expect(guarded).toMatchObject({ status: 'stale' });
    else expect(guarded).not.toBeInstanceOf(StoreUnavailableError);
    await a.acknowledgeEvents('fanout', [ne]).catch(() => undefined);
    await a.deleteSession(ne).catch(() => undefined);
    await a.touchContact(ne, now()).catch(() => undefined);
    await a.markAgentsSeen([ne], now()).catch(() => undefined);
    // nothing was changed through the smuggled operators
    expect((await a.getAgent(ann.id))?.lastSeenAt).toBeNull();
    expect((await a.getConversation(c.id))?.assigneeId).toBe('A');
    expect((await a.findContactByTokenHash(tokenHash))?.tokenHash).toBe(tokenHash);
    expect((await a.listMessages(c.id, 0, 10)).map((m) => m.text)).toEqual(['secret', 'reply']);
    expect((await a.pendingEvents('fanout', new Date(Date.now() + 60_000).toISOString(), 10_000)).filter((e) => e.conversationId === c.id)).toHaveLength(4);
  });
});

describe('MongoStore when the server is unreachable', () => {
  it('fails fast with StoreUnavailableError and reports unhealthy', async () => {
    const port = await closedPort();
    const store = new MongoStore(`mongodb://127.0.0.1:${port}/`, {
      dbName: 'parley_nowhere', serverSelectionTimeoutMS: 500, healthTimeoutMS: 300,
    });
    const started = Date.now();
    await expect(store.init()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.getDesk('d1')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.commitMessage(step(msg('c1', 'hello')))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.recover()).rejects.toBeInstanceOf(StoreUnavailableError);
    const health = await store.health();
    expect(health).toMatchObject({ ok: false, adapter: 'mongo' });
    expect(health.detail).toBeTruthy();
    expect(Date.now() - started).toBeLessThan(15_000); // fails fast, not after the driver's 30 s default
    await store.close();
  });
});

/** A loopback port with nothing listening on it. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
