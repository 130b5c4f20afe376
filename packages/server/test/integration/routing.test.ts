import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../support/adapters.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken, nextEvent, startNode, type TestNode } from '../support/parley.ts';

type Ticket = { id: string; status: string; version: number; assigneeId: string | null; teamId: string | null };
type Position = { conversationId: string; position: number | null };

const waitFor = async <T,>(read: () => Promise<T>, done: (value: T) => boolean, ms = 8000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
};

/**
 * Round robin with capacity: three agents who can each take one ticket, five customers. Three get an agent at once,
 * two wait and see their place in line; freed seats go to the line in arrival order; an agent who goes offline hands
 * their tickets back (a desk setting).
 */
describe('routing', () => {
  let node: TestNode;
  let admin: string;
  const sockets: Socket[] = [];
  const agents: { id: string; cookie: string; socket: Socket }[] = [];
  const visitors: { socket: Socket; conversationId: string; positions: Position[] }[] = [];
  const api = (cookie: string, path: string, method = 'GET', body?: unknown) =>
    json(`${node.url}/api/v1${path}`, { method, headers: { cookie, 'x-parley-csrf': '1' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const ticket = async (conversationId: string) => (await call(agents[0]!.socket, 'agent:open', { conversationId })).conversation as Ticket;
  const setRouting = async (routing: Record<string, unknown>) => {
    const current = (await api(admin, '/settings/desk')).body.settings as { version: number };
    expect((await api(admin, '/settings/desk', 'PATCH', { version: current.version, routing })).status).toBe(200);
  };

  beforeAll(async () => {
    node = await startNode('embedded', { ROUTING_GRACE_SECONDS: '1' });
    admin = await loginAgent(node.url);
    // The admin stays away: routing must not give them tickets.
    expect((await api(admin, '/auth/me', 'PATCH', { availability: 'away' })).status).toBe(200);
    for (const name of ['ann', 'bo', 'cy']) {
      const created = await api(admin, '/agents', 'POST', { name, email: `${name}@test.local`, password: `${name}-password-1` });
      const { id } = created.body.agent as { id: string };
      expect((await api(admin, `/agents/${id}`, 'PATCH', { capacity: 1 })).status).toBe(200);
      const cookie = await loginAgent(node.url, { email: `${name}@test.local`, password: `${name}-password-1` });
      const socket = await connect(node.url, '/agent', { cookie });
      sockets.push(socket);
      agents.push({ id, cookie, socket });
    }
    await setRouting({ mode: 'round_robin', reassignWhenOffline: true });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await node?.dispose();
  });

  it('gives each of three agents one ticket and lines up the other two customers', async () => {
    for (let i = 0; i < 5; i++) {
      const socket = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
      sockets.push(socket);
      const positions: Position[] = [];
      socket.on('conversation.queue', (p: Position) => positions.push(p));
      const sent = await call(socket, 'visitor:message', { clientMsgId: clientMsgId(), text: `customer ${i}` });
      visitors.push({ socket, conversationId: (sent.message as { conversationId: string }).conversationId, positions });
      await new Promise((r) => setTimeout(r, 30)); // distinct arrival times
    }
    const tickets = await waitFor(
      () => Promise.all(visitors.map((v) => ticket(v.conversationId))),
      (ts) => ts.filter((t) => t.assigneeId).length === 3,
    );
    const assignees = tickets.slice(0, 3).map((t) => t.assigneeId);
    expect(new Set(assignees)).toEqual(new Set(agents.map((a) => a.id)));
    expect(tickets.slice(0, 3).every((t) => t.status === 'open')).toBe(true);
    expect(tickets.slice(3).map((t) => t.assigneeId)).toEqual([null, null]);
    await waitFor(async () => visitors[4]!.positions.at(-1), (p) => p?.position === 2);
    expect(visitors[3]!.positions.at(-1)).toEqual({ conversationId: visitors[3]!.conversationId, position: 1 });
    expect(visitors[4]!.positions.at(-1)).toEqual({ conversationId: visitors[4]!.conversationId, position: 2 });
  });

  it('gives a freed seat to the first in line; the resolved customer coming back gets the same agent', async () => {
    const first = await ticket(visitors[0]!.conversationId);
    const owner = agents.find((a) => a.id === first.assigneeId)!;
    const toNext = nextEvent<Position>(visitors[3]!.socket, 'conversation.queue', (p) => p.position === null);
    expect((await call(owner.socket, 'agent:update', { conversationId: first.id, version: first.version, status: 'resolved' })).ok).toBe(true);
    await toNext;
    expect((await ticket(visitors[3]!.conversationId)).assigneeId).toBe(owner.id);
    await waitFor(async () => visitors[4]!.positions.at(-1), (p) => p?.position === 1);
    expect(visitors[4]!.positions.at(-1)?.position).toBe(1);

    await call(visitors[0]!.socket, 'visitor:message', { clientMsgId: clientMsgId(), text: 'one more thing' });
    expect(await ticket(visitors[0]!.conversationId)).toMatchObject({ status: 'open', assigneeId: owner.id });
  });

  it('hands back the tickets of an agent who goes offline; they wait in arrival order', async () => {
    const held = (await ticket(visitors[1]!.conversationId)).assigneeId;
    const leaving = agents.find((a) => a.id === held)!;
    expect((await api(leaving.cookie, '/auth/me', 'PATCH', { availability: 'offline' })).status).toBe(200);
    const back = await waitFor(() => ticket(visitors[1]!.conversationId), (t) => t.assigneeId === null);
    expect(back.assigneeId).toBeNull();
    const lines = (await call(agents[0]!.socket, 'agent:open', { conversationId: back.id })).activity as { cause: string; changes: { assigneeId?: { to: string | null } } }[];
    expect(lines.at(-1)).toMatchObject({ cause: 'routing', changes: { assigneeId: { to: null } } });
    // Nobody has a free seat: the returned ticket, older, is ahead of the last customer.
    await waitFor(async () => visitors[4]!.positions.at(-1), (p) => p?.position === 2);
    expect(visitors[4]!.positions.at(-1)?.position).toBe(2);
    expect(visitors[1]!.positions.at(-1)?.position).toBe(1);
  });

  it('treats an agent whose tabs all closed as gone once the grace period is over', async () => {
    const held = (await ticket(visitors[2]!.conversationId)).assigneeId;
    const closing = agents.find((a) => a.id === held)!;
    closing.socket.close();
    const released = await waitFor(() => ticket(visitors[2]!.conversationId), (t) => t.assigneeId === null, 8000);
    expect(released.assigneeId).toBeNull();
  });
});

const REDIS_URL = process.env.PARLEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.each(adapters().filter((a) => a.adapter === 'mongo'))('routing on two nodes (MongoDB + Redis)', ({ mongoUri }) => {
  let a: TestNode;
  let b: TestNode;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    a = await startNode('mongo', { REDIS_URL, ROUTING_GRACE_SECONDS: '1' }, mongoUri);
    b = await startNode('embedded', { REDIS_URL, ROUTING_GRACE_SECONDS: '1', MONGODB_URI: a.config.mongodbUri! });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await b?.dispose();
    await a?.dispose();
  });

  it('routes a ticket that arrives on one node to an agent connected only to the other, and tells the waiting visitor', async () => {
    const admin = await loginAgent(a.url);
    const api = (path: string, method = 'GET', body?: unknown) =>
      json(`${a.url}/api/v1${path}`, { method, headers: { cookie: admin, 'x-parley-csrf': '1' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    expect((await api('/auth/me', 'PATCH', { availability: 'away' })).status).toBe(200);
    const created = await api('/agents', 'POST', { name: 'Dee', email: 'dee@test.local', password: 'dee-password-1' });
    const dee = (created.body.agent as { id: string }).id;
    await api(`/agents/${dee}`, 'PATCH', { capacity: 1 });
    const settings = (await api('/settings/desk')).body.settings as { version: number };
    expect((await api('/settings/desk', 'PATCH', { version: settings.version, routing: { mode: 'least_loaded' } })).status).toBe(200);
    const deeOnB = await connect(b.url, '/agent', { cookie: await loginAgent(b.url, { email: 'dee@test.local', password: 'dee-password-1' }) });
    sockets.push(deeOnB);

    const first = await connect(a.url, '/visitor', { token: await newVisitorToken(a.url) });
    const second = await connect(a.url, '/visitor', { token: await newVisitorToken(a.url) });
    sockets.push(first, second);
    const sent = await call(first, 'visitor:message', { clientMsgId: clientMsgId(), text: 'hello from node A' });
    const conversationId = (sent.message as { conversationId: string }).conversationId;
    const waiting = nextEvent<Position>(second, 'conversation.queue', (p) => p.position === 1, 6000);
    const adminOnA = await connect(a.url, '/agent', { cookie: admin });
    sockets.push(adminOnA);
    const routed = await waitFor(
      async () => (await call(adminOnA, 'agent:open', { conversationId })).conversation as Ticket,
      (t) => t.assigneeId === dee,
    );
    expect(routed.assigneeId).toBe(dee);
    await call(second, 'visitor:message', { clientMsgId: clientMsgId(), text: 'me too' });
    expect((await waiting).position).toBe(1);
  });
});
