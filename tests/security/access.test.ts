import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, clientMsgId, connect, json, loginAgent, newVisitorToken, nextEvent } from '../support/clients.ts';
import { removeDir, startTestParley, type RunningParley } from '../support/parley.ts';

type Msg = { conversationId: string; text: string };

/** Nobody reads what is not theirs: visitors, agents and origins. */
describe('access control', () => {
  let server: RunningParley;
  let url: string;
  const sockets: Socket[] = [];
  const track = (s: Socket) => (sockets.push(s), s);

  beforeAll(async () => {
    server = await startTestParley();
    url = server.url;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it("a visitor's token for conversation A cannot read, sync or write conversation B", async () => {
    const alice = track(await connect(url, '/visitor', { token: await newVisitorToken(url) }));
    const bob = track(await connect(url, '/visitor', { token: await newVisitorToken(url) }));
    const a = await call(alice, 'visitor:message', { clientMsgId: clientMsgId(), text: 'alice secret' });
    const b = await call(bob, 'visitor:message', { clientMsgId: clientMsgId(), text: 'bob secret' });
    const bobConversation = (b.message as Msg).conversationId;
    expect((a.message as Msg).conversationId).not.toBe(bobConversation);

    const sync = await call(alice, 'visitor:sync', { conversationId: bobConversation, afterSeq: 0 });
    expect(sync).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // alice's own view never includes bob's messages, and her sends land in her own conversation
    const resumed = await call(alice, 'visitor:resume', {});
    expect((resumed.messages as Msg[]).map((m) => m.text)).toEqual(['alice secret']);
    const sent = await call(alice, 'visitor:message', { clientMsgId: clientMsgId(), text: 'again' });
    expect((sent.message as Msg).conversationId).toBe((a.message as Msg).conversationId);
    // there is no event by which a client names a room or another conversation
    const unknown = await Promise.race([
      alice.timeout(1000).emitWithAck('visitor:join', { conversationId: bobConversation }).then(() => 'answered', () => 'no handler'),
    ]);
    expect(unknown).toBe('no handler');
  });

  it('does not deliver one visitor\'s messages to another visitor\'s sockets', async () => {
    const aliceToken = await newVisitorToken(url);
    const alice = track(await connect(url, '/visitor', { token: aliceToken }));
    // Alice's second tab gets her message live (the sending tab gets the acknowledgement instead of an echo).
    const aliceOtherTab = track(await connect(url, '/visitor', { token: aliceToken }));
    const eve = track(await connect(url, '/visitor', { token: await newVisitorToken(url) }));
    let leaked = false;
    let echoed = false;
    eve.on('message.created', () => (leaked = true));
    alice.on('message.created', () => (echoed = true));
    const own = nextEvent(aliceOtherTab, 'message.created');
    await call(alice, 'visitor:message', { clientMsgId: clientMsgId(), text: 'private' });
    await own;
    await new Promise((r) => setTimeout(r, 200));
    expect(leaked).toBe(false);
    expect(echoed).toBe(false);
  });

  it('answers a retry only for its author: another author\'s clientMsgId is a conflict, and nothing is overwritten', async () => {
    const visitor = track(await connect(url, '/visitor', { token: await newVisitorToken(url) }));
    const first = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'my question' });
    const visitorMessage = first.message as Msg & { clientMsgId: string; seq: number };
    const agent = track(await connect(url, '/agent', { cookie: await loginAgent(url) }));
    const reply = await call(agent, 'agent:message', { conversationId: visitorMessage.conversationId, clientMsgId: clientMsgId(), text: 'the answer' });
    const agentMessage = reply.message as Msg & { clientMsgId: string };

    // the visitor was shown the agent's message, clientMsgId included
    const stolen = await call(visitor, 'visitor:message', { clientMsgId: agentMessage.clientMsgId, text: 'mine now?' });
    expect(stolen).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const clash = await call(agent, 'agent:message', { conversationId: visitorMessage.conversationId, clientMsgId: visitorMessage.clientMsgId, text: 'x' });
    expect(clash).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // each author's own retry is still answered with the stored message
    const retry = await call(visitor, 'visitor:message', { clientMsgId: visitorMessage.clientMsgId, text: 'my question' });
    expect(retry).toMatchObject({ ok: true, message: { seq: visitorMessage.seq, text: 'my question' } });
    const history = await call(visitor, 'visitor:resume', {});
    expect((history.messages as Msg[]).map((m) => m.text)).toEqual(['my question', 'the answer']);
  });

  it("shows visitors an agent's display name only: no account id, no e-mail, live or in history", async () => {
    const visitor = track(await connect(url, '/visitor', { token: await newVisitorToken(url) }));
    const first = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'hello?' });
    const conversationId = (first.message as Msg).conversationId;
    const cookie = await loginAgent(url);
    const me = (await json(`${url}/api/v1/auth/me`, { headers: { cookie } })).body.agent as { id: string; email: string; name: string };
    const agent = track(await connect(url, '/agent', { cookie }));
    const live = nextEvent<{ message: Msg & { authorId: string | null; authorName: string } }>(visitor, 'message.created');
    await call(agent, 'agent:message', { conversationId, clientMsgId: clientMsgId(), text: 'hi, how can I help?' });
    const pushed = (await live).message;
    const history = (await call(visitor, 'visitor:resume', {})).messages as Array<Msg & { authorId: string | null }>;
    expect(pushed).toMatchObject({ authorId: null, authorName: me.name });
    expect(history.at(-1)).toMatchObject({ authorId: null, authorName: me.name });
    for (const seen of [JSON.stringify(pushed), JSON.stringify(history)]) {
      expect(seen).not.toContain(me.id);
      expect(seen).not.toContain(me.email);
    }
  });

  it('marks authenticated API answers no-store, and serves the demo page under the inbox\'s CSP', async () => {
    const cookie = await loginAgent(url);
    for (const path of ['/api/v1/auth/me', '/api/v1/conversations?queue=all']) {
      expect((await fetch(`${url}${path}`, { headers: { cookie } })).headers.get('cache-control')).toBe('no-store');
    }
    const session = await fetch(`${url}/api/v1/widget/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"desk":"default"}' });
    expect(session.headers.get('cache-control')).toBe('no-store');
    const demo = await fetch(`${url}/`);
    expect(demo.status).toBe(200);
    expect(demo.headers.get('content-security-policy')).toMatch(/script-src 'self'.*frame-ancestors 'none'/);
  });

  it('visitor tokens open no agent door: REST and the agent namespace refuse them', async () => {
    const token = await newVisitorToken(url);
    const res = await json(`${url}/api/v1/conversations`, { headers: { authorization: `Bearer ${token}`, cookie: `parley_session=${token}` } });
    expect(res.status).toBe(401);
    await expect(connect(url, '/agent', { cookie: `parley_session=${token}` })).rejects.toThrow('unauthorized');
  });

  it('never echoes a visitor token or a secret hash in any answer', async () => {
    const token = await newVisitorToken(url);
    const visitor = track(await connect(url, '/visitor', { token }));
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'hi' });
    const cookie = await loginAgent(url);
    const ticket = await json(`${url}/api/v1/conversations/${(sent.message as Msg).conversationId}`, { headers: { cookie } });
    const answers = JSON.stringify([sent, await call(visitor, 'visitor:resume', {}), ticket.body, (await json(`${url}/api/v1/agents`, { headers: { cookie } })).body]);
    expect(answers).not.toContain(token);
    expect(answers).not.toMatch(/tokenHash|passwordHash|scrypt\$/);
  });

  it('an agent without admin rights cannot create agents; an admin can', async () => {
    const adminCookie = await loginAgent(url);
    const create = (cookie: string, email: string) =>
      json(`${url}/api/v1/agents`, {
        method: 'POST',
        headers: { cookie, 'x-parley-csrf': '1' },
        body: JSON.stringify({ name: 'Ann', email, password: 'a strong password', role: 'agent' }),
      });
    const made = await create(adminCookie, 'ann@e2e.local');
    expect(made.status).toBe(201);
    const annCookie = await loginAgent(url, { email: 'ann@e2e.local', password: 'a strong password' });
    const refused = await create(annCookie, 'mallory@e2e.local');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const agents = await json(`${url}/api/v1/agents`, { headers: { cookie: annCookie } });
    expect((agents.body.agents as Array<{ email: string }>).map((a) => a.email)).not.toContain('mallory@e2e.local');
  });

  it('logging out disconnects the live sockets of that session within seconds', async () => {
    const cookie = await loginAgent(url);
    const agent = track(await connect(url, '/agent', { cookie }));
    const other = track(await connect(url, '/agent', { cookie: await loginAgent(url) }));
    const revoked = nextEvent(agent, 'session.revoked', () => true, 5000);
    const disconnected = new Promise<string>((resolve) => agent.once('disconnect', resolve));
    const out = await json(`${url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie, 'x-parley-csrf': '1' } });
    expect(out.status).toBe(200);
    await revoked;
    expect(await disconnected).toBe('io server disconnect');
    // the session is dead for REST and new sockets, other sessions live on
    expect((await json(`${url}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(401);
    await expect(connect(url, '/agent', { cookie })).rejects.toThrow('unauthorized');
    expect(other.connected).toBe(true);
  });

  it('sets the session cookie HttpOnly and SameSite=Strict', async () => {
    const res = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-parley-csrf': '1' },
      body: JSON.stringify(ADMIN),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('parley_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
  });

  it.each(['websocket', 'polling'] as const)('refuses a %s handshake from an origin not in ALLOWED_ORIGINS', async (transport) => {
    const listed = await startTestParley({ ALLOWED_ORIGINS: 'https://shop.example' });
    try {
      const token = await newVisitorToken(listed.url);
      const attempt = (origin: string, ns = '/visitor', auth: Record<string, string> = { token }, cookie?: string) => {
        const socket = io(`${listed.url}${ns}`, { transports: [transport], auth, extraHeaders: { origin, ...(cookie ? { cookie } : {}) }, reconnection: false, forceNew: true });
        return new Promise<string>((resolve) => {
          socket.once('connect', () => resolve('connected'));
          socket.once('connect_error', (err) => resolve(`refused: ${err.message}`));
        }).finally(() => socket.close());
      };
      expect(await attempt('https://evil.example')).toMatch(/^refused/);
      expect(await attempt(listed.url)).toBe('connected');
      expect(await attempt('https://shop.example')).toBe('connected');
      expect(await attempt('https://evil.example', '/agent', {}, await loginAgent(listed.url))).toMatch(/^refused/);
    } finally {
      await listed.stop();
      await removeDir(listed.dataDir);
    }
  });

  it('with ALLOWED_ORIGINS empty, lets any site’s page listen on /visitor (the embedder policy), never on /agent', async () => {
    const token = await newVisitorToken(url);
    const cookie = await loginAgent(url);
    const attempt = (ns: string, origin: string, auth: Record<string, string>, headers: Record<string, string> = {}) => {
      const socket = io(`${url}${ns}`, { transports: ['websocket'], auth, extraHeaders: { origin, ...headers }, reconnection: false, forceNew: true });
      return new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (err) => resolve(`refused: ${err.message}`));
      }).finally(() => socket.close());
    };
    expect(await attempt('/visitor', 'https://any-shop.example', { token })).toBe('connected');
    expect(await attempt('/visitor', 'https://any-shop.example', { token: 'forged' })).toBe('refused: unauthorized');
    // the agent's cookie never serves another site's page, whatever the widget's policy
    expect(await attempt('/agent', 'https://any-shop.example', {}, { cookie })).toBe('refused: forbidden');
    expect(await attempt('/agent', url, {}, { cookie })).toBe('connected');
  });

  it('refuses widget sessions requested by a page on a disallowed origin', async () => {
    const res = await json(`${url}/api/v1/widget/sessions`, { method: 'POST', headers: { origin: 'https://evil.example' }, body: JSON.stringify({ desk: 'default' }) });
    expect(res.status).toBe(403);
  });
});

describe('allowed origins', () => {
  it('lets a listed origin open sockets and frames the widget only there', async () => {
    const server = await startTestParley({ ALLOWED_ORIGINS: 'https://shop.example' });
    try {
      const token = await newVisitorToken(server.url);
      const listed = io(`${server.url}/visitor`, { transports: ['websocket'], auth: { token }, extraHeaders: { origin: 'https://shop.example' }, reconnection: false, forceNew: true });
      const outcome = await new Promise<string>((resolve) => {
        listed.once('connect', () => resolve('connected'));
        listed.once('connect_error', (err) => resolve(err.message));
      });
      listed.close();
      expect(outcome).toBe('connected');
      const frame = await fetch(`${server.url}/widget/frame.html`);
      expect(frame.headers.get('content-security-policy')).toContain('frame-ancestors https://shop.example');
      const inbox = await fetch(`${server.url}/inbox/`);
      expect(inbox.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    } finally {
      await server.stop();
      await removeDir(server.dataDir);
    }
  });
});
