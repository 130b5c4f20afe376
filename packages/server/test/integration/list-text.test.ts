import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../support/adapters.ts';
import { call, clientMsgId, connect, loginAgent, newVisitorToken, nextEvent, startNode, type TestNode } from '../support/parley.ts';

type Conv = { id: string; subject: string; lastMessagePreview: string; version: number };
type Msg = { conversationId: string; text: string };

/**
 * Issue #8, hole 14, over the wire: whatever a visitor sends or an agent types as a subject, the agents' list
 * shows subjects and previews without bidi controls or zero-width characters, and the messages keep them.
 */
describe.each(adapters())('list subjects and previews hold no invisible controls ($adapter)', ({ adapter, mongoUri }) => {
  let node: TestNode;
  let agent: Socket;
  let visitor: Socket;
  let conversationId = '';

  beforeAll(async () => {
    node = await startNode(adapter, {}, mongoUri);
    agent = await connect(node.url, '/agent', { cookie: await loginAgent(node.url) });
    visitor = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
  });
  afterAll(async () => {
    agent?.close();
    visitor?.close();
    await node?.dispose();
  });

  const listed = async () => {
    const list = await call(agent, 'agent:conversations', { queue: 'all' });
    return (list.conversations as Conv[]).find((c) => c.id === conversationId)!;
  };

  it('derives a clean subject and preview from the visitor messages, and stores the messages as sent', async () => {
    const first = '\u200B\u2060\nRefund for invoice_\u202Egpj.exe\u202C please';
    const created = nextEvent<{ conversation: Conv }>(agent, 'conversation.created');
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: first });
    expect(sent.ok).toBe(true);
    conversationId = (sent.message as Msg).conversationId;
    expect((await created).conversation.subject).toBe('Refund for invoice_gpj.exe please');

    const second = 'Pay\u200BPal says 👨\u200D👩\u200D👧 \u2067이체 완료\u2069';
    expect((await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: second })).ok).toBe(true);
    expect(await listed()).toMatchObject({ subject: 'Refund for invoice_gpj.exe please', lastMessagePreview: 'PayPal says 👨👩👧 이체 완료' });

    const opened = await call(agent, 'agent:open', { conversationId });
    expect((opened.messages as Msg[]).map((m) => m.text)).toEqual([first.trim(), second]);
  });

  it("cleans an agent's subject edit, and refuses one with nothing visible", async () => {
    const { version } = await listed();
    const edited = await call(agent, 'agent:update', { conversationId, version, subject: 'VIP \u202Etnegru\u202C \u200Bcustomer' });
    expect(edited.ok).toBe(true);
    expect((edited.conversation as Conv).subject).toBe('VIP tnegru customer');
    expect((await listed()).subject).toBe('VIP tnegru customer');

    const invisible = await call(agent, 'agent:update', { conversationId, version: (edited.conversation as Conv).version, subject: '\u202E\u200B\u2066' });
    expect(invisible).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await listed()).subject).toBe('VIP tnegru customer');
  });
});
