import { createHmac } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../support/adapters.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken, nextEvent, startNode, startNodePair, type TestNode } from '../support/parley.ts';

const SHOP = 'https://shop.example.com';

function identityToken(secret: string, sub: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, email: `${sub}@example.com`, name: sub, exp: Math.floor(Date.now() / 1000) + 300 })}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}

type Settings = {
  name: string;
  version: number;
  replyPolicy: string;
  allowedOrigins: string[];
  pinned: string[];
  identitySecret: { configured: boolean };
  widget: { color: string; position: string; greeting: { en: string; ko: string }; launcherLabel: { en: string } };
  routing: { mode: string; defaultCapacity: number };
};

/** Desk settings live in the database, apply at once (no restart), survive restarts, and only admins change them. */
describe('desk settings', () => {
  let node: TestNode;
  let admin: string;
  let agentCookie: string;
  const sockets: Socket[] = [];
  const api = (cookie: string, path: string, method = 'GET', body?: unknown) =>
    json(`${node.url}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-parley-csrf': '1' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const settings = async () => (await api(admin, '/settings/desk')).body.settings as Settings;
  const patch = async (body: Record<string, unknown>) => api(admin, '/settings/desk', 'PATCH', { version: (await settings()).version, ...body });

  beforeAll(async () => {
    node = await startNode('embedded');
    admin = await loginAgent(node.url);
    const created = await api(admin, '/agents', 'POST', { name: 'Bo Kim', email: 'bo@test.local', password: 'bo-password-123' });
    expect(created.status).toBe(201);
    agentCookie = await loginAgent(node.url, { email: 'bo@test.local', password: 'bo-password-123' });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await node?.dispose();
  });

  it('shows an admin the defaults, and refuses everyone else', async () => {
    const s = await settings();
    expect(s).toMatchObject({ replyPolicy: 'warn', allowedOrigins: [], pinned: [], identitySecret: { configured: false } });
    expect(s.widget).toMatchObject({ color: '#1f6feb', position: 'right' });
    expect(s.routing).toMatchObject({ mode: 'manual', defaultCapacity: 5 });
    expect(JSON.stringify(s)).not.toMatch(/secret"?:\s*"/);
    const asAgent = await api(agentCookie, '/settings/desk');
    expect(asAgent.status).toBe(403);
    expect((asAgent.body.error as { code: string }).code).toBe('forbidden');
    expect((await api(agentCookie, '/settings/desk', 'PATCH', { version: s.version, replyPolicy: 'allow' })).status).toBe(403);
  });

  it("applies the widget's look at once: the public config and open widgets get it", async () => {
    const visitor = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    sockets.push(visitor);
    const pushed = nextEvent<{ desk: { widget: { color: string } } }>(visitor, 'desk.config');
    const res = await patch({ name: 'Acme Help', widget: { color: '#AA3300', position: 'left', greeting: { en: 'Hello from Acme', ko: '아크미입니다' } } });
    expect(res.status).toBe(200);
    expect((await pushed).desk.widget.color).toBe('#aa3300');
    const config = (await json(`${node.url}/api/v1/widget/config?desk=default`)).body.desk;
    expect(config).toMatchObject({
      name: 'Acme Help',
      greeting: { en: 'Hello from Acme', ko: '아크미입니다' },
      widget: { color: '#aa3300', position: 'left', launcherLabel: { en: 'Chat with us' } },
    });
  });

  it('names what is wrong in a bad change, and stores nothing of it', async () => {
    const before = await settings();
    const bad = await api(admin, '/settings/desk', 'PATCH', { version: before.version, replyPolicy: 'allow', widget: { color: 'red' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_input' });
    expect(JSON.stringify(bad.body.error)).toContain('widget');
    const origin = await api(admin, '/settings/desk', 'PATCH', { version: before.version, allowedOrigins: ['https://shop.example.com/path'] });
    expect(origin.status).toBe(400);
    const unknown = await api(admin, '/settings/desk', 'PATCH', { version: before.version, deskId: 'x' });
    expect(unknown.status).toBe(400);
    expect(await settings()).toEqual(before);
  });

  it("refuses a change made against settings another admin changed meanwhile", async () => {
    const seen = (await settings()).version;
    expect((await api(admin, '/settings/desk', 'PATCH', { version: seen, replyPolicy: 'allow' })).status).toBe(200);
    const late = await api(admin, '/settings/desk', 'PATCH', { version: seen, replyPolicy: 'block' });
    expect(late.status).toBe(409);
    expect((late.body.error as { code: string }).code).toBe('conflict');
    expect((await settings()).replyPolicy).toBe('allow');
  });

  it('lets a site start widget sessions as soon as its origin is allowed', async () => {
    const start = () => json(`${node.url}/api/v1/widget/sessions`, { method: 'POST', headers: { origin: SHOP }, body: JSON.stringify({ desk: 'default' }) });
    expect((await start()).status).toBe(403);
    expect((await patch({ allowedOrigins: [SHOP, `${SHOP}/`] })).status).toBe(200);
    expect((await settings()).allowedOrigins).toEqual([SHOP]);
    expect((await start()).status).toBe(201);
    expect((await patch({ allowedOrigins: [] })).status).toBe(200);
    expect((await start()).status).toBe(403);
  });

  it('generates an identity secret, shows it once, and verifies visitors with it', async () => {
    const sessionWith = (token: string) =>
      json(`${node.url}/api/v1/widget/sessions`, { method: 'POST', body: JSON.stringify({ desk: 'default', identity: { token } }) });
    const generated = await api(admin, '/settings/desk/identity-secret', 'POST', { action: 'generate' });
    expect(generated.status).toBe(200);
    const secret = generated.body.secret as string;
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect((await settings()).identitySecret).toEqual({ configured: true });
    expect(JSON.stringify(await settings())).not.toContain(secret);
    expect((await sessionWith(identityToken(secret, 'user-1'))).status).toBe(201);
    expect((await sessionWith(identityToken('x'.repeat(40), 'user-1'))).status).toBe(403);
    expect((await api(admin, '/settings/desk/identity-secret', 'POST', { action: 'remove' })).status).toBe(200);
    expect((await settings()).identitySecret).toEqual({ configured: false });
    expect((await sessionWith(identityToken(secret, 'user-1'))).status).toBe(400);
  });

  it('enforces the reply policy for replies to a colleague’s ticket (notes always go)', async () => {
    const visitor = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    sockets.push(visitor);
    const first = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'where is my order?' });
    const conversationId = (first.message as { conversationId: string }).conversationId;
    const adminSocket = await connect(node.url, '/agent', { cookie: admin });
    const bo = await connect(node.url, '/agent', { cookie: agentCookie });
    sockets.push(adminSocket, bo);
    const ticket = (await call(adminSocket, 'agent:open', { conversationId })).conversation as { version: number };
    const me = (await api(admin, '/auth/me')).body.agent as { id: string };
    expect((await call(adminSocket, 'agent:update', { conversationId, version: ticket.version, assigneeId: me.id })).ok).toBe(true);

    const rules = nextEvent<{ desk: { replyPolicy: string } }>(bo, 'desk.updated', (p) => p.desk.replyPolicy === 'block');
    expect((await patch({ replyPolicy: 'block' })).status).toBe(200);
    expect((await rules).desk.replyPolicy).toBe('block');
    expect((await api(agentCookie, '/auth/me')).body.desk).toMatchObject({ replyPolicy: 'block' });

    const reply = await call(bo, 'agent:message', { conversationId, clientMsgId: clientMsgId(), text: 'I can help' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden', details: { reason: 'assigned_elsewhere', assigneeId: me.id } } });
    expect((await call(bo, 'agent:message', { conversationId, clientMsgId: clientMsgId(), text: 'VIP', type: 'note' })).ok).toBe(true);
    expect((await call(adminSocket, 'agent:message', { conversationId, clientMsgId: clientMsgId(), text: 'On it' })).ok).toBe(true);

    expect((await patch({ replyPolicy: 'allow' })).status).toBe(200);
    expect((await call(bo, 'agent:message', { conversationId, clientMsgId: clientMsgId(), text: 'I can help' })).ok).toBe(true);
  });

  it('keeps the settings across a restart', async () => {
    const before = await settings();
    node = await node.restart();
    admin = await loginAgent(node.url);
    expect(await settings()).toEqual(before);
  });
});

describe('desk settings pinned by the environment', () => {
  let node: TestNode;
  let admin: string;
  beforeAll(async () => {
    node = await startNode('embedded', { DESK_NAME: 'Pinned Desk', ALLOWED_ORIGINS: SHOP, IDENTITY_SECRET: 's'.repeat(40) });
    admin = await loginAgent(node.url);
  });
  afterAll(async () => {
    await node?.dispose();
  });

  it('shows pinned fields read-only and refuses to change them, naming the variable', async () => {
    const headers = { cookie: admin, 'x-parley-csrf': '1' };
    const s = (await json(`${node.url}/api/v1/settings/desk`, { headers })).body.settings as Settings;
    expect(s.pinned.sort()).toEqual(['allowedOrigins', 'identitySecret', 'name']);
    expect(s).toMatchObject({ name: 'Pinned Desk', allowedOrigins: [SHOP], identitySecret: { configured: true } });
    const rename = await json(`${node.url}/api/v1/settings/desk`, { method: 'PATCH', headers, body: JSON.stringify({ version: s.version, name: 'Other' }) });
    expect(rename.status).toBe(400);
    expect(rename.body.error).toMatchObject({ code: 'invalid_input', details: { field: 'name', reason: 'pinned' } });
    expect((rename.body.error as { message: string }).message).toContain('DESK_NAME');
    const secret = await json(`${node.url}/api/v1/settings/desk/identity-secret`, { method: 'POST', headers, body: JSON.stringify({ action: 'remove' }) });
    expect(secret.status).toBe(400);
    const other = await json(`${node.url}/api/v1/settings/desk`, { method: 'PATCH', headers, body: JSON.stringify({ version: s.version, replyPolicy: 'block' }) });
    expect(other.status).toBe(200);
  });
});

describe.each(adapters().filter((a) => a.adapter === 'mongo'))('desk settings on two nodes (MongoDB + Redis)', ({ mongoUri }) => {
  let a: TestNode;
  let b: TestNode;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    [a, b] = await startNodePair(mongoUri);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await b?.dispose();
    await a?.dispose();
  });

  it('applies a change saved on one node on the other at once', async () => {
    const adminOnA = await loginAgent(a.url);
    const agentOnB = await connect(b.url, '/agent', { cookie: await loginAgent(b.url) });
    const visitorOnB = await connect(b.url, '/visitor', { token: await newVisitorToken(b.url) });
    sockets.push(agentOnB, visitorOnB);
    const rules = nextEvent<{ desk: { replyPolicy: string } }>(agentOnB, 'desk.updated', (p) => p.desk.replyPolicy === 'block', 3000);
    const look = nextEvent<{ desk: { widget: { color: string } } }>(visitorOnB, 'desk.config', (p) => p.desk.widget.color === '#123456', 3000);
    const headers = { cookie: adminOnA, 'x-parley-csrf': '1' };
    const current = (await json(`${a.url}/api/v1/settings/desk`, { headers })).body.settings as Settings;
    const saved = await json(`${a.url}/api/v1/settings/desk`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ version: current.version, replyPolicy: 'block', widget: { color: '#123456' } }),
    });
    expect(saved.status).toBe(200);
    await Promise.all([rules, look]);
    expect((await json(`${b.url}/api/v1/widget/config?desk=default`)).body.desk).toMatchObject({ widget: { color: '#123456' } });
  });
});
