import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_EVENTS, SERVER_EVENTS, type TicketPresence } from '@parley/protocol';
import { adapters } from '../support/adapters.ts';
import {
  call,
  clientMsgId,
  connect,
  json,
  loginAgent,
  newVisitorToken,
  nextEvent,
  nextPresence,
  startNode,
  startNodePair,
  type TestNode,
} from '../support/parley.ts';

type Msg = { authorName: string | null; text: string };
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MINA = { email: 'mina@rename.test', password: 'mina password 1' };

async function addMina(node: TestNode): Promise<string> {
  const adminCookie = await loginAgent(node.url);
  const created = await json(`${node.url}/api/v1/agents`, {
    method: 'POST',
    headers: { cookie: adminCookie, 'x-parley-csrf': '1' },
    body: JSON.stringify({ name: 'Mina', ...MINA }),
  });
  expect(created.status).toBe(201);
  return loginAgent(node.url, MINA);
}

async function rename(node: TestNode, cookie: string, name: string): Promise<void> {
  const saved = await json(`${node.url}/api/v1/auth/me`, { method: 'PATCH', headers: { cookie, 'x-parley-csrf': '1' }, body: JSON.stringify({ name }) });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
}

const named = (name: string) => (p: TicketPresence) => p.agents.some((a) => a.name === name);

/**
 * An agent who renames themselves (Settings → Profile) is known by the new name at once on every socket they have
 * open: their next reply, the visitor's "… is typing" and the presence colleagues see, without reconnecting.
 */
describe.each(adapters())('an agent renamed while connected ($adapter)', ({ adapter, mongoUri }) => {
  let node: TestNode;
  let minaCookie: string;
  let tab1: Socket;
  let tab2: Socket;
  let colleague: Socket;
  let visitor: Socket;
  let conversationId: string;
  const sockets: Socket[] = [];
  const track = (s: Socket) => (sockets.push(s), s);

  beforeAll(async () => {
    node = await startNode(adapter, {}, mongoUri);
    minaCookie = await addMina(node);
    tab1 = track(await connect(node.url, '/agent', { cookie: minaCookie }));
    tab2 = track(await connect(node.url, '/agent', { cookie: minaCookie }));
    colleague = track(await connect(node.url, '/agent', { cookie: await loginAgent(node.url) }));
    visitor = track(await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) }));
    const first = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'where is my order?' });
    conversationId = (first.message as { conversationId: string }).conversationId;
    expect(await call(colleague, AGENT_EVENTS.open, { conversationId })).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await node?.dispose();
  });

  it('replies, tells the visitor they type and shows colleagues their presence under the new name', async () => {
    const seenOld = nextPresence(colleague, conversationId, named('Mina'), 2000);
    await call(tab1, AGENT_EVENTS.presence, { conversationId, state: 'viewing', composing: null });
    await seenOld;

    await rename(node, minaCookie, 'Mina Park');

    // The same state again (a heartbeat): colleagues hear the new name.
    const seenNew = nextPresence(colleague, conversationId, named('Mina Park'), 2000);
    await call(tab1, AGENT_EVENTS.presence, { conversationId, state: 'viewing', composing: null });
    expect((await seenNew).agents).toEqual([expect.objectContaining({ name: 'Mina Park' })]);

    const typing = nextEvent<{ name: string; typing: boolean }>(visitor, SERVER_EVENTS.agentTyping, (p) => p.typing, 2000);
    await call(tab2, AGENT_EVENTS.presence, { conversationId, state: 'viewing', composing: 'reply' });
    expect((await typing).name).toBe('Mina Park');

    const toVisitor = nextEvent<{ message: Msg }>(visitor, SERVER_EVENTS.messageCreated, (p) => p.message.text === 'It ships today', 2000);
    const toColleague = nextEvent<{ message: Msg }>(colleague, SERVER_EVENTS.messageCreated, (p) => p.message.text === 'It ships today', 2000);
    const sent = await call(tab2, AGENT_EVENTS.send, { conversationId, clientMsgId: clientMsgId(), type: 'agent', text: 'It ships today' });
    expect(sent, JSON.stringify(sent)).toMatchObject({ ok: true, message: { authorName: 'Mina Park' } });
    expect((await toVisitor).message.authorName).toBe('Mina Park');
    expect((await toColleague).message.authorName).toBe('Mina Park');
  });
});

describe.each(adapters().filter((a) => a.adapter === 'mongo'))('an agent renamed on another node (MongoDB + Redis)', ({ mongoUri }) => {
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

  it('the sockets on the other node reply under the new name', async () => {
    const minaOnA = await addMina(a);
    const minaOnB = await connect(b.url, '/agent', { cookie: await loginAgent(b.url, MINA) });
    const colleagueOnA = await connect(a.url, '/agent', { cookie: await loginAgent(a.url) });
    const visitorOnB = await connect(b.url, '/visitor', { token: await newVisitorToken(b.url) });
    sockets.push(minaOnB, colleagueOnA, visitorOnB);
    const first = await call(visitorOnB, 'visitor:message', { clientMsgId: clientMsgId(), text: 'hello?' });
    const conversationId = (first.message as { conversationId: string }).conversationId;

    await rename(a, minaOnA, 'Mina Park');

    // The other node hears of it through Redis: within a heartbeat or two, never the old name for good.
    const seenNew = nextPresence(colleagueOnA, conversationId, named('Mina Park'), 3000);
    let heard = false;
    void seenNew.then(() => (heard = true), () => undefined);
    for (let i = 0; i < 20 && !heard; i++) {
      await call(minaOnB, AGENT_EVENTS.presence, { conversationId, state: 'viewing', composing: null });
      await pause(100);
    }
    await seenNew;
    const sent = await call(minaOnB, AGENT_EVENTS.send, { conversationId, clientMsgId: clientMsgId(), type: 'agent', text: 'On it' });
    expect(sent, JSON.stringify(sent)).toMatchObject({ ok: true, message: { authorName: 'Mina Park' } });
  });
});
