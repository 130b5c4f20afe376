import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, clientMsgId, connect, json, newVisitorToken, startNode, type TestNode } from '../support/parley.ts';

const login = (url: string, password: string) =>
  json(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'x-parley-csrf': '1' }, body: JSON.stringify({ email: ADMIN.email, password }) });

describe('rate limits (production budgets)', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startNode('embedded', { RATE_LIMIT_SCALE: '1' });
  });
  afterAll(async () => {
    await node?.dispose();
  });

  it('locks an account after five wrong passwords, even for the right one, and says when to retry', async () => {
    for (let i = 0; i < 5; i++) expect((await login(node.url, `wrong-${i}`)).status).toBe(401);
    const locked = await login(node.url, ADMIN.password);
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
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
