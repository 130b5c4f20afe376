import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, clientMsgId, connect, json, loginAgent } from '../support/clients.ts';
import { freshDatabase } from '../support/node-process.ts';
import { removeDir, startTestParley, type RunningParley } from '../support/parley.ts';

const SECRET = 'a-long-random-identity-secret-for-tests-0123456789';
const OTHER_SECRET = 'another-secret-of-sufficient-length!!';
/** The legacy form: hex HMAC-SHA256 of the user id alone. */
const sign = (userId: string, secret = SECRET) => createHmac('sha256', secret).update(userId).digest('hex');

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
/** A JWT as a site's backend signs it (HS256 over `header.payload`), or a forged one (`alg`, `secret`). */
function jwt(claims: Record<string, unknown>, { secret = SECRET, alg = 'HS256' } = {}): string {
  const signed = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}`;
  if (alg === 'none') return `${signed}.`;
  const hash = alg === 'HS512' ? 'sha512' : 'sha256'; // RS256 / ES256: an HMAC of the secret passed off as them
  return `${signed}.${createHmac(hash, secret).update(signed).digest('base64url')}`;
}

type Msg = { text: string; conversationId: string };
type Contact = { externalId: string | null; email: string | null; name: string | null };

describe.each([
  { adapter: 'embedded', env: (): Record<string, string> => ({}) },
  { adapter: 'mongo', env: (): Record<string, string> => ({ MONGODB_URI: freshDatabase(inject('mongoUri'), 'sec_identity') }) },
])('identity verification ($adapter)', ({ env }) => {
  let server: RunningParley;
  let url: string;
  let cookie: string;
  const session = (body: unknown) => json(`${url}/api/v1/widget/sessions`, { method: 'POST', body: JSON.stringify(body) });

  /** What an agent sees of the visitor behind `token`, once they wrote. */
  async function contactSeenByAgents(token: string): Promise<Contact> {
    const visitor = await connect(url, '/visitor', { token });
    const agent = await connect(url, '/agent', { cookie });
    try {
      const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'hello' });
      expect(sent.ok).toBe(true);
      const ticket = await call(agent, 'agent:open', { conversationId: (sent.message as Msg).conversationId });
      expect(ticket.ok).toBe(true);
      return ticket.contact as Contact;
    } finally {
      visitor.close();
      agent.close();
    }
  }

  beforeAll(async () => {
    server = await startTestParley({ IDENTITY_SECRET: SECRET, ...env() });
    url = server.url;
    cookie = await loginAgent(url);
  });
  afterAll(async () => {
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('gives every device of a user with a signed token the same contact and conversation, with the signed e-mail and name', async () => {
    const token = jwt({ sub: 'user-42', email: 'kim@example.com', name: 'Kim', exp: now() + 300 });
    const laptop = await session({ desk: 'default', identity: { token } });
    const phone = await session({ desk: 'default', identity: { token: jwt({ sub: 'user-42', email: 'kim@example.com', name: 'Kim' }) } });
    expect(laptop.status).toBe(201);
    expect(phone.status).toBe(201);
    expect(phone.body.contactId).toBe(laptop.body.contactId);
    expect(phone.body.token).not.toBe(laptop.body.token);

    const a = await connect(url, '/visitor', { token: laptop.body.token as string });
    const sent = await call(a, 'visitor:message', { clientMsgId: clientMsgId(), text: 'sent from my laptop' });
    const b = await connect(url, '/visitor', { token: phone.body.token as string });
    const resumed = await call(b, 'visitor:resume', {});
    expect((resumed.messages as Msg[]).map((m) => m.text)).toEqual(['sent from my laptop']);

    const agent = await connect(url, '/agent', { cookie });
    const ticket = await call(agent, 'agent:open', { conversationId: (sent.message as Msg).conversationId });
    expect(ticket.contact).toMatchObject({ externalId: 'user-42', email: 'kim@example.com', name: 'Kim' });
    expect(JSON.stringify(ticket.contact)).not.toMatch(/tokenHash|identityKey/);
    [a, b, agent].forEach((s) => s.close());
  });

  it('takes only the user id from the legacy hash form: an unsigned e-mail or name never reaches agents', async () => {
    const forged = { email: 'ceo@victim.example', name: 'The CEO' };
    const fresh = await session({ desk: 'default', identity: { userId: 'user-legacy', hash: sign('user-legacy'), ...forged } });
    expect(fresh.status).toBe(201);
    expect(await contactSeenByAgents(fresh.body.token as string)).toMatchObject({ externalId: 'user-legacy', email: null, name: null });

    // A user known by a signed token: the legacy form joins the contact but leaves the signed values alone.
    const signed = await session({ desk: 'default', identity: { token: jwt({ sub: 'user-9', email: 'nine@example.com', name: 'Nine' }) } });
    const legacy = await session({ desk: 'default', identity: { userId: 'user-9', hash: sign('user-9'), ...forged } });
    expect(legacy.status).toBe(201);
    expect(legacy.body.contactId).toBe(signed.body.contactId);
    expect(await contactSeenByAgents(legacy.body.token as string)).toMatchObject({ externalId: 'user-9', email: 'nine@example.com', name: 'Nine' });
  });

  it('updates what agents see when another device brings a newly signed e-mail and name', async () => {
    const first = await session({ desk: 'default', identity: { token: jwt({ sub: 'user-77', email: 'old@example.com', name: 'Old Name' }) } });
    expect(await contactSeenByAgents(first.body.token as string)).toMatchObject({ email: 'old@example.com', name: 'Old Name' });
    const second = await session({ desk: 'default', identity: { token: jwt({ sub: 'user-77', email: 'new@example.com', name: 'New Name' }) } });
    expect(second.body.contactId).toBe(first.body.contactId);
    expect(await contactSeenByAgents(second.body.token as string)).toMatchObject({ externalId: 'user-77', email: 'new@example.com', name: 'New Name' });
    // a token that does not state them keeps them
    const third = await session({ desk: 'default', identity: { token: jwt({ sub: 'user-77' }) } });
    expect(await contactSeenByAgents(third.body.token as string)).toMatchObject({ email: 'new@example.com', name: 'New Name' });
  });

  it('honours exp with 60 s of clock skew', async () => {
    const late = await session({ desk: 'default', identity: { token: jwt({ sub: 'user-skew', exp: now() - 30 }) } });
    expect(late.status).toBe(201);
  });

  it.each([
    ['an expired token', () => jwt({ sub: 'user-7', email: 'x@example.com', exp: now() - 120 }), /expired/],
    ['a token signed with another secret', () => jwt({ sub: 'user-7' }, { secret: OTHER_SECRET }), /signature/],
    ['an unsigned token (alg: none)', () => jwt({ sub: 'user-7' }, { alg: 'none' }), /HS256/],
    ['a token claiming RS256', () => jwt({ sub: 'user-7' }, { alg: 'RS256' }), /HS256/],
    ['a token claiming ES256', () => jwt({ sub: 'user-7' }, { alg: 'ES256' }), /HS256/],
    ['a token signed with HS512', () => jwt({ sub: 'user-7' }, { alg: 'HS512' }), /HS256/],
    ['a token without sub', () => jwt({ email: 'x@example.com', name: 'X' }), /sub/],
    ['a token with an empty sub', () => jwt({ sub: '' }), /sub/],
    ['a token with a numeric sub', () => jwt({ sub: 7 }), /sub/],
    ['a token with an e-mail that is not one', () => jwt({ sub: 'user-7', email: 'not an e-mail' }), /email/],
    ['a token whose payload is not JSON', () => `${b64({ alg: 'HS256' })}.bm90IGpzb24.${createHmac('sha256', SECRET).update(`${b64({ alg: 'HS256' })}.bm90IGpzb24`).digest('base64url')}`, /./],
  ])('refuses %s (403, saying why, never the secret) and never merges with the real user', async (_, token, why) => {
    const real = await session({ desk: 'default', identity: { token: jwt({ sub: 'user-7' }) } });
    expect(real.status).toBe(201);
    const forged = await session({ desk: 'default', identity: { token: token() } });
    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(why) } });
    expect(JSON.stringify(forged.body)).not.toContain(SECRET);
    expect(forged.body.contactId).toBeUndefined();
  });

  it('refuses a forged or mismatched legacy hash, and never merges with the real user', async () => {
    const real = await session({ desk: 'default', identity: { userId: 'user-7', hash: sign('user-7') } });
    for (const hash of [sign('user-8'), sign('user-7', OTHER_SECRET), 'f'.repeat(64)]) {
      const forged = await session({ desk: 'default', identity: { userId: 'user-7', hash } });
      expect(forged.status).toBe(403);
      expect(forged.body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const malformed = await session({ desk: 'default', identity: { userId: 'user-7', hash: 'not-hex' } });
    expect(malformed.status).toBe(400);
    const operator = await session({ desk: 'default', identity: { userId: { $ne: null }, hash: sign('x') } });
    expect(operator.status).toBe(400);
    for (const token of ['not-a-jwt', 42, { $ne: null }, 'a.b.c.d']) {
      expect((await session({ desk: 'default', identity: { token } })).status).toBe(400);
    }
    // an anonymous visitor is another contact entirely
    const anonymous = await session({ desk: 'default' });
    expect(anonymous.body.contactId).not.toBe(real.body.contactId);
  });
});

describe('identity verification not configured', () => {
  it('answers invalid_input instead of trusting an unsigned identity, in either form', async () => {
    const server = await startTestParley();
    try {
      for (const identity of [{ userId: 'u1', hash: sign('u1') }, { token: jwt({ sub: 'u1' }) }]) {
        const res = await json(`${server.url}/api/v1/widget/sessions`, {
          method: 'POST',
          body: JSON.stringify({ desk: 'default', identity }),
        });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ error: { code: 'invalid_input', message: expect.stringContaining('IDENTITY_SECRET') } });
      }
    } finally {
      await server.stop();
      await removeDir(server.dataDir);
    }
  });
});
