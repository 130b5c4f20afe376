import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../support/adapters.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken, nextEvent, record, startNode, type TestNode } from '../support/parley.ts';

type Msg = { id: string; seq: number; text: string; type: string; conversationId: string; clientMsgId: string };
type Conv = { id: string; number: number; status: string; assigneeId: string | null; version: number; lastSeq: number };

describe.each(adapters())('conversation flow ($adapter)', ({ adapter, mongoUri }) => {
  let node: TestNode;
  let cookie: string;
  const sockets: Socket[] = [];
  const track = (s: Socket) => (sockets.push(s), s);

  beforeAll(async () => {
    node = await startNode(adapter, {}, mongoUri);
    cookie = await loginAgent(node.url);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await node?.dispose();
  });

  it('turns a visitor message into a ticket that the agent sees live, and the reply reaches the visitor', async () => {
    const agent = track(await connect(node.url, '/agent', { cookie }));
    const token = await newVisitorToken(node.url);
    const visitor = track(await connect(node.url, '/visitor', { token }));
    const otherTab = track(await connect(node.url, '/visitor', { token }));

    const created = nextEvent<{ conversation: Conv }>(agent, 'conversation.created');
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: '  Where is my order?  ' });
    expect(sent.ok).toBe(true);
    const message = sent.message as Msg;
    expect(message).toMatchObject({ seq: 1, text: 'Where is my order?', type: 'visitor' });
    const { conversation } = await created;
    expect(conversation).toMatchObject({ id: message.conversationId, status: 'new', assigneeId: null });
    expect(conversation.number).toBeGreaterThanOrEqual(1);

    const opened = await call(agent, 'agent:open', { conversationId: conversation.id });
    expect(opened.ok).toBe(true);
    expect((opened.messages as Msg[]).map((m) => m.text)).toEqual(['Where is my order?']);
    expect(opened.contact).not.toHaveProperty('tokenHash');

    const atVisitor = nextEvent<{ message: Msg }>(visitor, 'message.created', (p) => p.message.type === 'agent');
    const atOtherTab = nextEvent<{ message: Msg }>(otherTab, 'message.created', (p) => p.message.type === 'agent');
    const reply = await call(agent, 'agent:message', { conversationId: conversation.id, clientMsgId: clientMsgId(), text: 'It ships today.', lastSeenSeq: 1 });
    expect(reply.ok).toBe(true);
    expect((reply.conversation as Conv)).toMatchObject({ status: 'open' });
    expect((await atVisitor).message).toMatchObject({ seq: 2, text: 'It ships today.' });
    expect((await atOtherTab).message.seq).toBe(2);

    // first reply on an unassigned ticket assigns it to the replying agent
    const ticket = await call(agent, 'agent:open', { conversationId: conversation.id });
    const me = await json(`${node.url}/api/v1/auth/me`, { headers: { cookie } });
    expect((ticket.conversation as Conv).assigneeId).toBe((me.body.agent as { id: string }).id);
  });

  it('never shows internal notes to the visitor', async () => {
    const agent = track(await connect(node.url, '/agent', { cookie }));
    const token = await newVisitorToken(node.url);
    const visitor = track(await connect(node.url, '/visitor', { token }));
    const seen = record<{ message: Msg }>(visitor, 'message.created');
    const first = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'hi' });
    const conversationId = (first.message as Msg).conversationId;
    const note = await call(agent, 'agent:message', { conversationId, clientMsgId: clientMsgId(), text: 'VIP customer', type: 'note' });
    expect(note.ok).toBe(true);
    const hello = nextEvent(visitor, 'message.created', (p: { message: Msg }) => p.message.text === 'Hello!');
    expect((await call(agent, 'agent:message', { conversationId, clientMsgId: clientMsgId(), text: 'Hello!', lastSeenSeq: 2 })).ok).toBe(true);
    await hello;
    expect(seen.map((p) => p.message.type)).not.toContain('note');
    const resumed = await call(visitor, 'visitor:resume', { afterSeq: 0 });
    expect((resumed.messages as Msg[]).map((m) => m.text)).toEqual(['hi', 'Hello!']);
    const synced = await call(visitor, 'visitor:sync', { conversationId, afterSeq: 0 });
    expect((synced.messages as Msg[]).map((m) => m.type)).toEqual(['visitor', 'agent']);
  });

  it('stores and broadcasts one message for ten retries of one clientMsgId', async () => {
    const agent = track(await connect(node.url, '/agent', { cookie }));
    const token = await newVisitorToken(node.url);
    const visitor = track(await connect(node.url, '/visitor', { token }));
    const first = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'start' });
    const conversationId = (first.message as Msg).conversationId;
    await call(agent, 'agent:open', { conversationId });
    const atAgent = record<{ message: Msg }>(agent, 'message.created');
    const id = clientMsgId();
    const acks = await Promise.all(Array.from({ length: 10 }, () => call(visitor, 'visitor:message', { clientMsgId: id, text: 'retry me' })));
    expect(acks.every((a) => a.ok)).toBe(true);
    expect(new Set(acks.map((a) => (a.message as Msg).id)).size).toBe(1);
    const after = nextEvent(agent, 'message.created', (p: { message: Msg }) => p.message.text === 'after');
    await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'after' });
    await after;
    expect(atAgent.map((p) => p.message.text)).toEqual(['retry me', 'after']);
    const all = await call(visitor, 'visitor:resume', {});
    expect((all.messages as Msg[]).map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('keeps one conversation when two tabs start a chat at the same moment', async () => {
    const token = await newVisitorToken(node.url);
    const tabA = track(await connect(node.url, '/visitor', { token }));
    const tabB = track(await connect(node.url, '/visitor', { token }));
    const [a, b] = await Promise.all([
      call(tabA, 'visitor:message', { clientMsgId: clientMsgId(), text: 'from A' }),
      call(tabB, 'visitor:message', { clientMsgId: clientMsgId(), text: 'from B' }),
    ]);
    expect(a.ok && b.ok).toBe(true);
    expect((a.message as Msg).conversationId).toBe((b.message as Msg).conversationId);
    expect([(a.message as Msg).seq, (b.message as Msg).seq].sort()).toEqual([1, 2]);
  });

  it('refuses a reply written against a stale view, and sends it when forced', async () => {
    const agentA = track(await connect(node.url, '/agent', { cookie }));
    const agentB = track(await connect(node.url, '/agent', { cookie: await loginAgent(node.url) }));
    const token = await newVisitorToken(node.url);
    const visitor = track(await connect(node.url, '/visitor', { token }));
    const first = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'help' });
    const conversationId = (first.message as Msg).conversationId;
    await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'anyone?' });
    // agent B still looks at seq 1: the visitor's second message landed since
    const stale = await call(agentB, 'agent:message', { conversationId, clientMsgId: clientMsgId(), text: 'Hi', lastSeenSeq: 1 });
    expect(stale.ok).toBe(false);
    expect(stale.error?.code).toBe('stale_ticket');
    expect((stale.error?.details as { missed: Msg[] }).missed.map((m) => m.text)).toEqual(['anyone?']);
    const forced = await call(agentB, 'agent:message', { conversationId, clientMsgId: clientMsgId(), text: 'Hi', lastSeenSeq: 1, force: true });
    expect(forced.ok).toBe(true);
    const fine = await call(agentA, 'agent:message', { conversationId, clientMsgId: clientMsgId(), text: 'note', type: 'note', lastSeenSeq: 0 });
    expect(fine.ok).toBe(true); // notes are never stale
  });

  it('updates a ticket with optimistic versioning: the second agent at an old version gets conflict', async () => {
    const agentA = track(await connect(node.url, '/agent', { cookie }));
    const agentB = track(await connect(node.url, '/agent', { cookie }));
    const token = await newVisitorToken(node.url);
    const visitor = track(await connect(node.url, '/visitor', { token }));
    const first = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'billing question' });
    const conversationId = (first.message as Msg).conversationId;
    const opened = await call(agentA, 'agent:open', { conversationId });
    const version = (opened.conversation as Conv).version;
    const updatedEvent = nextEvent<{ conversations: Conv[] }>(agentB, 'conversations.updated', (p) => p.conversations.some((c) => c.id === conversationId && c.status === 'pending'));
    const a = await call(agentA, 'agent:update', { conversationId, version, status: 'pending', priority: 'high' });
    expect(a.ok).toBe(true);
    expect(a.conversation).toMatchObject({ status: 'pending', priority: 'high', version: version + 1 });
    await updatedEvent;
    const b = await call(agentB, 'agent:update', { conversationId, version, status: 'resolved' });
    expect(b.error?.code).toBe('conflict');
    const bad = await call(agentB, 'agent:update', { conversationId, version: version + 1, assigneeId: 'nobody-like-this' });
    expect(bad.error?.code).toBe('invalid_input');
    // a visitor reply reopens a pending ticket
    const reopened = nextEvent<{ conversations: Conv[] }>(agentB, 'conversations.updated', (p) => p.conversations.some((c) => c.id === conversationId && c.status === 'open'));
    await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'still there?' });
    await reopened;
  });

  it('lists queues over REST and socket', async () => {
    const token = await newVisitorToken(node.url);
    const visitor = track(await connect(node.url, '/visitor', { token }));
    const first = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'queue me' });
    const conversationId = (first.message as Msg).conversationId;
    const rest = await json(`${node.url}/api/v1/conversations?queue=unassigned`, { headers: { cookie } });
    expect(rest.status).toBe(200);
    expect((rest.body.conversations as Conv[]).map((c) => c.id)).toContain(conversationId);
    const agent = track(await connect(node.url, '/agent', { cookie }));
    const mine = await call(agent, 'agent:conversations', { queue: 'mine' });
    expect((mine.conversations as Conv[]).map((c) => c.id)).not.toContain(conversationId);
    const one = await json(`${node.url}/api/v1/conversations/${conversationId}`, { headers: { cookie } });
    expect((one.body.messages as Msg[])[0]?.text).toBe('queue me');
    const reply = await json(`${node.url}/api/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { cookie, 'x-parley-csrf': '1' },
      body: JSON.stringify({ clientMsgId: clientMsgId(), text: 'Answer over REST' }),
    });
    expect(reply.status).toBe(201);
    expect((reply.body.message as Msg).seq).toBe(2);
  });

  it('keeps tickets, messages and the visitor conversation across a restart', async () => {
    const token = await newVisitorToken(node.url);
    const visitor = await connect(node.url, '/visitor', { token });
    const first = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'before restart' });
    expect(first.ok).toBe(true);
    visitor.close();
    node = await node.restart();
    cookie = await loginAgent(node.url);
    const again = track(await connect(node.url, '/visitor', { token }));
    const resumed = await call(again, 'visitor:resume', { afterSeq: 0 });
    expect((resumed.messages as Msg[]).map((m) => m.text)).toEqual(['before restart']);
    const more = await call(again, 'visitor:message', { clientMsgId: clientMsgId(), text: 'after restart' });
    expect((more.message as Msg).seq).toBe(2);
    expect((more.message as Msg).conversationId).toBe((first.message as Msg).conversationId);
  });
});
