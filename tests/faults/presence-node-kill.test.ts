import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { freshDatabase, startNodeProcess, type NodeProcess } from '../support/node-process.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';
import { nextPresence as presenceOf } from '../support/clients.ts';
import { call, connectSocket, loginAgent, newClientMsgId, newVisitorToken } from './clients.ts';

/**
 * Two nodes (MongoDB + Redis). Agent A's tab is on node A, agent B's on node B: B sees A's presence across nodes,
 * and when node A is SIGKILLed (no disconnect reaches anyone), A's presence leaves B's screen within the expiry.
 */
describe('presence across nodes, and a node that dies', () => {
  let redis: RedisServer;
  let a: NodeProcess;
  let b: NodeProcess;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = { MONGODB_URI: freshDatabase(inject('mongoUri'), 'faults_presence'), REDIS_URL: redis.url };
    a = await startNodeProcess('A', env);
    b = await startNodeProcess('B', env);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await Promise.all([a?.kill(), b?.kill()]);
    await redis?.stop();
  });

  it('shows A on B within 2 s, and forgets A within 10 s of its node dying', async () => {
    onTestFailed(() => console.log([a.output(), b.output()].join('\n')));
    const visitor = await connectSocket(a.url, '/visitor', { token: await newVisitorToken(a.url) });
    sockets.push(visitor);
    const first = await call(visitor, 'visitor:message', { clientMsgId: newClientMsgId(), text: 'hello' });
    const conversationId = (first.message as { conversationId: string }).conversationId;
    const onA = await connectSocket(a.url, '/agent', { cookie: await loginAgent(a.url) });
    const onB = await connectSocket(b.url, '/agent', { cookie: await loginAgent(b.url) });
    sockets.push(onA, onB);

    const seen = presenceOf(onB, conversationId, (p) => p.agents.some((x) => x.composing === 'reply'), 2000);
    expect(await call(onA, 'agent:presence', { conversationId, state: 'viewing', composing: 'reply' })).toMatchObject({ ok: true });
    await seen;

    const gone = presenceOf(onB, conversationId, (p) => p.agents.length === 0, 12_000);
    const killedAt = Date.now();
    await a.kill();
    await gone;
    const after = Date.now() - killedAt;
    console.log(`presence of a SIGKILLed node's tab left the other node's agents after ${after} ms`);
    expect(after).toBeLessThanOrEqual(10_000);
  }, 40_000);
});
