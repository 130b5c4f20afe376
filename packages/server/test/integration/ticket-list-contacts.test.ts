import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../support/adapters.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken, startNode, type TestNode } from '../support/parley.ts';

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
    const edit = await json(`${node.url}/api/v1/contacts/${named.contactId}`, {
      method: 'PATCH',
      headers: { cookie, 'content-type': 'application/json', 'x-parley-csrf': '1' },
      body: JSON.stringify({ name: '김민지', email: 'minji@example.com', phone: '+82 10-1234-5678', attributes: { plan: 'Pro' } }),
    });
    expect(edit.status).toBe(200);

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
});
