import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../support/adapters.ts';
import { call, changeDeskSettings, clientMsgId, connect, json, loginAgent, newVisitorToken, nextEvent, record, startNode, type TestNode } from '../support/parley.ts';

type Page = { ok: true; conversations: { id: string; contactId: string }[]; contacts: Record<string, unknown>[]; nextCursor: string | null };

/** A page of the ticket list names its tickets' customers (name and e-mail only, each once), on the socket and REST. */
describe.each(adapters())('ticket list names the customers ($adapter)', ({ adapter, mongoUri }) => {
  let node: TestNode;
  let agent: Socket;
  let cookie: string;
  const sockets: Socket[] = [];
  const newTicket = async (text: string) => {
    const visitor = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    sockets.push(visitor);
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text });
    const conversationId = (sent.message as { conversationId: string }).conversationId;
    return (await call(agent, 'agent:open', { conversationId })).conversation as { id: string; contactId: string };
  };

  beforeAll(async () => {
    node = await startNode(adapter, {}, mongoUri);
    cookie = await loginAgent(node.url);
    agent = await connect(node.url, '/agent', { cookie });
    sockets.push(agent);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await node?.dispose();
  });

  it('carries each customer once with their name and e-mail, nothing else of the contact', async () => {
    const named = await newTicket('names: where is my parcel');
    const anonymous = await newTicket('names: hello?');
    // a colleague with no ticket open learns the new name at once (contact.named to the desk), nothing else of the contact
    const colleague = await connect(node.url, '/agent', { cookie: await loginAgent(node.url) });
    sockets.push(colleague);
    const told = nextEvent<{ contact: Record<string, unknown> }>(colleague, 'contact.named', (p) => p.contact.id === named.contactId);
    const edit = await json(`${node.url}/api/v1/contacts/${named.contactId}`, {
      method: 'PATCH',
      headers: { cookie, 'content-type': 'application/json', 'x-parley-csrf': '1' },
      body: JSON.stringify({ name: '김민지', email: 'minji@example.com', phone: '+82 10-1234-5678', attributes: { plan: 'Pro' } }),
    });
    expect(edit.status).toBe(200);
    expect((await told).contact).toEqual({ id: named.contactId, name: '김민지', email: 'minji@example.com' });

    const page = (await call(agent, 'agent:conversations', { search: 'names' })) as Page;
    expect(page.conversations.map((c) => c.id).sort()).toEqual([named.id, anonymous.id].sort());
    expect(page.contacts).toHaveLength(2);
    expect(page.contacts).toEqual(
      expect.arrayContaining([
        { id: named.contactId, name: '김민지', email: 'minji@example.com' },
        { id: anonymous.contactId, name: null, email: null },
      ]),
    );

    const rest = await json(`${node.url}/api/v1/conversations?search=names`, { headers: { cookie } });
    expect(rest.status).toBe(200);
    expect((rest.body as unknown as Page).contacts).toEqual(expect.arrayContaining(page.contacts));

    // an empty view (a filter that contradicts the queue) names nobody
    const none = (await call(agent, 'agent:conversations', { queue: 'resolved', filters: { status: 'open' } })) as Page;
    expect(none).toMatchObject({ conversations: [], contacts: [] });
  });

  it("tells every agent of the desk when a visitor leaves their e-mail, and not when nothing of the name changes", async () => {
    const token = await newVisitorToken(node.url);
    const visitor = await connect(node.url, '/visitor', { token });
    sockets.push(visitor);
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'names: anyone?' });
    const conversationId = (sent.message as { conversationId: string }).conversationId;
    const { contactId } = (await call(agent, 'agent:open', { conversationId })).conversation as { contactId: string };
    expect((await changeDeskSettings(node.url, cookie, { forms: { emailPrompt: true } })).status).toBe(200);
    const colleague = await connect(node.url, '/agent', { cookie: await loginAgent(node.url) });
    sockets.push(colleague);
    const named = record<{ contact: { id: string } }>(colleague, 'contact.named');
    const told = nextEvent<{ contact: Record<string, unknown> }>(colleague, 'contact.named', (p) => p.contact.id === contactId);
    expect(await call(visitor, 'visitor:profile', { form: 'email', email: 'Later@Example.com' })).toMatchObject({ ok: true });
    expect((await told).contact).toEqual({ id: contactId, name: null, email: 'later@example.com' });
    // the same e-mail again changes nothing: no second event
    expect(await call(visitor, 'visitor:profile', { form: 'email', email: 'later@example.com' })).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(named.filter((p) => p.contact.id === contactId)).toHaveLength(1);
  });
});
