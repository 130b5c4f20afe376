import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Conversation, Message } from '@parley/protocol';
import { loadConfig, startParley, type Parley } from '@parley/server';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Internals on purpose: the fault is injected inside the store's commit step, which no public API reaches.
import type { DomainEvent } from '../../packages/server/src/events/catalogue.ts';
import { MongoStore, type CommitStage } from '../../packages/server/src/store/mongo/mongo-store.ts';
import type { Store } from '../../packages/server/src/store/port.ts';
import { SqliteStore } from '../../packages/server/src/store/sqlite/sqlite-store.ts';
import type { MessageStep, StepOutcome, TicketRule } from '../../packages/server/src/store/types.ts';
import { adapters, type StoreLocation } from '../support/adapters.ts';
import { ADMIN, call, clientMsgId, connect, loginAgent, newVisitorToken, record } from '../support/clients.ts';
import { waitFor } from '../support/node-process.ts';

/**
 * A failure inside the commit step, after the message row is written and before the ticket update and the events
 * (embedded store, in-process). The step's `decide` (the domain rule, which SQLite runs after the message insert, in
 * the step's savepoint) throws on the first commit of one chosen message; the same batch carries other steps before
 * and after it (group commit), of the same ticket and of another one.
 *
 * What it proves, and what breaks it:
 *  - the failed step leaves nothing: no message, no ticket change, no event, no fan-out. Fails when a step is not
 *    rolled back alone (no savepoint per step: the batch transaction would commit the orphan message row without its
 *    ticket update and events, and the retry would then be answered `duplicate` and decide nothing — the resolved
 *    ticket would never reopen, and no message.created / ticket.updated would ever exist for it).
 *  - the other steps of the batch commit, and seq stays gap-free across the failed step. Fails when one failing step
 *    fails the whole batch (the other messages would be lost) or leaves its seq taken (a gap).
 *  - the visitor's retry with the same clientMsgId commits it exactly once, with the rule applied (a follow-up on a
 *    resolved ticket reopens it), exactly one message.created and one ticket.updated event, and the agent receives
 *    the fan-out (and never a message that is not stored: fails if fan-out ran before the commit).
 */

/** The failure, and what the test can observe of the step it broke. */
interface Injection {
  clientMsgId: string;
  /** The message row was visible inside the step at the moment of the failure (written, not yet committed). */
  messageWrittenBeforeFailure: Promise<boolean>;
  /** Steps of the same batch: submitted in the same turn as the failing one, before and after it. */
  before: Array<Promise<StepOutcome>>;
  after: Array<Promise<StepOutcome>>;
  /** Every batch-mate after the failing step ran its rule in the same synchronous batch (no turn in between). */
  sameBatch: boolean[];
}

type Mate = MessageStep['message'];

/**
 * The embedded store with one armed fault: the first commit of a chosen clientMsgId throws inside the step. The
 * batch-mates are committed with the rule the service passed for the failing step (the domain's recordMessage).
 */
class FaultySqliteStore extends SqliteStore {
  private armed: { clientMsgId: string; before: Mate[]; after: Mate[] } | null = null;
  readonly injections: Injection[] = [];
  /** Set while the failing step's batch is running; cleared at the first microtask after it. */
  private batchMarker = false;

  arm(clientMsgId: string, mates: { before: Mate[]; after: Mate[] }): void {
    this.armed = { clientMsgId, ...mates };
  }

  override commitMessage(step: MessageStep): Promise<StepOutcome> {
    const armed = this.armed;
    if (!armed || armed.clientMsgId !== step.message.clientMsgId) return super.commitMessage(step);
    this.armed = null;
    let written: (seen: boolean) => void = () => undefined;
    const injection: Injection = {
      clientMsgId: step.message.clientMsgId,
      messageWrittenBeforeFailure: new Promise<boolean>((resolve) => (written = resolve)),
      before: [],
      after: [],
      sameBatch: [],
    };
    this.injections.push(injection);
    // The rule decides as usual; one of its events cannot be serialised, which fails the step after the message row
    // was written (events are written after the message and the ticket): the whole step must roll back.
    const failing: TicketRule = (ticket, message) => {
      this.batchMarker = true;
      queueMicrotask(() => (this.batchMarker = false));
      const verdict = step.decide(ticket, message);
      if ('refused' in verdict) return verdict;
      const poison = {
        toJSON: () => {
          // better-sqlite3 is synchronous: this query runs now, inside the step's transaction, on the same connection.
          void this.listMessages(message.conversationId, message.seq - 1, 1).then((rows) => written(rows[0]?.clientMsgId === message.clientMsgId));
          throw new Error(`injected failure after the insert of ${message.clientMsgId} (seq ${message.seq}, ticket ${ticket.status})`);
        },
      };
      const broken = { ...verdict.events[0]!, id: `${message.id}.poison`, data: poison } as unknown as DomainEvent;
      return { ...verdict, events: [...verdict.events, broken] };
    };
    const mate = (message: Mate, check: boolean): MessageStep => ({
      message,
      decide: (ticket, m) => {
        if (check) injection.sameBatch.push(this.batchMarker);
        return step.decide(ticket, m);
      },
    });
    // One synchronous turn: all of these join the same group commit, in this order.
    injection.before = armed.before.map((m) => super.commitMessage(mate(m, false)));
    const outcome = super.commitMessage({ ...step, decide: failing });
    injection.after = armed.after.map((m) => super.commitMessage(mate(m, true)));
    return outcome;
  }
}

/** One node in this process on `store` (which startParley initialises and closes). */
async function startWith(store: Store, env: Record<string, string>): Promise<{ parley: Parley; url: string }> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: process.env.PARLEY_TEST_LOG ?? 'silent',
    RATE_LIMIT_SCALE: '1000',
    ...env,
  });
  const parley = await startParley(config, { store });
  return { parley, url: `http://127.0.0.1:${parley.port}` };
}

const embedded = adapters().some((a) => a.adapter === 'embedded');
const mongo = adapters().find((a) => a.adapter === 'mongo');

describe.skipIf(!embedded)('a failure inside the commit step, after the message write (embedded)', () => {
  let dir: string;
  let store: FaultySqliteStore;
  let parley: Parley;
  let url: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parley-step-failure-'));
    store = new FaultySqliteStore(dir);
    ({ parley, url } = await startWith(store, { DATA_DIR: dir }));
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await parley?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const open = async (ns: '/visitor' | '/agent', auth: { token?: string; cookie?: string }) => {
    const socket = await connect(url, ns, auth);
    sockets.push(socket);
    return socket;
  };
  const eventsOf = (conversationId: string): Promise<DomainEvent[]> => store.listEvents({ deskId: 'default', conversationId, limit: 10_000 });

  it('rolls the step back alone; the retry commits it once, reopens the ticket, records one of each event and fans out', async () => {
    // two visitors with a ticket each; an agent with the first ticket open resolves it
    const v1 = await open('/visitor', { token: await newVisitorToken(url) });
    const v2 = await open('/visitor', { token: await newVisitorToken(url) });
    const hello = await call(v1, 'visitor:message', { clientMsgId: clientMsgId(), text: 'hello' });
    const other = await call(v2, 'visitor:message', { clientMsgId: clientMsgId(), text: 'another ticket' });
    expect(hello.ok && other.ok).toBe(true);
    const first = hello.message as Message;
    const otherFirst = other.message as Message;
    const conv = first.conversationId;

    const agent = await open('/agent', { cookie: await loginAgent(url) });
    const created = record<{ message: Message }>(agent, 'message.created');
    const updated = record<{ conversations: Conversation[] }>(agent, 'conversations.updated');
    const opened = await call(agent, 'agent:open', { conversationId: conv });
    expect(opened.ok).toBe(true);
    const resolve = await call(agent, 'agent:update', { conversationId: conv, version: (opened.conversation as Conversation).version, status: 'resolved' });
    expect(resolve.ok, JSON.stringify(resolve.error)).toBe(true);
    const resolved = resolve.conversation as Conversation;
    expect(resolved.status).toBe('resolved');
    const eventsBefore = await eventsOf(conv);
    const agentRecord = await store.findAgentByEmail('default', ADMIN.email);
    expect(agentRecord).not.toBeNull();

    // the batch around the failing step: an internal note of the same ticket before it (a note does not reopen),
    // another note after it, and a visitor message of the other ticket
    const mate = (conversationId: string, type: 'note' | 'visitor', authorId: string, text: string): Mate => ({
      id: `mate${clientMsgId()}`,
      conversationId,
      clientMsgId: clientMsgId(),
      type,
      authorId,
      authorName: null,
      text,
      attachments: [],
      createdAt: new Date().toISOString(),
    });
    const followId = clientMsgId();
    store.arm(followId, {
      before: [mate(conv, 'note', agentRecord!.id, 'note before')],
      after: [mate(conv, 'note', agentRecord!.id, 'note after'), mate(otherFirst.conversationId, 'visitor', otherFirst.authorId!, 'other ticket, same batch')],
    });

    // ── the visitor's follow-up fails inside the step ──
    const failed = await call(v1, 'visitor:message', { clientMsgId: followId, text: 'are you still there?' });
    expect(failed.ok).toBe(false);
    expect(failed.error?.code).toBe('internal');
    expect(store.injections).toHaveLength(1);
    const injection = store.injections[0]!;
    // the fault is where it claims to be: the message row existed inside the step when it failed
    expect(await injection.messageWrittenBeforeFailure).toBe(true);
    // the batch-mates shared the failing step's batch, and committed; the failed step's seq is not left as a gap
    expect(injection.sameBatch).toEqual([true, true]);
    const [before, after, otherOutcome] = await Promise.all([injection.before[0]!, injection.after[0]!, injection.after[1]!]);
    expect(before.status).toBe('committed');
    expect(after.status).toBe('committed');
    expect(otherOutcome.status).toBe('committed');
    const noteBeforeSeq = before.status === 'committed' ? before.message.seq : -1;
    expect(noteBeforeSeq).toBe(first.seq + 1);
    expect(after.status === 'committed' && after.message.seq).toBe(noteBeforeSeq + 1);
    expect(otherOutcome.status === 'committed' && otherOutcome.message.seq).toBe(otherFirst.seq + 1);

    // nothing of the failed step is left: no message, no ticket change, no event
    const afterFailure = await store.getConversation(conv);
    expect(afterFailure?.status).toBe('resolved');
    expect(afterFailure?.version).toBe(resolved.version);
    expect(afterFailure?.lastSeq).toBe(noteBeforeSeq + 1);
    const messagesAfterFailure = await store.listMessages(conv, 0, 1000);
    expect(messagesAfterFailure.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(messagesAfterFailure.some((m) => m.clientMsgId === followId)).toBe(false);
    const newEvents = (await eventsOf(conv)).slice(eventsBefore.length);
    expect(newEvents.map((e) => e.type)).toEqual(['message.created', 'message.created']); // the two notes only

    // ── the widget's retry, same clientMsgId: committed once, with the rule applied ──
    const retried = await call(v1, 'visitor:message', { clientMsgId: followId, text: 'are you still there?' });
    expect(retried.ok, JSON.stringify(retried.error)).toBe(true);
    const follow = retried.message as Message;
    expect(follow.seq).toBe(noteBeforeSeq + 2);
    expect((retried.conversation as { status: string }).status).toBe('open');
    const again = await call(v1, 'visitor:message', { clientMsgId: followId, text: 'are you still there?' });
    expect(again.ok).toBe(true);
    expect((again.message as Message).id).toBe(follow.id); // a later retry is a duplicate, not a second copy

    const ticket = await store.getConversation(conv);
    expect(ticket).toMatchObject({ status: 'open', lastSeq: follow.seq, version: resolved.version + 1 });
    const stored = await store.listMessages(conv, 0, 1000);
    expect(stored.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(stored.filter((m) => m.clientMsgId === followId).map((m) => m.id)).toEqual([follow.id]);

    const events = (await eventsOf(conv)).slice(eventsBefore.length);
    const ofFollow = events.filter((e) => e.id.startsWith(`${follow.id}.`));
    expect(ofFollow.map((e) => e.type)).toEqual(['message.created', 'ticket.updated']);
    expect(events.filter((e) => e.type === 'message.created' && e.data.messageId === follow.id)).toHaveLength(1);
    const reopened = events.filter((e) => e.type === 'ticket.updated');
    expect(reopened).toHaveLength(1);
    expect(reopened[0]?.type === 'ticket.updated' && reopened[0].data).toEqual({ changes: { status: { from: 'resolved', to: 'open' } }, cause: 'visitor_message' });

    // the batch-mates' events are in the log, once each (they bypassed the service, so nobody published them: their
    // fan-out is not part of this test — the SQLite cursor is moved past them by the follow-up's acknowledgement)
    for (const o of [before, after]) {
      const id = o.status === 'committed' ? o.message.id : '';
      expect(events.filter((e) => e.type === 'message.created' && e.data.messageId === id)).toHaveLength(1);
    }

    // ── fan-out of the retried follow-up ──
    const receivedIds = () => new Set(created.map((p) => p.message.id));
    await waitFor('the follow-up to reach the agent', () => receivedIds().has(follow.id), 10_000, 20);
    await waitFor('the agent list to show the reopened ticket', () => updated.some((p) => p.conversations.some((c) => c.id === conv && c.status === 'open')), 10_000, 20);
    // only stored messages ever reached the agent (the failed attempt had its own message id)
    const storedIds = new Set(stored.map((m) => m.id));
    expect(created.filter((p) => p.message.conversationId === conv).map((p) => p.message.id).filter((id) => !storedIds.has(id))).toEqual([]);
    const copies = created.filter((p) => p.message.id === follow.id).length;
    console.log(`[embedded] message.created for the retried follow-up reached the agent ${copies} time(s)`);
    expect(copies).toBeGreaterThanOrEqual(1);
  });
});

/**
 * The MongoDB store through its test hook (`checkpoint`): a throw there plays a writer cut off half-way. The step is
 * not rolled back on MongoDB (no transactions): the message is placed with its decision, and whoever finds it (a retry
 * of its clientMsgId, the next message of the ticket, MongoStore.recover()) completes it exactly once.
 */
class FaultyMongoStore extends MongoStore {
  private armed: CommitStage | null = null;
  readonly cutOff: CommitStage[] = [];

  /** The next write that reaches `stage` fails there (once). */
  arm(stage: CommitStage): void {
    this.armed = stage;
  }

  protected override async checkpoint(stage: CommitStage): Promise<void> {
    if (this.armed !== stage) return;
    this.armed = null;
    this.cutOff.push(stage);
    throw new Error(`injected: the writer is cut off after stage "${stage}"`);
  }
}

describe.skipIf(!mongo)('a failure inside the commit step, after the message write (mongo)', () => {
  let location: StoreLocation | undefined;
  let store: FaultyMongoStore;
  let parley: Parley | undefined;
  let url: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    location = await mongo!.location('faults_step_failure');
    store = new FaultyMongoStore(location.env.MONGODB_URI!);
    ({ parley, url } = await startWith(store, location.env));
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await parley?.stop();
    await location?.dispose();
  });

  const open = async (ns: '/visitor' | '/agent', auth: { token?: string; cookie?: string }) => {
    const socket = await connect(url, ns, auth);
    sockets.push(socket);
    return socket;
  };
  const eventsOf = (conversationId: string): Promise<DomainEvent[]> => store.listEvents({ deskId: 'default', conversationId, limit: 10_000 });

  /** A visitor's ticket, resolved by an agent who keeps it open and records what reaches them. */
  const resolvedTicket = async () => {
    const visitor = await open('/visitor', { token: await newVisitorToken(url) });
    const hello = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'hello' });
    expect(hello.ok, JSON.stringify(hello.error)).toBe(true);
    const conv = (hello.message as Message).conversationId;
    const agent = await open('/agent', { cookie: await loginAgent(url) });
    const created = record<{ message: Message }>(agent, 'message.created');
    const opened = await call(agent, 'agent:open', { conversationId: conv });
    expect(opened.ok).toBe(true);
    const resolve = await call(agent, 'agent:update', { conversationId: conv, version: (opened.conversation as Conversation).version, status: 'resolved' });
    expect(resolve.ok, JSON.stringify(resolve.error)).toBe(true);
    return { visitor, conv, created, resolved: resolve.conversation as Conversation, eventsBefore: (await eventsOf(conv)).length };
  };

  /** Exactly one message.created for the message and one ticket.updated (resolved → open) since `from`. */
  const expectOneOfEach = async (conv: string, from: number, follow: Message) => {
    const events = (await eventsOf(conv)).slice(from);
    expect(events.filter((e) => e.type === 'message.created').map((e) => e.type === 'message.created' && e.data.messageId)).toEqual([follow.id]);
    const reopened = events.filter((e) => e.type === 'ticket.updated');
    expect(reopened.map((e) => e.type === 'ticket.updated' && e.data)).toEqual([{ changes: { status: { from: 'resolved', to: 'open' } }, cause: 'visitor_message' }]);
    expect(events.map((e) => e.id).every((id) => id.startsWith(`${follow.id}.`))).toBe(true);
  };

  // Fails when the placed message is not completed by the retry (a second copy, or a duplicate answer that decides
  // nothing: the ticket stays resolved and no events exist), or when completion doubles the events.
  it('cut off after the message is placed: hidden until the retry completes it once, reopened, one of each event, fanned out', async () => {
    const { visitor, conv, created, resolved, eventsBefore } = await resolvedTicket();
    const followId = clientMsgId();
    store.arm('placed');
    const failed = await call(visitor, 'visitor:message', { clientMsgId: followId, text: 'are you still there?' });
    expect(failed.ok).toBe(false);
    expect(store.cutOff).toEqual(['placed']);
    // placed but not committed to the ticket: nobody can read it, nothing changed, no events
    expect((await store.listMessages(conv, 0, 100)).map((m) => m.seq)).toEqual([1]);
    expect(await store.getConversation(conv)).toMatchObject({ status: 'resolved', lastSeq: 1, version: resolved.version });
    expect((await eventsOf(conv)).length).toBe(eventsBefore);

    const retried = await call(visitor, 'visitor:message', { clientMsgId: followId, text: 'are you still there?' });
    expect(retried.ok, JSON.stringify(retried.error)).toBe(true);
    const follow = retried.message as Message;
    expect(follow.seq).toBe(2);
    expect((retried.conversation as { status: string }).status).toBe('open');
    expect(await store.getConversation(conv)).toMatchObject({ status: 'open', lastSeq: 2, version: resolved.version + 1 });
    expect((await store.listMessages(conv, 0, 100)).map((m) => m.clientMsgId)).toHaveLength(2);
    await expectOneOfEach(conv, eventsBefore, follow);
    // the retry was answered from the completed step (not published from memory): the outbox sweep delivers it
    await waitFor('the follow-up to reach the agent', () => created.some((p) => p.message.id === follow.id), 15_000, 50);
  });

  // Fails when completing a step whose ticket update is done applies the decision again (version +2, a second
  // ticket.updated) or writes its events twice, or when the retry stores a second copy.
  it('cut off after the ticket update: the retry writes the missing events once, and the agent gets the message', async () => {
    const { visitor, conv, created, resolved, eventsBefore } = await resolvedTicket();
    const followId = clientMsgId();
    store.arm('ticket');
    const failed = await call(visitor, 'visitor:message', { clientMsgId: followId, text: 'hello again' });
    expect(failed.ok).toBe(false);
    expect(store.cutOff.at(-1)).toBe('ticket');
    // the ticket has it (readable, reopened), its events are not in the log yet
    expect(await store.getConversation(conv)).toMatchObject({ status: 'open', lastSeq: 2, version: resolved.version + 1 });
    expect((await eventsOf(conv)).length).toBe(eventsBefore);

    const retried = await call(visitor, 'visitor:message', { clientMsgId: followId, text: 'hello again' });
    expect(retried.ok, JSON.stringify(retried.error)).toBe(true);
    const follow = retried.message as Message;
    expect(follow.seq).toBe(2);
    expect(await store.getConversation(conv)).toMatchObject({ status: 'open', lastSeq: 2, version: resolved.version + 1 });
    await expectOneOfEach(conv, eventsBefore, follow);
    await waitFor('the follow-up to reach the agent', () => created.some((p) => p.message.id === follow.id), 15_000, 50);
  });

  // The visitor never retries (closed the tab): the message is readable (the ticket has it), so its events must be
  // completed and fanned out by the server itself. Fails when nothing runs MongoStore.recover() (or an equivalent):
  // the events of the step never reach the log, so the agent never gets the message and no consumer ever sees it.
  it('cut off after the ticket update and never retried: the server completes the step, and the agent gets the message', async () => {
    const { visitor, conv, created, eventsBefore } = await resolvedTicket();
    store.arm('ticket');
    const failed = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'nobody will retry this' });
    expect(failed.ok).toBe(false);
    const readable = await store.listMessages(conv, 1, 100);
    expect(readable.map((m) => m.text)).toEqual(['nobody will retry this']);
    const orphan = readable[0]!;
    await waitFor(
      'the message to reach the agent without a retry',
      () => created.some((p) => p.message.id === orphan.id),
      20_000,
      100,
    ).catch(async (err: unknown) => {
      const events = (await eventsOf(conv)).slice(eventsBefore);
      throw new Error(`${err instanceof Error ? err.message : String(err)}; events of the message in the log: ${JSON.stringify(events.map((e) => e.type))}`);
    });
    await expectOneOfEach(conv, eventsBefore, orphan);
  }, 60_000);
});
