import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { freshDatabase, sleep, startNodeProcess, waitFor, type NodeProcess } from '../support/node-process.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';
import { AgentClient, brief, newVisitorToken, storedConversation, VisitorClient } from './clients.ts';

/**
 * Two nodes (MongoDB + Redis fan-out). A visitor on node A streams messages to an agent on node B; node A is
 * SIGKILLed mid-stream and the visitor carries on through node B. Nothing is lost, nothing is doubled.
 */
describe('a node is killed while a visitor is sending', () => {
  const TOTAL = 60;
  const KILL_AT = 20;
  const BURST = 5;
  let redis: RedisServer;
  let a: NodeProcess;
  let b: NodeProcess;
  let visitor: VisitorClient | undefined;
  let agent: AgentClient | undefined;

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = { MONGODB_URI: freshDatabase(inject('mongoUri'), 'faults_kill'), REDIS_URL: redis.url };
    a = await startNodeProcess('A', env); // first: creates the desk and the admin
    b = await startNodeProcess('B', env);
  });

  afterAll(async () => {
    visitor?.close();
    agent?.close();
    await Promise.all([a?.kill(), b?.kill()]);
    await redis?.stop();
  });

  it('stores every message exactly once with gap-free seqs, and the agent sees exactly the store', async () => {
    onTestFailed(() => console.log([a.output(), b.output(), redis.output()].join('\n')));
    const live = () => [a, b].find((n) => !n.hasExited())!.url; // the load balancer routes to a live node
    visitor = new VisitorClient(await newVisitorToken(a.url), live);
    await visitor.start();
    expect(visitor.connectedTo).toEqual([a.url]);
    const first = await visitor.sendAndWait('message 1');
    agent = await AgentClient.open(b.url, first.conversationId);

    let unackedAtKill = 0;
    for (let i = 2; i <= TOTAL; i++) {
      visitor.send(`message ${i}`); // not awaited: a stream, several in flight at once
      if (i < KILL_AT || i >= KILL_AT + BURST) await sleep(30);
      if (i === KILL_AT + BURST - 1) {
        // a burst just went out: some of it is stored by A, some not, none of it acknowledged yet
        unackedAtKill = visitor.outbox.size;
        const exit = await a.stop('SIGKILL');
        expect(exit.signal).toBe('SIGKILL');
      }
    }
    expect(unackedAtKill).toBeGreaterThan(0);
    await visitor.waitAllAcked(30_000);
    expect(visitor.connectedTo.at(-1)).toBe(b.url);
    expect(visitor.refusals).toEqual([]);

    const stored = await storedConversation(b.url, first.conversationId);
    // seq is 1..N without a gap, and every message sent is stored exactly once
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    expect(stored.map((m) => m.clientMsgId).sort()).toEqual(visitor.sent.map((s) => s.clientMsgId).sort());
    const textOf = new Map(visitor.sent.map((s) => [s.clientMsgId, s.text]));
    for (const m of stored) expect(m.text).toBe(textOf.get(m.clientMsgId));
    // every acknowledgement names the stored message
    for (const m of stored) expect(visitor.acked.get(m.clientMsgId)?.seq).toBe(m.seq);

    // the agent's screen (live events + its own gap fills) converges on exactly the store
    await waitFor('the agent to have every seq', () => agent!.timeline.contiguous() === TOTAL, 15_000);
    expect(brief(agent.timeline.list())).toEqual(brief(stored));
    expect(agent.timeline.conflicts).toEqual([]);
  }, 90_000);
});
