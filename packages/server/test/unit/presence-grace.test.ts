import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DeskAvailability, RoutingSettings } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/events/outbox.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { createRateGuard } from '../../src/security/rate-limits.ts';
import { AvailabilityWatch } from '../../src/services/availability-watch.ts';
import { Bus } from '../../src/services/bus.ts';
import type { ServiceDeps } from '../../src/services/deps.ts';
import { DeskLive } from '../../src/services/desk-live.ts';
import { OpenTickets } from '../../src/services/open-tickets.ts';
import { Router } from '../../src/services/router.ts';
import { DEFAULT_DESK_SETTINGS } from '../../src/store/defaults.ts';
import type { Store } from '../../src/store/port.ts';
import { openKeyFor } from '../../src/store/records.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { AgentRecord, ConversationRecord } from '../../src/store/types.ts';
import { adapters } from '../support/adapters.ts';
import { testAgent, testDesk } from '../support/records.ts';
import { dropDatabase, freshDatabaseName, openMongoStore } from '../store/mongo-support.ts';

const GRACE_MS = 60_000;
const START = Date.parse('2026-03-02T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const HOURS_AGO = iso(START - 3 * 3_600_000);

let n = 0;
const uid = (p: string) => `${p}${Date.now().toString(36)}${(n++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A node of one desk as the server builds it, on a shared store and a clock the test moves. */
interface TestNode {
  deps: ServiceDeps;
  clock: { at: number };
  /** What the log said at warn and above. */
  warnings: string[];
}

/**
 * Who counts as there when a node has just started: an agent whose tab is not connected (yet) counts for the grace
 * period after they were last seen on any node (recorded in the store), never merely because the node just started.
 */
describe.each(adapters())('presence within the grace period, across starts ($adapter)', ({ adapter, mongoUri }) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    if (adapter === 'embedded') {
      const dir = await mkdtemp(path.join(tmpdir(), 'parley-grace-'));
      const sqlite = new SqliteStore(dir);
      await sqlite.init();
      store = sqlite;
      dispose = async () => {
        await sqlite.close();
        await rm(dir, { recursive: true, force: true });
      };
    } else {
      const dbName = freshDatabaseName('parley_grace');
      const mongo = await openMongoStore(mongoUri!, { dbName });
      store = mongo;
      dispose = async () => {
        await mongo.close();
        await dropDatabase(mongoUri!, dbName);
      };
    }
  });
  afterAll(async () => {
    await dispose?.();
  });

  async function newDesk(routing: Partial<RoutingSettings> = {}): Promise<string> {
    const id = uid('desk');
    const settings = { ...structuredClone(DEFAULT_DESK_SETTINGS), routing: { ...DEFAULT_DESK_SETTINGS.routing, ...routing } };
    await store.createDesk(testDesk({ id, name: 'Desk', allowedOrigins: [], greeting: { en: 'Hi', ko: '안녕' }, createdAt: iso(START - 86_400_000), settings }));
    return id;
  }

  /** A node that starts now (at the clock's time), on `backing` (the shared store unless a test wraps it). */
  async function startNode(deskId: string, at = START, backing: Store = store): Promise<TestNode> {
    const clock = { at };
    const warnings: string[] = [];
    const log = createLogger('warn', { write: (line: string) => void warnings.push(line) });
    const now = () => new Date(clock.at);
    const desk = new DeskLive(backing, (await backing.getDesk(deskId))!, {}, log);
    const deps: ServiceDeps = {
      store: backing,
      outbox: new Outbox(backing, log, { graceMs: 1000, sweepMs: 1000, ackMs: 1000, now }),
      bus: new Bus(),
      log,
      now,
      limits: createRateGuard(),
      openTickets: new OpenTickets(),
      desk,
      sessionTtlMs: 3_600_000,
    };
    return { deps, clock, warnings };
  }

  async function newAgent(deskId: string, name: string, over: Partial<AgentRecord> = {}): Promise<AgentRecord> {
    return store.createAgent(
      testAgent({ id: uid(name), deskId, name, email: `${uid(name)}@example.com`, role: 'agent', passwordHash: 'x', createdAt: iso(START - 86_400_000), ...over }),
    );
  }

  function watch(node: TestNode, connected: Set<string>): { watch: AvailabilityWatch; told: DeskAvailability[] } {
    const told: DeskAvailability[] = [];
    const w = new AvailabilityWatch(node.deps, { connectedAgents: async () => new Set(connected), announce: (s) => told.push(s), graceMs: GRACE_MS, everyMs: 3000 });
    return { watch: w, told };
  }

  function router(node: TestNode, connected: Set<string>): Router {
    return new Router(node.deps, { connectedAgents: async () => new Set(connected), announcePosition: () => {}, graceMs: GRACE_MS, everyMs: 3000 });
  }

  async function waitingTicket(deskId: string, over: Partial<ConversationRecord> = {}): Promise<ConversationRecord> {
    const base: ConversationRecord = {
      id: uid('c'), deskId, number: await store.nextTicketNumber(deskId), subject: 'Help', status: 'new', priority: 'normal', channel: 'web',
      contactId: uid('ct'), assigneeId: null, teamId: null, tags: [], snoozedUntil: null, lastSeq: 1, lastMessageAt: iso(START - 1000),
      lastMessagePreview: 'help', createdAt: iso(START - 1000), updatedAt: iso(START - 1000), version: 1, openKey: '', ...over,
    };
    return store.createConversation({ ...base, openKey: openKeyFor(base) });
  }

  const seenAt = async (agentId: string) => (await store.getAgent(agentId))?.lastSeenAt;

  it('a node that just started says offline when the agents who chose online were never seen or left hours ago', async () => {
    const deskId = await newDesk();
    await newAgent(deskId, 'never', { lastSeenAt: null });
    await newAgent(deskId, 'gone', { lastSeenAt: HOURS_AGO });
    const node = await startNode(deskId);
    const { watch: w } = watch(node, new Set());
    await w.check();
    expect(w.current).toBe('offline');
  });

  it('counts an agent seen 10 s before the start as there until they reconnect, for the grace period after they were seen', async () => {
    const deskId = await newDesk();
    const back = await newAgent(deskId, 'back', { lastSeenAt: iso(START - 10_000) });
    const connected = new Set<string>();
    const node = await startNode(deskId);
    const { watch: w } = watch(node, connected);
    await w.check();
    expect(w.current).toBe('online');
    node.clock.at = START + 45_000; // seen 55 s ago
    await w.check();
    expect(w.current).toBe('online');
    node.clock.at = START + 55_000; // seen 65 s ago: gone, however recently this node started
    await w.check();
    expect(w.current).toBe('offline');
    connected.add(back.id);
    await w.check();
    expect(w.current).toBe('online');
  });

  it("records when connected agents were last seen, at most every 15 s per agent, and once when their last tab closes", async () => {
    const deskId = await newDesk();
    const ann = await newAgent(deskId, 'ann');
    expect(await seenAt(ann.id)).toBeNull();
    const connected = new Set([ann.id]);
    const node = await startNode(deskId);
    const { watch: w } = watch(node, connected);
    await w.check();
    expect(await seenAt(ann.id)).toBe(iso(START));
    node.clock.at = START + 5_000;
    await w.check();
    expect(await seenAt(ann.id)).toBe(iso(START)); // not written again so soon
    node.clock.at = START + 20_000;
    await w.check();
    expect(await seenAt(ann.id)).toBe(iso(START + 20_000));
    node.clock.at = START + 25_000;
    await w.check();
    expect(await seenAt(ann.id)).toBe(iso(START + 20_000));
    connected.delete(ann.id);
    node.clock.at = START + 26_000;
    await w.check();
    expect(await seenAt(ann.id)).toBe(iso(START + 25_000)); // the last time this node saw her tab
    expect(w.current).toBe('online');

    // A restart: the new node has never seen her, the store has.
    await w.stop();
    const restarted = await startNode(deskId, START + 60_000);
    const { watch: again } = watch(restarted, new Set());
    await again.check();
    expect(again.current).toBe('online');
    restarted.clock.at = START + 86_000;
    await again.check();
    expect(again.current).toBe('offline');
  });

  it('logs a failed write of when agents were last seen, keeps answering, and writes it at the next look', async () => {
    const deskId = await newDesk();
    const kim = await newAgent(deskId, 'kim');
    let failures = 1;
    const flaky = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'markAgentsSeen') {
          return (ids: readonly string[], at: string) => (failures-- > 0 ? Promise.reject(new Error('disk full')) : target.markAgentsSeen(ids, at));
        }
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const node = await startNode(deskId, START, flaky);
    const { watch: w, told } = watch(node, new Set([kim.id]));
    await w.check();
    expect(w.current).toBe('online');
    expect(told).toEqual([]);
    expect(await seenAt(kim.id)).toBeNull();
    expect(node.warnings.join('\n')).toMatch(/last seen/);
    node.clock.at = START + 3_000;
    await w.check();
    expect(await seenAt(kim.id)).toBe(iso(START + 3_000));
  });

  it('routes nobody a waiting ticket right after a start to an agent who chose online but was last seen hours ago; does to one seen 10 s ago', async () => {
    const deskId = await newDesk({ mode: 'round_robin' });
    // Created first: round robin would pick them before anyone else.
    const gone = await newAgent(deskId, 'gone', { lastSeenAt: HOURS_AGO, createdAt: iso(START - 90_000_000) });
    const ticket = await waitingTicket(deskId);
    const node = await startNode(deskId);
    const r = router(node, new Set());
    await r.run();
    expect((await store.getConversation(ticket.id))?.assigneeId).toBeNull();
    expect(r.positionOf(ticket.id)).toBe(1);

    const back = await newAgent(deskId, 'back', { lastSeenAt: iso(START - 10_000) });
    await r.run();
    expect((await store.getConversation(ticket.id))?.assigneeId).toBe(back.id);
    expect(gone.availability).toBe('online');
    await r.stop();
  });

  it('takes back right after a start the tickets of an agent last seen hours ago (reassignment on), not those of one seen 10 s ago', async () => {
    const deskId = await newDesk({ mode: 'manual', reassignWhenOffline: true });
    const gone = await newAgent(deskId, 'gone', { lastSeenAt: HOURS_AGO });
    const back = await newAgent(deskId, 'back', { lastSeenAt: iso(START - 10_000) });
    const held = await waitingTicket(deskId, { assigneeId: gone.id, status: 'open' });
    const kept = await waitingTicket(deskId, { assigneeId: back.id, status: 'open' });
    const node = await startNode(deskId);
    const r = router(node, new Set());
    await r.run();
    expect((await store.getConversation(held.id))?.assigneeId).toBeNull();
    expect((await store.getConversation(kept.id))?.assigneeId).toBe(back.id);
    await r.stop();
  });
});
