import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_EVENTS, VISITOR_EVENTS } from '@parley/protocol';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken, startNode, type TestNode } from '../support/parley.ts';

/** Values that must never be accepted where a number (seq, version) is expected. */
const HOSTILE_NUMBERS: unknown[] = [{ $gt: 0 }, '1', -1, 1.5, null, [1], Number.MAX_SAFE_INTEGER + 2];
/** Values that must never be accepted where an id (or any string) is expected. */
const HOSTILE_IDS: unknown[] = [{ $gt: '' }, { $regex: '^a' }, { $ne: null }, ['a', 'b'], 42, null, true, '', 'x'.repeat(65), 'a b', '../etc'];

describe('bad input is refused with a stable code and breaks nothing', () => {
  let node: TestNode;
  let cookie: string;
  let visitor: Socket;
  let agent: Socket;
  let conversationId: string;

  beforeAll(async () => {
    node = await startNode('embedded');
    cookie = await loginAgent(node.url);
    visitor = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    agent = await connect(node.url, '/agent', { cookie });
    const first = await call(visitor, VISITOR_EVENTS.send, { clientMsgId: clientMsgId(), text: 'hello' });
    conversationId = (first.message as { conversationId: string }).conversationId;
  });
  afterAll(async () => {
    visitor?.close();
    agent?.close();
    await node?.dispose();
  });

  const good = () => ({
    [VISITOR_EVENTS.resume]: { afterSeq: 0 },
    [VISITOR_EVENTS.send]: { clientMsgId: clientMsgId(), text: 'ok' },
    [VISITOR_EVENTS.sync]: { conversationId, afterSeq: 0 },
    [VISITOR_EVENTS.conversations]: { limit: 10 },
    [VISITOR_EVENTS.typing]: { conversationId, typing: true },
    [VISITOR_EVENTS.profile]: { form: 'email', email: 'visitor@example.com' },
    [AGENT_EVENTS.list]: { queue: 'all' },
    [AGENT_EVENTS.open]: { conversationId },
    [AGENT_EVENTS.close]: { conversationId },
    [AGENT_EVENTS.send]: { conversationId, clientMsgId: clientMsgId(), text: 'ok', type: 'note' },
    [AGENT_EVENTS.sync]: { conversationId, afterSeq: 0 },
    [AGENT_EVENTS.update]: { conversationId, version: 0 },
    [AGENT_EVENTS.presence]: { conversationId, state: 'viewing', composing: 'reply' },
    [AGENT_EVENTS.presenceSnapshot]: {},
    [AGENT_EVENTS.draftSave]: { conversationId, kind: 'reply', text: 'draft', seenSeq: 1, seenTicket: { assigneeId: 'a1', status: 'open' } },
    [AGENT_EVENTS.drafts]: { conversationId },
    [AGENT_EVENTS.read]: { conversationId, seq: 1 },
    [AGENT_EVENTS.reads]: { conversationIds: [conversationId] },
    // a stale version: refused as `conflict`, after the payload was accepted (teamId and assigneeId may be null)
    [AGENT_EVENTS.transfer]: { conversationId, version: 999, note: 'over to you' },
    [AGENT_EVENTS.escalate]: { conversationId, version: 0, reason: 'angry customer' },
  });
  const socketFor = (event: string) => (event.startsWith('visitor:') ? visitor : agent);
  const events = [...Object.values(VISITOR_EVENTS), ...Object.values(AGENT_EVENTS)];

  it.each(events)('%s: a well-formed payload is accepted (so the refusals below are about the input)', async (event) => {
    const ack = await call(socketFor(event), event, good()[event]);
    expect(ack.error?.code ?? 'ok').not.toBe('invalid_input');
  });

  it.each(events)('%s: non-object payloads answer invalid_input', async (event) => {
    for (const payload of ['text', 7, [1, 2], null, true]) {
      const ack = await call(socketFor(event), event, payload);
      expect(ack, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });

  it.each(events)('%s: unknown keys, prototype keys and hostile field values answer invalid_input', async (event) => {
    const base = good()[event] as Record<string, unknown>;
    const variants: unknown[] = [
      { ...base, extra: 1 },
      JSON.parse(Object.keys(base).length ? `{"__proto__": {"polluted": true}, ${JSON.stringify(base).slice(1)}` : '{"__proto__": {"polluted": true}}'),
      { ...base, constructor: { prototype: { polluted: true } } },
    ];
    for (const [key, value] of Object.entries(base)) {
      // null is a value of the nullable fields (what an agent is composing), not a hostile one there; a list of ids
      // is what conversationIds holds
      const hostile = (typeof value === 'number' ? HOSTILE_NUMBERS : HOSTILE_IDS.slice(0, 6)).filter(
        (v) => !(v === null && key === 'composing') && !(Array.isArray(v) && key === 'conversationIds'),
      );
      for (const bad of hostile) variants.push({ ...base, [key]: bad });
    }
    for (const payload of variants) {
      const ack = await call(socketFor(event), event, payload);
      expect(ack, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(typeof ack.error?.message).toBe('string');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses ids that could become query operators in every id field', async () => {
    for (const id of HOSTILE_IDS) {
      expect((await call(agent, AGENT_EVENTS.open, { conversationId: id })).error?.code).toBe('invalid_input');
      expect((await call(visitor, VISITOR_EVENTS.sync, { conversationId: id, afterSeq: 0 })).error?.code).toBe('invalid_input');
    }
  });

  it('refuses empty, whitespace-only and oversized messages', async () => {
    for (const text of ['', '   \n ', 'x'.repeat(10_001)]) {
      const ack = await call(visitor, VISITOR_EVENTS.send, { clientMsgId: clientMsgId(), text });
      expect(ack.error?.code).toBe('invalid_input');
    }
  });

  it('survives events without an acknowledgement and unknown events', async () => {
    visitor.emit(VISITOR_EVENTS.send, { clientMsgId: clientMsgId(), text: 'no ack' });
    visitor.emit(VISITOR_EVENTS.send, 'garbage');
    visitor.emit('not-an-event', { a: 1 });
    const ack = await call(visitor, VISITOR_EVENTS.resume, {});
    expect(ack.ok).toBe(true);
  });

  it('drops a socket frame above the size limit instead of processing it', async () => {
    const big = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    const disconnected = new Promise<string>((resolve) => big.once('disconnect', resolve));
    big.emit(VISITOR_EVENTS.send, { clientMsgId: clientMsgId(), text: 'x'.repeat(200_000) });
    expect(await disconnected).toBeTruthy();
    big.close();
  });

  it('refuses handshakes without a valid identity', async () => {
    await expect(connect(node.url, '/visitor', {})).rejects.toThrow('unauthorized');
    await expect(connect(node.url, '/visitor', { token: 'not-a-real-token-aaaaaaaaaaaaaaaaa' })).rejects.toThrow('unauthorized');
    await expect(connect(node.url, '/agent', {})).rejects.toThrow('unauthorized');
    await expect(connect(node.url, '/agent', { cookie: 'parley_session=forged' })).rejects.toThrow('unauthorized');
  });

  describe('REST', () => {
    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      json(`${node.url}${path}`, { method: 'POST', body, headers: { 'x-parley-csrf': '1', ...headers } });

    it.each([
      ['POST /api/v1/widget/sessions', '/api/v1/widget/sessions', { desk: { $gt: '' } }],
      ['POST /api/v1/widget/sessions (array)', '/api/v1/widget/sessions', [{ desk: 'default' }]],
      ['POST /api/v1/widget/sessions (extra key)', '/api/v1/widget/sessions', { desk: 'default', admin: true }],
      ['POST /api/v1/auth/login (operator)', '/api/v1/auth/login', { email: { $ne: null }, password: { $ne: null } }],
      ['POST /api/v1/auth/login (not an e-mail)', '/api/v1/auth/login', { email: 'admin', password: 'x' }],
      ['POST /api/v1/agents (operator e-mail)', '/api/v1/agents', { name: 'X', email: { $gt: '' }, password: 'long enough pw' }],
      ['POST /api/v1/agents (short password)', '/api/v1/agents', { name: 'X', email: 'x@y.z', password: 'short' }],
      ['POST /api/v1/agents (unknown role)', '/api/v1/agents', { name: 'X', email: 'x@y.z', password: 'long enough pw', role: 'root' }],
      ['POST /api/v1/agents (prototype key)', '/api/v1/agents', JSON.parse('{"__proto__":{"role":"admin"},"name":"X","email":"x@y.z","password":"long enough pw"}')],
    ])('%s answers 400 invalid_input', async (_name, path, body) => {
      const res = await post(path, JSON.stringify(body), { cookie });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    });

    it('answers invalid JSON with 400 invalid_input and an oversized body with 413', async () => {
      expect((await post('/api/v1/widget/sessions', '{"desk":')).body).toMatchObject({ error: { code: 'invalid_input' } });
      const big = await post('/api/v1/widget/sessions', JSON.stringify({ desk: 'x'.repeat(100_000) }));
      expect(big.status).toBe(413);
      expect(big.body).toMatchObject({ error: { code: 'payload_too_large' } });
    });

    it('answers an unknown desk with 404 and a wrong password with 401', async () => {
      expect((await post('/api/v1/widget/sessions', JSON.stringify({ desk: 'nope' }))).status).toBe(404);
      const login = await post('/api/v1/auth/login', JSON.stringify({ email: 'admin@test.local', password: 'wrong' }));
      expect(login.status).toBe(401);
      expect(login.body).toMatchObject({ error: { code: 'unauthorized' } });
      const config = await json(`${node.url}/api/v1/widget/config?desk[$ne]=x`);
      expect(config.status).toBe(400);
    });

    it('requires the anti-CSRF header on cookie-authenticated writes', async () => {
      const res = await json(`${node.url}/api/v1/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: { cookie },
        body: JSON.stringify({ clientMsgId: clientMsgId(), text: 'forged' }),
      });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'forbidden' } });
    });

    it('refuses hostile ids and queries on conversation routes', async () => {
      for (const path of ['/api/v1/conversations/%7B%22%24gt%22%3A%22%22%7D', '/api/v1/conversations/a%20b', '/api/v1/conversations?queue[$ne]=x', '/api/v1/conversations?limit=9999']) {
        const res = await json(`${node.url}${path}`, { headers: { cookie } });
        expect(res.status, path).toBe(400);
        expect(res.body, path).toMatchObject({ error: { code: 'invalid_input' } });
      }
      const missing = await json(`${node.url}/api/v1/conversations/doesNotExist`, { headers: { cookie } });
      expect(missing.status).toBe(404);
      const reply = await post(`/api/v1/conversations/${conversationId}/messages`, JSON.stringify({ clientMsgId: 'short', text: 'x' }), { cookie });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ error: { code: 'invalid_input', message: expect.stringContaining('clientMsgId') } });
    });

    it('answers unknown API routes with 404 not_found as JSON', async () => {
      const res = await json(`${node.url}/api/v1/nope`);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'not_found' } });
    });

    it('is still healthy and lost nothing after all of the above', async () => {
      const health = await json(`${node.url}/healthz`);
      expect(health.body).toMatchObject({ ok: true, store: { ok: true } });
      const resumed = await call(visitor, VISITOR_EVENTS.resume, {});
      expect((resumed.messages as Array<{ text: string }>)[0]?.text).toBe('hello');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });
});
