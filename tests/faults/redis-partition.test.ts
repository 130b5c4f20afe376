import type { Message } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { freshDatabase, startNodeProcess, waitFor, type NodeProcess } from '../support/node-process.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';
import { AgentClient, newVisitorToken, VisitorClient } from './clients.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

/**
 * Only node A loses Redis (its link is cut; Redis and node B are fine). What A stores meanwhile could not be
 * published, so the agent on B missed it: when A's link is back, B's clients must be told to resync too.
 */
describe('one node loses its link to Redis while the other keeps it', () => {
  let redis: RedisServer;
  let link: TcpProxy;
  let a: NodeProcess;
  let b: NodeProcess;
  let visitor: VisitorClient | undefined;
  let agent: AgentClient | undefined;

  beforeAll(async () => {
    redis = await startRedisServer();
    link = await startTcpProxy(redis.port);
    const mongo = freshDatabase(inject('mongoUri'), 'faults_partition');
    a = await startNodeProcess('A', { MONGODB_URI: mongo, REDIS_URL: `redis://127.0.0.1:${link.port}` });
    b = await startNodeProcess('B', { MONGODB_URI: mongo, REDIS_URL: redis.url });
  });

  afterAll(async () => {
    visitor?.close();
    agent?.close();
    await Promise.all([a?.kill(), b?.kill()]);
    await link?.close();
    await redis?.stop();
  });

  const cutOff: Message[] = [];

  it('keeps node A serving its own visitor while its link is cut, and reconnects it', async () => {
    onTestFailed(() => console.log([a.output(), b.output()].join('\n')));
    visitor = new VisitorClient(await newVisitorToken(a.url), () => a.url);
    await visitor.start();
    const first = await visitor.sendAndWait('before');
    agent = await AgentClient.open(b.url, first.conversationId);
    const live = await visitor.sendAndWait('live');
    await waitFor('live cross-node delivery', () => agent!.timeline.has(live.seq), 10_000);

    link.cut();
    await waitFor('node A to report Redis down', async () => (await a.health()).status === 503, 15_000);
    expect((await b.health()).status).toBe(200);
    for (let i = 1; i <= 5; i++) cutOff.push(await visitor.sendAndWait(`cut off ${i}`));

    link.restore();
    await waitFor('node A healthy again', async () => (await a.health()).status === 200, 20_000);
    await waitFor('node A to send resync to its visitor', () => visitor!.resyncs > 0, 10_000);
  }, 60_000);

  // A node that reconnects asks clients on every node to resync: what it failed to publish reaches them too.
  it('gets what node A stored while cut off to the agent on node B, through a resync', async () => {
    expect(cutOff).toHaveLength(5);
    await waitFor('the agent on B to get what A stored while cut off', () => cutOff.every((m) => agent!.timeline.has(m.seq)), 8000);
    expect(agent!.resyncs).toBeGreaterThan(0);
  }, 30_000);
});
