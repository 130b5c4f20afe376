import { createHmac } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../support/adapters.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken, startNode, type TestNode } from '../support/parley.ts';

const SECRET = 'contacts-test-identity-secret-0123456789';
type Contact = { id: string; name: string | null; email: string | null; phone: string | null; attributes: Record<string, string>; verified: { name: boolean; email: boolean }; device: { userAgent: string; language: string } | null };

function identityToken(sub: string, name: string, email: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, name, email, exp: Math.floor(Date.now() / 1000) + 300 })}`;
  return `${signed}.${createHmac('sha256', SECRET).update(signed).digest('base64url')}`;
}

/** What the desk knows of a customer: verified fields, the browser they chat from, their tickets; agents complete it. */
describe.each(adapters())('contacts ($adapter)', ({ adapter, mongoUri }) => {
  let node: TestNode;
  let cookie: string;
  let contactId: string;
  let conversationId: string;
  const api = (path: string, method = 'GET', body?: unknown) =>
    json(`${node.url}/api/v1/contacts${path}`, { method, headers: { cookie, 'x-parley-csrf': '1' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  beforeAll(async () => {
    node = await startNode(adapter, { IDENTITY_SECRET: SECRET }, mongoUri);
    cookie = await loginAgent(node.url);
    const session = await json(`${node.url}/api/v1/widget/sessions`, {
      method: 'POST',
      body: JSON.stringify({ desk: 'default', identity: { token: identityToken('user-7', 'Kim Minji', 'minji@example.com') } }),
    });
    contactId = session.body.contactId as string;
    const visitor = io(`${node.url}/visitor`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token: session.body.token },
      extraHeaders: { 'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Chrome/131.0 Safari/537.36', 'accept-language': 'ko-KR,ko;q=0.9,en;q=0.8' },
    });
    await new Promise<void>((resolve) => visitor.once('connect', () => resolve()));
    await call(visitor, 'visitor:resume', {});
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Where is order A-1?' });
    conversationId = (sent.message as { conversationId: string }).conversationId;
    visitor.close();
  });
  afterAll(async () => {
    await node?.dispose();
  });

  it('shows the verified fields, the browser and the tickets of a customer', async () => {
    const res = await api(`/${contactId}`);
    expect(res.status).toBe(200);
    expect(res.body.contact).toMatchObject({
      name: 'Kim Minji',
      email: 'minji@example.com',
      verified: { name: true, email: true },
      device: { userAgent: expect.stringContaining('Chrome/131.0'), language: 'ko-KR,ko;q=0.9,en;q=0.8' },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/tokenHash|identityKey/);
    expect((res.body.tickets as { id: string }[]).map((t) => t.id)).toEqual([conversationId]);
  });

  it('lets an agent complete a contact; a changed verified field is no longer verified', async () => {
    const res = await api(`/${contactId}`, 'PATCH', { phone: '+82 10-1234-5678', attributes: { plan: 'Pro', '주문 번호': 'A-1' }, email: 'minji.kim@example.com' });
    expect(res.status).toBe(200);
    expect(res.body.contact).toMatchObject({
      name: 'Kim Minji',
      email: 'minji.kim@example.com',
      phone: '+82 10-1234-5678',
      attributes: { plan: 'Pro', '주문 번호': 'A-1' },
      verified: { name: true, email: false },
    });
    const cleared = await api(`/${contactId}`, 'PATCH', { phone: '', attributes: { plan: 'Pro', '주문 번호': '' } });
    expect(cleared.body.contact).toMatchObject({ phone: null, attributes: { plan: 'Pro' } });
    expect(((await api(`/${contactId}`)).body.contact as Contact).attributes).toEqual({ plan: 'Pro' });
  });

  it('refuses bad edits by name and someone else’s contact as missing', async () => {
    const bad = await api(`/${contactId}`, 'PATCH', { phone: 'call me maybe', email: 'not an address' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_input' });
    expect((await api(`/${contactId}`, 'PATCH', { tokenHash: 'x' })).status).toBe(400);
    expect((await api(`/${contactId}`, 'PATCH', { attributes: { '<b>': 'x' } })).status).toBe(400);
    expect((await api('/nobody')).status).toBe(404);
    const anonymous = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    anonymous.close();
  });
});
