import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, clientMsgId, connect, json, newVisitorToken, startNode, type TestNode } from '../support/parley.ts';

const login = (url: string, password: string, from = '203.0.113.10') =>
  json(`${url}/api/v1/auth/login`, {
    method: 'POST',
    // the node trusts its loopback proxy (TRUST_PROXY's default): each X-Forwarded-For is a client of its own
    headers: { 'x-parley-csrf': '1', 'x-forwarded-for': from },
    body: JSON.stringify({ email: ADMIN.email, password }),
  });

describe('rate limits (production budgets)', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startNode('embedded', { RATE_LIMIT_SCALE: '1' });
  });
  afterAll(async () => {
    await node?.dispose();
  });

  it('stops guessing from one address after five wrong passwords, without locking the owner out elsewhere', async () => {
    for (let i = 0; i < 5; i++) expect((await login(node.url, `wrong-${i}`)).status).toBe(401);
    const locked = await login(node.url, ADMIN.password);
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // the account's owner, from their own address, is not locked out by a stranger's guesses
    expect((await login(node.url, ADMIN.password, '198.51.100.20')).status).toBe(200);
  });

  it('slows guessing spread over many addresses with a per-account curve', async () => {
    // 100 failures an hour for one account from anywhere; 5 from each of 21 addresses crosses it
    let refused = 0;
    for (let ip = 1; ip <= 21; ip++) {
      for (let i = 0; i < 5; i++) if ((await login(node.url, `spread-${i}`, `192.0.2.${ip}`)).status === 429) refused++;
    }
    expect(refused).toBeGreaterThan(0);
    expect((await login(node.url, ADMIN.password, '192.0.2.200')).status).toBe(429);
  });

  it('limits messages per visitor with rate_limited, and other visitors are unaffected', async () => {
    const visitor = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    const acks = [];
    for (let i = 0; i < 35; i++) acks.push(await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: `m${i}` }));
    expect(acks.slice(0, 30).every((a) => a.ok)).toBe(true);
    expect(acks[30]).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    const other = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    expect((await call(other, 'visitor:message', { clientMsgId: clientMsgId(), text: 'hi' })).ok).toBe(true);
    // nothing refused was stored
    const resumed = await call(visitor, 'visitor:resume', {});
    expect((resumed.messages as unknown[]).length).toBe(30);
    visitor.close();
    other.close();
  });

  it("starts one ticket for a new visitor's first messages sent together, spending one conversation point", async () => {
    const visitor = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    const acks = await Promise.all(Array.from({ length: 8 }, (_, i) => call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: `burst ${i}` })));
    expect(acks.map((a) => a.ok)).toEqual(Array(8).fill(true));
    const conversations = new Set(acks.map((a) => (a.message as { conversationId: string }).conversationId));
    expect(conversations.size).toBe(1);
    const numbers = acks.map((a) => (a.conversation as { number: number }).number);
    // the next visitor's ticket takes the very next number: no number was burnt by a lost race
    const next = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    const nextAck = await call(next, 'visitor:message', { clientMsgId: clientMsgId(), text: 'after' });
    expect((nextAck.conversation as { number: number }).number).toBe(numbers[0]! + 1);
    visitor.close();
    next.close();
  });
});
