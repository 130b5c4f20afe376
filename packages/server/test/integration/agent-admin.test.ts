import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, clientMsgId, connect, json, loginAgent, newVisitorToken, nextEvent, startNode, type TestNode } from '../support/parley.ts';

type Profile = { id: string; name: string; role: string; active: boolean; initials: string; availability: string; capacity: number | null };

/** Admins run the team from the inbox: create, rename, promote, deactivate, reset passwords; agents edit their own profile. */
describe('agent administration', () => {
  let node: TestNode;
  let admin: string;
  const sockets: Socket[] = [];
  const api = (cookie: string, path: string, method = 'GET', body?: unknown) =>
    json(`${node.url}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-parley-csrf': '1' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const login = (email: string, password: string) =>
    json(`${node.url}/api/v1/auth/login`, { method: 'POST', headers: { 'x-parley-csrf': '1' }, body: JSON.stringify({ email, password }) });
  const create = async (name: string, email: string, role = 'agent') => {
    const res = await api(admin, '/agents', 'POST', { name, email, password: `${email}-pw-123`, role });
    expect(res.status).toBe(201);
    return res.body.agent as Profile;
  };

  beforeAll(async () => {
    node = await startNode('embedded');
    admin = await loginAgent(node.url);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await node?.dispose();
  });

  it('creates agents (admins only) and shows everyone the directory with initials', async () => {
    const mina = await create('Mina Park', 'mina@test.local');
    expect(mina).toMatchObject({ role: 'agent', active: true, initials: 'MP', availability: 'online', capacity: null });
    const minaCookie = await loginAgent(node.url, { email: 'mina@test.local', password: 'mina@test.local-pw-123' });
    const refused = await api(minaCookie, '/agents', 'POST', { name: 'X', email: 'x@test.local', password: 'x-password-123' });
    expect(refused.status).toBe(403);
    const names = ((await api(minaCookie, '/agents')).body.agents as Profile[]).map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['Admin', 'Mina Park']));
  });

  it('renames, promotes and sets capacity; every agent hears of it live', async () => {
    const jun = await create('Jun', 'jun@test.local');
    const watcher = await connect(node.url, '/agent', { cookie: admin });
    sockets.push(watcher);
    const heard = nextEvent<{ agent: Profile }>(watcher, 'agent.updated', (p) => p.agent.id === jun.id && p.agent.name === 'Jun Lee');
    const res = await api(admin, `/agents/${jun.id}`, 'PATCH', { name: 'Jun Lee', role: 'admin', capacity: 3 });
    expect(res.status).toBe(200);
    expect(res.body.agent).toMatchObject({ name: 'Jun Lee', role: 'admin', capacity: 3, initials: 'JL' });
    expect((await heard).agent.role).toBe('admin');
    const bad = await api(admin, `/agents/${jun.id}`, 'PATCH', { capacity: 0 });
    expect(bad.status).toBe(400);
    expect((await api(admin, '/agents/nobody-here', 'PATCH', { name: 'X' })).status).toBe(404);
  });

  it('deactivates an agent: their sockets close, they cannot sign in, their replies stay', async () => {
    const sam = await create('Sam', 'sam@test.local');
    const samCookie = await loginAgent(node.url, { email: 'sam@test.local', password: 'sam@test.local-pw-123' });
    const samSocket = await connect(node.url, '/agent', { cookie: samCookie });
    sockets.push(samSocket);
    const visitor = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    sockets.push(visitor);
    const first = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'hello' });
    const conversationId = (first.message as { conversationId: string }).conversationId;
    expect((await call(samSocket, 'agent:message', { conversationId, clientMsgId: clientMsgId(), text: 'Hi, Sam here' })).ok).toBe(true);

    const revoked = nextEvent(samSocket, 'session.revoked');
    const closed = new Promise((resolve) => samSocket.once('disconnect', resolve));
    const res = await api(admin, `/agents/${sam.id}`, 'PATCH', { active: false });
    expect(res.status).toBe(200);
    expect(res.body.agent).toMatchObject({ active: false });
    await revoked;
    await closed;
    expect((await api(samCookie, '/auth/me')).status).toBe(401);
    const again = await login('sam@test.local', 'sam@test.local-pw-123');
    expect(again.status).toBe(403);
    expect(again.body.error).toMatchObject({ code: 'forbidden', details: { reason: 'deactivated' } });
    // A wrong password says nothing about the account.
    expect((await login('sam@test.local', 'wrong-password')).status).toBe(401);

    const adminSocket = await connect(node.url, '/agent', { cookie: admin });
    sockets.push(adminSocket);
    const opened = await call(adminSocket, 'agent:open', { conversationId });
    const messages = opened.messages as { authorName: string | null; text: string }[];
    expect(messages.find((m) => m.text === 'Hi, Sam here')?.authorName).toBe('Sam');

    expect((await api(admin, `/agents/${sam.id}`, 'PATCH', { active: true })).status).toBe(200);
    expect((await login('sam@test.local', 'sam@test.local-pw-123')).status).toBe(200);
  });

  it('always keeps one active admin', async () => {
    const fresh = await startNode('embedded');
    try {
      const cookie = await loginAgent(fresh.url);
      const me = (await json(`${fresh.url}/api/v1/auth/me`, { headers: { cookie } })).body.agent as Profile;
      const patchMe = (body: unknown) =>
        json(`${fresh.url}/api/v1/agents/${me.id}`, { method: 'PATCH', headers: { cookie, 'x-parley-csrf': '1' }, body: JSON.stringify(body) });
      const demote = await patchMe({ role: 'agent' });
      expect(demote.status).toBe(409);
      expect(demote.body.error).toMatchObject({ code: 'conflict', details: { reason: 'last_admin' } });
      expect((await patchMe({ active: false })).status).toBe(409);
      expect((await json(`${fresh.url}/api/v1/auth/me`, { headers: { cookie } })).body.agent).toMatchObject({ role: 'admin', active: true });
    } finally {
      await fresh.dispose();
    }
  });

  it('resets a password: the old one and every session of that agent stop working', async () => {
    const lee = await create('Lee', 'lee@test.local');
    const leeCookie = await loginAgent(node.url, { email: 'lee@test.local', password: 'lee@test.local-pw-123' });
    expect((await api(leeCookie, `/agents/${lee.id}/password`, 'POST', { newPassword: 'lee-new-password' })).status).toBe(403);
    expect((await api(admin, `/agents/${lee.id}/password`, 'POST', { newPassword: 'short' })).status).toBe(400);
    expect((await api(admin, `/agents/${lee.id}/password`, 'POST', { newPassword: 'lee-new-password' })).status).toBe(200);
    expect((await api(leeCookie, '/auth/me')).status).toBe(401);
    expect((await login('lee@test.local', 'lee@test.local-pw-123')).status).toBe(401);
    expect((await login('lee@test.local', 'lee-new-password')).status).toBe(200);
  });

  it('lets an agent edit their own profile and preferences, and change their password knowing the old one', async () => {
    await create('Ana', 'ana@test.local');
    const cookie = await loginAgent(node.url, { email: 'ana@test.local', password: 'ana@test.local-pw-123' });
    const res = await api(cookie, '/auth/me', 'PATCH', {
      name: 'Ana Silva',
      initials: 'AS',
      signature: 'Ana, Acme support',
      availability: 'away',
      preferences: { sendKey: 'ctrl_enter' },
    });
    expect(res.status).toBe(200);
    expect(res.body.agent).toMatchObject({
      name: 'Ana Silva',
      initials: 'AS',
      signature: 'Ana, Acme support',
      availability: 'away',
      preferences: { sendKey: 'ctrl_enter', sound: true, desktopNotifications: false },
    });
    expect((await api(cookie, '/auth/me', 'PATCH', { role: 'admin' })).status).toBe(400);
    expect((await api(cookie, '/auth/me', 'PATCH', { initials: '<b>' })).status).toBe(400);
    const wrong = await api(cookie, '/auth/me/password', 'POST', { currentPassword: 'nope', newPassword: 'ana-new-password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ details: { field: 'currentPassword' } });
    expect((await api(cookie, '/auth/me/password', 'POST', { currentPassword: 'ana@test.local-pw-123', newPassword: 'ana-new-password' })).status).toBe(200);
    expect((await login('ana@test.local', 'ana-new-password')).status).toBe(200);
    // The first admin is still who ADMIN says (nothing above touched another account).
    expect((await login(ADMIN.email, ADMIN.password)).status).toBe(200);
  });
});
