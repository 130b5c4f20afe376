import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_EVENTS, VISITOR_EVENTS } from '@parley/protocol';
import { adapters } from '../support/adapters.ts';
import { call, clientMsgId, connect, loginAgent, newVisitorToken, nextEvent, record, startNode, type TestNode } from '../support/parley.ts';

type Summary = { id: string; number: number; status: string; lastSeq: number; lastMessagePreview: string; lastMessageAt: string };
type Ticket = { id: string; version: number; status: string };

/**
 * A visitor's several conversations: listed newest first with status and preview, each readable by id, a resolved
 * one continued or left for a new one, a message after closed starts a new one; typing both ways and seen receipts.
 */
describe.each(adapters())('visitor conversations, typing and seen ($adapter)', ({ adapter, mongoUri }) => {
  let node: TestNode;
  let agent: Socket;
  let visitor: Socket;
  let stranger: Socket;
  const sockets: Socket[] = [];

  const send = async (socket: Socket, text: string, extra: Record<string, unknown> = {}) => {
    const ack = await call(socket, VISITOR_EVENTS.send, { clientMsgId: clientMsgId(), text, ...extra });
    expect(ack, JSON.stringify(ack.error)).toMatchObject({ ok: true });
    return ack.message as { conversationId: string; seq: number };
  };
  const setStatus = async (conversationId: string, status: string) => {
    const opened = await call(agent, 'agent:open', { conversationId });
    const ticket = opened.conversation as Ticket;
    const ack = await call(agent, 'agent:update', { conversationId, version: ticket.version, status });
    expect(ack, JSON.stringify(ack.error)).toMatchObject({ ok: true });
  };
  const list = async (socket: Socket, payload: Record<string, unknown> = {}) => {
    const ack = await call(socket, VISITOR_EVENTS.conversations, payload);
    expect(ack, JSON.stringify(ack.error)).toMatchObject({ ok: true });
    return ack as unknown as { conversations: Summary[]; nextCursor: string | null };
  };

  beforeAll(async () => {
    node = await startNode(adapter, {}, mongoUri);
    agent = await connect(node.url, '/agent', { cookie: await loginAgent(node.url) });
    visitor = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    stranger = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    sockets.push(agent, visitor, stranger);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await node?.dispose();
  });

  it('lists nothing for a new visitor', async () => {
    expect(await list(visitor)).toEqual({ ok: true, conversations: [], nextCursor: null });
  });

  it('keeps a closed conversation listed and readable when the next message starts a new one', async () => {
    const first = await send(visitor, 'My order never arrived');
    await setStatus(first.conversationId, 'closed');
    const second = await send(visitor, 'Another question');
    expect(second.conversationId).not.toBe(first.conversationId);
    const { conversations } = await list(visitor);
    expect(conversations.map((c) => [c.id, c.status, c.lastMessagePreview])).toEqual([
      [second.conversationId, 'new', 'Another question'],
      [first.conversationId, 'closed', 'My order never arrived'],
    ]);
    const old = await call(visitor, VISITOR_EVENTS.sync, { conversationId: first.conversationId, afterSeq: 0 });
    expect((old.messages as Array<{ text: string }>).map((m) => m.text)).toEqual(['My order never arrived']);
  });

  it('continues a resolved conversation by writing in it, and starts a new one on request', async () => {
    const [current] = (await list(visitor)).conversations;
    await setStatus(current!.id, 'resolved');
    const again = await send(visitor, 'One more thing');
    expect(again.conversationId).toBe(current!.id); // reopened
    await setStatus(current!.id, 'resolved');
    const fresh = await send(visitor, 'A new topic', { newConversation: true });
    expect(fresh.conversationId).not.toBe(current!.id);
    const retry = await send(visitor, 'and a follow-up', { newConversation: true });
    expect(retry.conversationId).toBe(fresh.conversationId); // an active conversation is never split
    const { conversations } = await list(visitor);
    expect(conversations.map((c) => c.status)).toEqual(['new', 'closed', 'closed']);
    expect(conversations[1]!.id).toBe(current!.id);
  });

  it('pages by cursor without duplicates or gaps', async () => {
    const one = await list(visitor, { limit: 1 });
    expect(one.conversations).toHaveLength(1);
    const two = await list(visitor, { limit: 1, cursor: one.nextCursor });
    const rest = await list(visitor, { limit: 5, cursor: two.nextCursor });
    const all = [...one.conversations, ...two.conversations, ...rest.conversations].map((c) => c.id);
    expect(new Set(all).size).toBe(3);
    expect(rest.nextCursor).toBeNull();
    expect((await call(visitor, VISITOR_EVENTS.conversations, { cursor: 'bm90LWEtY3Vyc29y' })).error?.code).toBe('invalid_input');
  });

  it("shows nothing of another visitor's conversations: not_found by id, absent from the list", async () => {
    const [mine] = (await list(visitor)).conversations;
    expect((await list(stranger)).conversations).toEqual([]);
    const read = await call(stranger, VISITOR_EVENTS.sync, { conversationId: mine!.id, afterSeq: 0 });
    expect(read).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const typing = await call(stranger, VISITOR_EVENTS.typing, { conversationId: mine!.id });
    expect(typing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('relays the visitor typing to agents with the ticket open, throttled, never stored', async () => {
    const [mine] = (await list(visitor)).conversations;
    await call(agent, 'agent:open', { conversationId: mine!.id });
    const heard = record<{ conversationId: string; typing: boolean }>(agent, SERVER_EVENTS.visitorTyping);
    for (let i = 0; i < 5; i++) expect((await call(visitor, VISITOR_EVENTS.typing, { conversationId: mine!.id })).ok).toBe(true);
    await call(visitor, VISITOR_EVENTS.typing, { conversationId: mine!.id, typing: false });
    await new Promise((r) => setTimeout(r, 200));
    expect(heard).toEqual([
      { conversationId: mine!.id, typing: true },
      { conversationId: mine!.id, typing: false },
    ]);
    const opened = await call(agent, 'agent:open', { conversationId: mine!.id });
    expect((opened.messages as unknown[]).length).toBe(2);
  });

  it("tells the visitor that an agent is typing (by display name) and when it stops", async () => {
    const [mine] = (await list(visitor)).conversations;
    const typing = nextEvent<Record<string, unknown>>(visitor, SERVER_EVENTS.agentTyping, (p) => p['typing'] === true);
    await call(agent, 'agent:presence', { conversationId: mine!.id, state: 'viewing', composing: 'reply' });
    expect(Object.keys(await typing).sort()).toEqual(['conversationId', 'name', 'typing']);
    const stopped = nextEvent<Record<string, unknown>>(visitor, SERVER_EVENTS.agentTyping, (p) => p['typing'] === false);
    await call(agent, 'agent:presence', { conversationId: mine!.id, state: 'viewing', composing: null });
    expect(await stopped).toMatchObject({ conversationId: mine!.id, typing: false });
  });

  it('tells the visitor when an agent has seen their messages, only when the mark moves forward', async () => {
    const [mine] = (await list(visitor)).conversations;
    const seen = record<{ conversationId: string; seq: number }>(visitor, SERVER_EVENTS.conversationSeen);
    const first = nextEvent<{ conversationId: string; seq: number }>(visitor, SERVER_EVENTS.conversationSeen);
    await call(agent, 'agent:read', { conversationId: mine!.id, seq: 99 });
    expect(await first).toEqual({ conversationId: mine!.id, seq: mine!.lastSeq });
    await call(agent, 'agent:read', { conversationId: mine!.id, seq: 1 });
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toHaveLength(1);
    expect(seen).toHaveLength(1);
  });
});
