import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../support/adapters.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken, startNode, type TestNode } from '../support/parley.ts';

type Contact = { id: string; name: string | null; email: string | null; attributes: Record<string, string> };
type Ticket = { id: string; contactId: string; version: number; status: string };

/** Merging a duplicate contact over REST: combined history, the visitor's session follows, the timeline says so. */
describe.each(adapters())('contact merge ($adapter)', ({ adapter, mongoUri }) => {
  let node: TestNode;
  let agent: Socket;
  const headers = { cookie: '', 'x-parley-csrf': '1', 'content-type': 'application/json' };
  const sockets: Socket[] = [];
  const visitorWith = async (text: string) => {
    const token = await newVisitorToken(node.url);
    const visitor = await connect(node.url, '/visitor', { token });
    sockets.push(visitor);
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text });
    const ticket = (await call(agent, 'agent:open', { conversationId: (sent.message as { conversationId: string }).conversationId })).conversation as Ticket;
    return { token, visitor, ticket };
  };
  const patch = (id: string, body: object) => json(`${node.url}/api/v1/contacts/${id}`, { method: 'PATCH', headers, body: JSON.stringify(body) });
  const merge = (id: string, targetId: string) => json(`${node.url}/api/v1/contacts/${id}/merge`, { method: 'POST', headers, body: JSON.stringify({ targetId }) });

  beforeAll(async () => {
    node = await startNode(adapter, {}, mongoUri);
    headers.cookie = await loginAgent(node.url);
    agent = await connect(node.url, '/agent', { cookie: headers.cookie });
    sockets.push(agent);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await node?.dispose();
  });

  it('moves the duplicate’s tickets, combines the fields, and sends its returning visitor to the merged contact', async () => {
    const kept = await visitorWith('I ordered a blue kettle');
    const duplicate = await visitorWith('where is my kettle?');
    expect((await patch(kept.ticket.contactId, { name: 'Kim Minji', attributes: { plan: 'pro' } })).status).toBe(200);
    expect((await patch(duplicate.ticket.contactId, { email: 'minji@example.com', attributes: { plan: 'free', city: 'Seoul' } })).status).toBe(200);
    // one live ticket per contact and channel: the duplicate's is closed first
    const clash = await merge(duplicate.ticket.contactId, kept.ticket.contactId);
    expect(clash).toMatchObject({ status: 409, body: { error: { code: 'conflict', details: { reason: 'both_open' } } } });
    expect((await call(agent, 'agent:update', { conversationId: duplicate.ticket.id, version: duplicate.ticket.version, status: 'closed' })).ok).toBe(true);

    const found = await json(`${node.url}/api/v1/contacts?search=minji`, { headers });
    expect((found.body.contacts as Contact[]).map((c) => c.id).sort()).toEqual([kept.ticket.contactId, duplicate.ticket.contactId].sort());
    const merged = await merge(duplicate.ticket.contactId, kept.ticket.contactId);
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body).toMatchObject({ moved: 1, contact: { id: kept.ticket.contactId, name: 'Kim Minji', email: 'minji@example.com', attributes: { plan: 'pro', city: 'Seoul' } } });

    const history = await json(`${node.url}/api/v1/contacts/${kept.ticket.contactId}`, { headers });
    expect((history.body.tickets as Ticket[]).map((t) => t.id).sort()).toEqual([kept.ticket.id, duplicate.ticket.id].sort());
    const source = await json(`${node.url}/api/v1/contacts/${duplicate.ticket.contactId}`, { headers });
    expect(source.body).toMatchObject({ mergedInto: kept.ticket.contactId, tickets: [] });
    const after = await json(`${node.url}/api/v1/contacts?search=minji`, { headers });
    expect((after.body.contacts as Contact[]).map((c) => c.id)).toEqual([kept.ticket.contactId]);

    // the moved ticket's timeline says it was merged
    const opened = await call(agent, 'agent:open', { conversationId: duplicate.ticket.id });
    expect((opened.activity as Array<{ cause: string }>).map((a) => a.cause)).toContain('contact_merge');
    expect(opened.contact).toMatchObject({ id: kept.ticket.contactId });

    // the duplicate's visitor comes back: their session is the merged contact's, with its whole history
    duplicate.visitor.close();
    const back = await connect(node.url, '/visitor', { token: duplicate.token });
    sockets.push(back);
    const list = await call(back, 'visitor:conversations', {});
    expect((list.conversations as Array<{ id: string }>).map((c) => c.id).sort()).toEqual([kept.ticket.id, duplicate.ticket.id].sort());
    const resumed = await call(back, 'visitor:message', { clientMsgId: clientMsgId(), text: 'hello again' });
    expect((resumed.message as { conversationId: string }).conversationId).toBe(kept.ticket.id);
  });

  it('refuses a merge into itself, an unknown or merged contact, and bad bodies', async () => {
    const a = await visitorWith('first');
    const b = await visitorWith('second');
    expect(await merge(a.ticket.contactId, a.ticket.contactId)).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', details: { reason: 'same_contact' } } } });
    expect(await merge(a.ticket.contactId, 'nobody-here')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect((await json(`${node.url}/api/v1/contacts/${a.ticket.contactId}/merge`, { method: 'POST', headers, body: JSON.stringify({ targetId: { $ne: 1 } }) })).status).toBe(400);
    expect((await json(`${node.url}/api/v1/contacts?search=`, { headers })).status).toBe(400);
    expect((await call(agent, 'agent:update', { conversationId: b.ticket.id, version: b.ticket.version, status: 'closed' })).ok).toBe(true);
    expect((await merge(b.ticket.contactId, a.ticket.contactId)).status).toBe(200);
    expect(await merge(b.ticket.contactId, a.ticket.contactId)).toMatchObject({ status: 409, body: { error: { details: { reason: 'already_merged' } } } });
    expect(await merge(a.ticket.contactId, b.ticket.contactId)).toMatchObject({ status: 409, body: { error: { details: { reason: 'already_merged' } } } });
  });
});
