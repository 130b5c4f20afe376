import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordMessage } from '../../src/domain/record-message.ts';
import { newId } from '../../src/lib/ids.ts';
import { adapters } from '../support/adapters.ts';
import { call, clientMsgId, connect, loginAgent, newVisitorToken, nextEvent, record, startNode, type TestNode } from '../support/parley.ts';

type Msg = { id: string; seq: number; text: string; conversationId: string };
type Conv = { id: string; status: string; version: number };

/**
 * The event log is the outbox: a change committed by a writer that died before its fan-out (simulated here by
 * committing straight into the store, so no node ever publishes it) still reaches every agent and the visitor,
 * through the sweep, exactly as if it had been published.
 */
describe.each(adapters())('outbox: committed but never published ($adapter)', ({ adapter, mongoUri }) => {
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

  it('delivers a message and the rule it triggered that no writer published, once, within seconds', async () => {
    const agent = track(await connect(node.url, '/agent', { cookie }));
    const token = await newVisitorToken(node.url);
    const visitor = track(await connect(node.url, '/visitor', { token }));
    const first = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'first' });
    const conversationId = (first.message as Msg).conversationId;
    await call(agent, 'agent:open', { conversationId });
    const current = await node.parley.store.getConversation(conversationId);
    const resolved = await node.parley.store.updateConversation(conversationId, current!.version, { status: 'resolved' }, new Date().toISOString(), []);
    expect(resolved?.status).toBe('resolved');

    const agentMessages = record<{ message: Msg }>(agent, 'message.created');
    const agentUpdates = record<{ conversations: Conv[] }>(agent, 'conversations.updated');
    const atVisitor = nextEvent<{ message: Msg }>(visitor, 'message.created', (p) => p.message.text === 'lost writer', 10_000);
    const outcome = await node.parley.store.commitMessage({
      message: { id: newId(), conversationId, clientMsgId: clientMsgId(), type: 'visitor', authorId: (first.message as { authorId: string }).authorId, authorName: null, text: 'lost writer', attachments: [], createdAt: new Date().toISOString() },
      decide: recordMessage,
    });
    expect(outcome.status).toBe('committed');
    expect((await atVisitor).message.seq).toBe(2);
    await expect.poll(() => agentMessages.map((p) => p.message.text), { timeout: 10_000 }).toEqual(['lost writer']);
    // the reopen that the message caused reaches the desk too
    await expect.poll(() => agentUpdates.some((p) => p.conversations.some((c) => c.id === conversationId && c.status === 'open')), { timeout: 10_000 }).toBe(true);
    // acknowledged after the sweep: never delivered a second time
    await new Promise((r) => setTimeout(r, 3500));
    expect(agentMessages).toHaveLength(1);
  });

  it('does not echo a message to the socket that sent it; its other tabs and the agents get it once', async () => {
    const agent = track(await connect(node.url, '/agent', { cookie }));
    const token = await newVisitorToken(node.url);
    const visitor = track(await connect(node.url, '/visitor', { token }));
    const otherTab = track(await connect(node.url, '/visitor', { token }));
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'hello' });
    await call(agent, 'agent:open', { conversationId: (sent.message as Msg).conversationId });
    const echoes = record<{ message: Msg }>(visitor, 'message.created');
    const tabs = record<{ message: Msg }>(otherTab, 'message.created');
    const agents = record<{ message: Msg }>(agent, 'message.created');
    await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'again' });
    await expect.poll(() => tabs.length + agents.length, { timeout: 5000 }).toBe(2);
    await new Promise((r) => setTimeout(r, 3500)); // past the outbox's grace: the sweep must not deliver it again
    expect(echoes).toEqual([]);
    expect(tabs.map((p) => p.message.text)).toEqual(['again']);
    expect(agents.map((p) => p.message.text)).toEqual(['again']);
  });
});
