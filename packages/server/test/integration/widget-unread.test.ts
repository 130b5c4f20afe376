import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../support/adapters.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken, startNode, type TestNode } from '../support/parley.ts';

const SHOP = 'https://shop.example';

describe.each(adapters())('GET /api/v1/widget/unread ($adapter)', ({ adapter, mongoUri }) => {
  let node: TestNode;
  let agent: Socket;
  let visitor: Socket;
  let token: string;
  let conversationId: string;

  const unread = (query: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
    json(`${node.url}/api/v1/widget/unread?${query}`, { headers: { origin: SHOP, ...headers } });
  const reply = async (text: string, type: 'agent' | 'note' = 'agent') => {
    const answer = await call(agent, 'agent:message', { conversationId, clientMsgId: clientMsgId(), text, ...(type === 'note' ? { type } : {}) });
    expect(answer.ok, JSON.stringify(answer)).toBe(true);
  };

  beforeAll(async () => {
    node = await startNode(adapter, {}, mongoUri);
    agent = await connect(node.url, '/agent', { cookie: await loginAgent(node.url) });
    token = await newVisitorToken(node.url);
    visitor = await connect(node.url, '/visitor', { token });
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Hello?' });
    conversationId = (sent.message as { conversationId: string }).conversationId;
  });
  afterAll(async () => {
    visitor?.close();
    agent?.close();
    await node?.dispose();
  });

  it('counts the agent replies after the seen mark: not notes, not the visitor’s own messages', async () => {
    expect((await unread(`conversation=${conversationId}&after=1`)).body).toEqual({ ok: true, unread: 0 });
    await reply('We are on it.');
    await reply('internal: check the warehouse', 'note');
    await reply('It ships today.');
    expect((await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Thanks' })).ok).toBe(true);
    expect((await unread(`conversation=${conversationId}&after=1`)).body).toEqual({ ok: true, unread: 2 });
    expect((await unread(`conversation=${conversationId}&after=2`)).body).toEqual({ ok: true, unread: 1 });
    expect((await unread(`conversation=${conversationId}&after=5`)).body).toEqual({ ok: true, unread: 0 });
    expect((await unread(`conversation=${conversationId}&after=99`)).body).toEqual({ ok: true, unread: 0 });
  });

  it('answers the page that embeds the widget with CORS, and its preflight for the Authorization header', async () => {
    const answer = await unread(`conversation=${conversationId}&after=0`);
    expect(answer.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(answer.headers.get('vary')).toMatch(/Origin/);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const preflight = await fetch(`${node.url}/api/v1/widget/unread`, {
      method: 'OPTIONS',
      headers: { origin: SHOP, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET');
  });

  it('refuses without a valid token, with invalid input, and for another visitor’s conversation, with stable codes', async () => {
    const query = `conversation=${conversationId}&after=0`;
    expect(await unread(query, {})).toMatchObject({ status: 401, body: { ok: false, error: { code: 'unauthorized' } } });
    expect(await unread(query, { authorization: 'Bearer not-a-token' })).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(await unread(query, { authorization: 'Basic abc' })).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    for (const bad of ['after=0', `conversation=${conversationId}`, `conversation=${conversationId}&after=-1`, `conversation=${conversationId}&after=1.5`, `conversation=a%20b&after=0`, `${query}&extra=1`]) {
      expect(await unread(bad), bad).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_input' } } });
    }
    const stranger = await newVisitorToken(node.url);
    expect(await unread(query, { authorization: `Bearer ${stranger}` })).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(await unread(`conversation=nosuchconversation&after=0`)).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });
});

describe('GET /api/v1/widget/unread: budgets and origins', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startNode('embedded', { RATE_LIMIT_SCALE: '1', ALLOWED_ORIGINS: SHOP });
  });
  afterAll(async () => {
    await node?.dispose();
  });

  it('spends the visitor read budget (120 a minute per visitor) and answers rate_limited with Retry-After', async () => {
    const token = await newVisitorToken(node.url);
    const ask = () => json(`${node.url}/api/v1/widget/unread?conversation=none&after=0`, { headers: { authorization: `Bearer ${token}` } });
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++) statuses.push((await ask()).status);
    expect(statuses.slice(0, 120).every((s) => s === 404)).toBe(true);
    const refused = await ask();
    expect(refused).toMatchObject({ status: 429, body: { ok: false, error: { code: 'rate_limited' } } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses a page that may not embed the widget', async () => {
    const token = await newVisitorToken(node.url);
    const answer = await json(`${node.url}/api/v1/widget/unread?conversation=none&after=0`, {
      headers: { authorization: `Bearer ${token}`, origin: 'https://elsewhere.example' },
    });
    expect(answer).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});
