import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, clientMsgId, connect, loginAgent, newVisitorToken, startNode, type TestNode } from '../support/parley.ts';

type Draft = { conversationId: string; kind: string; text: string; seenSeq: number };

/** An agent's unsent reply lives on the server: another tab or device finds it; sending or clearing ends it. */
describe('drafts kept by the server', () => {
  let node: TestNode;
  let conversationId: string;
  let cookie: string;
  let visitor: Socket;
  const sockets: Socket[] = [];
  const open = async () => {
    const s = await connect(node.url, '/agent', { cookie });
    sockets.push(s);
    return s;
  };
  beforeAll(async () => {
    node = await startNode('embedded');
    cookie = await loginAgent(node.url);
    visitor = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    sockets.push(visitor);
    const first = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'help me' });
    conversationId = (first.message as { conversationId: string }).conversationId;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await node?.dispose();
  });

  it('survives the tab, is gone once sent, and a blank save deletes it', async () => {
    const laptop = await open();
    const seen = { seenSeq: 1, seenTicket: { assigneeId: null, status: 'new' } };
    const saved = await call(laptop, 'agent:draft', { conversationId, kind: 'reply', text: 'Let me check your order…', ...seen });
    expect(saved).toMatchObject({ ok: true, draft: { text: 'Let me check your order…', seenSeq: 1 } });
    await call(laptop, 'agent:draft', { conversationId, kind: 'note', text: 'VIP customer', ...seen });
    laptop.close();

    const phone = await open();
    const drafts = (await call(phone, 'agent:drafts', {})).drafts as Draft[];
    expect(drafts.filter((d) => d.conversationId === conversationId).map((d) => [d.kind, d.text]).sort()).toEqual([
      ['note', 'VIP customer'],
      ['reply', 'Let me check your order…'],
    ]);
    const sent = await call(phone, 'agent:message', { conversationId, clientMsgId: clientMsgId(), text: 'Let me check your order…', lastSeenSeq: 1 });
    expect(sent.ok).toBe(true);
    expect(((await call(phone, 'agent:drafts', { conversationId })).drafts as Draft[]).map((d) => d.kind)).toEqual(['note']);
    await call(phone, 'agent:draft', { conversationId, kind: 'note', text: '   ', ...seen });
    expect((await call(phone, 'agent:drafts', { conversationId })).drafts).toEqual([]);
  });

  it('keeps the draft when the send is refused as stale', async () => {
    const agent = await open();
    const seen = { seenSeq: 1, seenTicket: { assigneeId: null, status: 'new' } };
    await call(agent, 'agent:draft', { conversationId, kind: 'reply', text: 'written against an old view', ...seen });
    await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'never mind, found it' });
    const refused = await call(agent, 'agent:message', { conversationId, clientMsgId: clientMsgId(), text: 'written against an old view', lastSeenSeq: 1 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'stale_ticket' } });
    expect(((await call(agent, 'agent:drafts', { conversationId })).drafts as Draft[]).map((d) => d.text)).toEqual(['written against an old view']);
  });

  it('answers drafts only for tickets of the agent\'s desk', async () => {
    const agent = await open();
    const answer = await call(agent, 'agent:draft', { conversationId: 'nosuchticket', kind: 'reply', text: 'x', seenSeq: 0, seenTicket: { assigneeId: null, status: 'new' } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
