import type { Message } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { freshDatabase, sleep, startNodeProcess, waitFor, type NodeProcess } from '../support/node-process.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';
import { AgentClient, brief, newVisitorToken, storedConversation, VisitorClient } from './clients.ts';

/**
 * Two nodes share fan-out through a private Redis, which goes away for 30 s. Each node keeps serving and
 * storing for its own clients; once Redis is back each node tells its clients to `resync`, and the agent on the
 * other node fetches exactly what it missed.
 */
describe('Redis goes away for 30 seconds and comes back', () => {
  const OUTAGE_MS = 30_000;
  let redis: RedisServer;
  let a: NodeProcess;
  let b: NodeProcess;
  let visitor: VisitorClient | undefined;
  let agent: AgentClient | undefined;

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = { MONGODB_URI: freshDatabase(inject('mongoUri'), 'faults_redis'), REDIS_URL: redis.url };
    a = await startNodeProcess('A', env);
    b = await startNodeProcess('B', env);
  });

  afterAll(async () => {
    visitor?.close();
    agent?.close();
    await Promise.all([a?.kill(), b?.kill()]);
    await redis?.stop();
  });

  const statuses = async () => Promise.all([a, b].map(async (n) => (await n.health()).status));
  const liveFrom = (m: Message) => agent!.timeline.source.get(m.seq) === 'live';

  it('keeps both nodes serving, then delivers everything missed exactly once after a resync', async () => {
    onTestFailed(() => console.log([a.output(), b.output(), redis.output()].join('\n')));
    visitor = new VisitorClient(await newVisitorToken(a.url), () => a.url);
    await visitor.start();
    const first = await visitor.sendAndWait('before 1');
    agent = await AgentClient.open(b.url, first.conversationId);

    // cross-node delivery works live
    const before = [await visitor.sendAndWait('before 2'), await visitor.sendAndWait('before 3')];
    await waitFor('live cross-node delivery', () => before.every((m) => agent!.timeline.has(m.seq)), 10_000);
    expect(before.every(liveFrom)).toBe(true);

    // Redis dies (SIGKILL) in the middle of a burst: publishes are in flight when the connection drops
    const burst = Array.from({ length: 20 }, (_, i) => visitor!.send(`burst ${i + 1}`));
    await waitFor('part of the burst acknowledged', () => visitor!.acked.has(burst[3]!), 10_000, 5);
    await redis.stop({ crash: true });
    await waitFor('both nodes to report Redis down', async () => (await statuses()).every((s) => s === 503), 15_000);
    const down = await a.health();
    expect(down.body.redis?.ok).toBe(false);
    expect(down.body.store?.ok).toBe(true);

    // the outage: node A keeps acknowledging (so it stores) and neither node exits
    await visitor.waitAllAcked(10_000);
    const sequential: Message[] = [];
    const end = Date.now() + OUTAGE_MS;
    for (let i = 1; i <= 100 && Date.now() < end; i++) {
      sequential.push(await visitor.sendAndWait(`during ${i}`));
      expect(await statuses()).toEqual([503, 503]);
      await sleep(700);
    }
    expect(a.hasExited() || b.hasExited()).toBe(false);
    expect(sequential.length).toBeGreaterThan(10);
    const during = [...burst.map((id) => visitor!.acked.get(id)!), ...sequential];

    const resyncsBefore = agent.resyncs;
    await redis.start();
    await waitFor('both nodes healthy again', async () => (await statuses()).every((s) => s === 200), 20_000);
    await waitFor('node B to send resync to the agent', () => agent!.resyncs > resyncsBefore, 15_000);
    await waitFor('node A to send resync to the visitor', () => visitor!.resyncs > 0, 15_000);
    await waitFor('the agent to fetch what it missed', () => during.every((m) => agent!.timeline.has(m.seq)), 15_000);
    expect(agent.syncs.some((s) => s.reason === 'resync')).toBe(true);

    // exactly once, in seq order; the ones sent one at a time in the order they were sent
    const duringIds = new Set(during.map((m) => m.clientMsgId));
    const seen = agent.timeline.list().filter((m) => duringIds.has(m.clientMsgId));
    expect(brief(seen)).toEqual(brief([...during].sort((x, y) => x.seq - y.seq)));
    expect(seen.filter((m) => m.text.startsWith('during')).map((m) => m.text)).toEqual(sequential.map((_, i) => `during ${i + 1}`));

    // live across nodes again
    const after = [await visitor.sendAndWait('after 1'), await visitor.sendAndWait('after 2')];
    await waitFor('live delivery after recovery', () => after.every((m) => agent!.timeline.has(m.seq)), 10_000);
    expect(after.every(liveFrom)).toBe(true);

    const stored = await storedConversation(b.url, first.conversationId);
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
    expect(brief(agent.timeline.list())).toEqual(brief(stored));
    expect(agent.timeline.conflicts).toEqual([]);
    expect(visitor.refusals).toEqual([]);
  }, 100_000);
});
