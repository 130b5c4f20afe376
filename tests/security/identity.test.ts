import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, clientMsgId, connect, json, loginAgent } from '../support/clients.ts';
import { freshDatabase } from '../support/node-process.ts';
import { removeDir, startTestParley, type RunningParley } from '../support/parley.ts';

const SECRET = 'a-long-random-identity-secret-for-tests-0123456789';
const sign = (userId: string, secret = SECRET) => createHmac('sha256', secret).update(userId).digest('hex');

type Msg = { text: string; conversationId: string };

describe.each([
  { adapter: 'embedded', env: (): Record<string, string> => ({}) },
  { adapter: 'mongo', env: (): Record<string, string> => ({ MONGODB_URI: freshDatabase(inject('mongoUri'), 'sec_identity') }) },
])('identity verification ($adapter)', ({ env }) => {
  let server: RunningParley;
  let url: string;
  const session = (body: unknown) => json(`${url}/api/v1/widget/sessions`, { method: 'POST', body: JSON.stringify(body) });

  beforeAll(async () => {
    server = await startTestParley({ IDENTITY_SECRET: SECRET, ...env() });
    url = server.url;
  });
  afterAll(async () => {
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('gives every device of a verified user the same contact and conversation', async () => {
    const identity = { userId: 'user-42', hash: sign('user-42'), email: 'kim@example.com', name: 'Kim' };
    const laptop = await session({ desk: 'default', identity });
    const phone = await session({ desk: 'default', identity });
    expect(laptop.status).toBe(201);
    expect(phone.body.contactId).toBe(laptop.body.contactId);
    expect(phone.body.token).not.toBe(laptop.body.token);

    const a = await connect(url, '/visitor', { token: laptop.body.token as string });
    const sent = await call(a, 'visitor:message', { clientMsgId: clientMsgId(), text: 'sent from my laptop' });
    const b = await connect(url, '/visitor', { token: phone.body.token as string });
    const resumed = await call(b, 'visitor:resume', {});
    expect((resumed.messages as Msg[]).map((m) => m.text)).toEqual(['sent from my laptop']);

    const agent = await connect(url, '/agent', { cookie: await loginAgent(url) });
    const ticket = await call(agent, 'agent:open', { conversationId: (sent.message as Msg).conversationId });
    expect(ticket.contact).toMatchObject({ externalId: 'user-42', email: 'kim@example.com', name: 'Kim' });
    expect(JSON.stringify(ticket.contact)).not.toMatch(/tokenHash|identityKey/);
    [a, b, agent].forEach((s) => s.close());
  });

  it('refuses a forged or mismatched signature, and never merges with the real user', async () => {
    const real = await session({ desk: 'default', identity: { userId: 'user-7', hash: sign('user-7') } });
    for (const hash of [sign('user-8'), sign('user-7', 'another-secret-of-sufficient-length!!'), 'f'.repeat(64)]) {
      const forged = await session({ desk: 'default', identity: { userId: 'user-7', hash } });
      expect(forged.status).toBe(403);
      expect(forged.body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const malformed = await session({ desk: 'default', identity: { userId: 'user-7', hash: 'not-hex' } });
    expect(malformed.status).toBe(400);
    const operator = await session({ desk: 'default', identity: { userId: { $ne: null }, hash: sign('x') } });
    expect(operator.status).toBe(400);
    // an anonymous visitor is another contact entirely
    const anonymous = await session({ desk: 'default' });
    expect(anonymous.body.contactId).not.toBe(real.body.contactId);
  });
});

describe('identity verification not configured', () => {
  it('answers invalid_input instead of trusting an unsigned identity', async () => {
    const server = await startTestParley();
    try {
      const res = await json(`${server.url}/api/v1/widget/sessions`, {
        method: 'POST',
        body: JSON.stringify({ desk: 'default', identity: { userId: 'u1', hash: sign('u1') } }),
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_input', message: expect.stringContaining('IDENTITY_SECRET') } });
    } finally {
      await server.stop();
      await removeDir(server.dataDir);
    }
  });
});
