import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../support/adapters.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken, nextEvent, record, startNode, type TestNode } from '../support/parley.ts';

type Mention = { id: string; conversationId: string; number: number; excerpt: string; byAgentId: string; seq: number };

/** A note that mentions a colleague reaches every tab of theirs, once; read marks say what each agent has seen. */
describe.each(adapters())('mentions and read marks ($adapter)', ({ adapter, mongoUri }) => {
  let node: TestNode;
  let admin: Socket;
  let minaTabs: Socket[];
  let minaId: string;
  let adminId: string;
  let minaCookie: string;
  let conversationId: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    node = await startNode(adapter, {}, mongoUri);
    const cookie = await loginAgent(node.url);
    const headers = { cookie, 'x-parley-csrf': '1' };
    adminId = ((await json(`${node.url}/api/v1/auth/me`, { headers })).body.agent as { id: string }).id;
    const created = await json(`${node.url}/api/v1/agents`, { method: 'POST', headers, body: JSON.stringify({ name: 'Mina', email: 'mina@test.local', password: 'mina-password-1' }) });
    minaId = (created.body.agent as { id: string }).id;
    minaCookie = await loginAgent(node.url, { email: 'mina@test.local', password: 'mina-password-1' });
    admin = await connect(node.url, '/agent', { cookie });
    minaTabs = [await connect(node.url, '/agent', { cookie: minaCookie }), await connect(node.url, '/agent', { cookie: minaCookie })];
    const visitor = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    sockets.push(admin, ...minaTabs, visitor);
    const first = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'I need a refund' });
    conversationId = (first.message as { conversationId: string }).conversationId;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await node?.dispose();
  });

  it('notifies every tab of the mentioned agent once, not the writer, even when the note is sent twice', async () => {
    const heard = minaTabs.map((tab) => record<{ mention: Mention }>(tab, 'mention.created'));
    const adminHeard = record(admin, 'mention.created');
    const arrived = minaTabs.map((tab) => nextEvent<{ mention: Mention }>(tab, 'mention.created'));
    const note = { conversationId, clientMsgId: clientMsgId(), type: 'note', text: '@Mina can you approve this refund?', mentions: [minaId, minaId, adminId] };
    const sent = await call(admin, 'agent:message', note);
    expect(sent, JSON.stringify(sent.error)).toMatchObject({ ok: true });
    expect((await call(admin, 'agent:message', note)).ok).toBe(true); // a retry of the same note
    const [one] = await Promise.all(arrived);
    expect(one!.mention).toMatchObject({ conversationId, number: 1, byAgentId: adminId, excerpt: '@Mina can you approve this refund?', seq: 2 });
    await new Promise((r) => setTimeout(r, 300));
    expect(heard.map((h) => h.length)).toEqual([1, 1]);
    expect(adminHeard).toEqual([]);

    const missed = await json(`${node.url}/api/v1/mentions`, { headers: { cookie: minaCookie, 'x-parley-csrf': '1' } });
    expect((missed.body.mentions as Mention[]).map((m) => m.excerpt)).toEqual(['@Mina can you approve this refund?']);
  });

  it('refuses mentions in a reply, of strangers, and of deactivated agents, storing nothing', async () => {
    const reply = await call(admin, 'agent:message', { conversationId, clientMsgId: clientMsgId(), text: 'hi', mentions: [minaId] });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const stranger = await call(admin, 'agent:message', { conversationId, clientMsgId: clientMsgId(), type: 'note', text: 'x', mentions: ['nobody'] });
    expect(stranger).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const hostile = await call(admin, 'agent:message', { conversationId, clientMsgId: clientMsgId(), type: 'note', text: 'x', mentions: [{ $gt: '' }] });
    expect(hostile).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const opened = await call(admin, 'agent:open', { conversationId });
    expect((opened.messages as unknown[]).length).toBe(2);
  });

  it('keeps read marks per agent, only forward, never beyond the ticket', async () => {
    const [tab] = minaTabs;
    expect(await call(tab!, 'agent:read', { conversationId, seq: 1 })).toMatchObject({ ok: true });
    expect((await call(tab!, 'agent:reads', { conversationIds: [conversationId, 'unknown-ticket'] })).reads).toEqual([{ conversationId, seq: 1 }]);
    await call(tab!, 'agent:read', { conversationId, seq: 99 });
    expect((await call(tab!, 'agent:reads', { conversationIds: [conversationId] })).reads).toEqual([{ conversationId, seq: 2 }]);
    await call(tab!, 'agent:read', { conversationId, seq: 1 });
    expect((await call(tab!, 'agent:reads', { conversationIds: [conversationId] })).reads).toEqual([{ conversationId, seq: 2 }]);
    expect((await call(admin, 'agent:reads', { conversationIds: [conversationId] })).reads).toEqual([]);
    expect(await call(tab!, 'agent:read', { conversationId: 'not-a-ticket', seq: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
