import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../support/adapters.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken, nextEvent, startNode, type TestNode } from '../support/parley.ts';

type Contact = { name: string | null; email: string | null; attributes: Record<string, string>; verified: { email: boolean }; emailFollowUp: boolean };

/**
 * The widget's forms (issue #11) on each adapter: the admin's form settings reach the widget's config, a visitor's
 * answers are checked field by field and land on the contact, the team choice routes the ticket, the offline state
 * reaches the widget, and a reconnecting widget hears how far an agent has read.
 */
describe.each(adapters())('widget forms ($adapter)', ({ adapter, mongoUri }) => {
  let node: TestNode;
  let admin: string;
  let teamId: string;
  const sockets: Socket[] = [];
  const api = (path: string, method = 'GET', body?: unknown) =>
    json(`${node.url}/api/v1${path}`, { method, headers: { cookie: admin, 'x-parley-csrf': '1' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const settings = async () => (await api('/settings/desk')).body.settings as { version: number; forms: unknown };
  const visitor = async () => {
    const socket = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    node = await startNode(adapter, {}, mongoUri);
    admin = await loginAgent(node.url);
    teamId = ((await api('/teams', 'POST', { name: 'Billing' })).body.team as { id: string }).id;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await node?.dispose();
  });

  it('keeps the form settings, checks them, and gives the widget what it needs (team names only)', async () => {
    const preChat = {
      enabled: true,
      fields: [
        { kind: 'name' },
        { kind: 'email', required: true },
        { kind: 'team', required: true },
        { kind: 'text', key: 'order', label: { en: 'Order number', ko: '주문 번호' } },
      ],
      teamIds: [teamId],
    };
    const refused = await api('/settings/desk', 'PATCH', { version: (await settings()).version, forms: { preChat: { ...preChat, teamIds: ['nope'] } } });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_input', details: [{ path: 'forms.preChat.teamIds.0' }] });
    const saved = await api('/settings/desk', 'PATCH', { version: (await settings()).version, forms: { preChat, offline: { enabled: true }, emailPrompt: true } });
    expect(saved.status).toBe(200);
    const config = (await json(`${node.url}/api/v1/widget/config?desk=default`)).body.desk as { forms: { preChat: { kind: string; options?: unknown }[]; offline: boolean } };
    expect(config.forms.offline).toBe(true);
    expect(config.forms.preChat.map((f) => f.kind)).toEqual(['name', 'email', 'team', 'text']);
    expect(config.forms.preChat[2]!.options).toEqual([{ id: teamId, name: 'Billing' }]);
    expect(JSON.stringify(config)).not.toMatch(/memberIds|secret/i);
  });

  it('checks pre-chat answers field by field, stores them on the contact and routes the first message to the team', async () => {
    const socket = await visitor();
    const before = await call(socket, 'visitor:resume', { afterSeq: 0 });
    expect(before).toMatchObject({ ok: true, emailKnown: false, preChatDone: false, seenSeq: 0 });
    const wrong = await call(socket, 'visitor:profile', { form: 'prechat', name: 'Mina', email: 'mina@', teamId });
    expect(wrong.error).toMatchObject({ code: 'invalid_input', details: [{ path: 'email' }] });
    const missing = await call(socket, 'visitor:profile', { form: 'prechat', name: 'Mina' });
    expect((missing.error?.details as { path: string }[]).map((d) => d.path)).toEqual(['email', 'teamId']);

    const ok = await call(socket, 'visitor:profile', { form: 'prechat', name: 'Mina', email: 'Mina@Example.com', teamId, fields: { order: 'A-1042' } });
    expect(ok).toMatchObject({ ok: true, emailKnown: true, preChatDone: true });
    const sent = await call(socket, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Where is my order?', teamId });
    expect(sent.ok).toBe(true);
    const id = (sent.conversation as { id: string }).id;
    const agent = await connect(node.url, '/agent', { cookie: admin });
    sockets.push(agent);
    const opened = await call(agent, 'agent:open', { conversationId: id });
    expect(opened.conversation).toMatchObject({ teamId, channel: 'web', status: 'new' });
    const contactId = (opened.conversation as { contactId: string }).contactId;
    const contact = (await api(`/contacts/${contactId}`)).body.contact as Contact;
    expect(contact).toMatchObject({ name: 'Mina', email: 'mina@example.com', verified: { email: false }, emailFollowUp: true, attributes: { order: 'A-1042' } });
    expect((await call(socket, 'visitor:resume', { afterSeq: 0 })).preChatDone).toBe(true);
  });

  it('keeps the team chosen in the pre-chat form across a reload: the first message starts the ticket in it, a later ticket does not', async () => {
    const token = await newVisitorToken(node.url);
    const before = await connect(node.url, '/visitor', { token });
    sockets.push(before);
    expect(await call(before, 'visitor:profile', { form: 'prechat', email: 'jun@example.com', teamId })).toMatchObject({ ok: true, preChatDone: true });
    before.close(); // the page reloads before the visitor writes: the widget's memory of the choice is gone
    const after = await connect(node.url, '/visitor', { token });
    sockets.push(after);
    const first = await call(after, 'visitor:message', { clientMsgId: clientMsgId(), text: 'A question about my invoice' });
    const agent = await connect(node.url, '/agent', { cookie: admin });
    sockets.push(agent);
    const opened = (await call(agent, 'agent:open', { conversationId: (first.conversation as { id: string }).id })).conversation as { id: string; teamId: string | null; version: number };
    expect(opened.teamId).toBe(teamId);
    expect((await call(agent, 'agent:update', { conversationId: opened.id, version: opened.version, status: 'closed' })).ok).toBe(true);
    const next = await call(after, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Another question, weeks later' });
    const reopened = (await call(agent, 'agent:open', { conversationId: (next.conversation as { id: string }).id })).conversation as { id: string; teamId: string | null };
    expect(reopened.id).not.toBe(opened.id);
    expect(reopened.teamId).toBeNull();
  });

  it("shows an e-mail the visitor leaves mid-conversation to the agents who have their ticket open, at once", async () => {
    const socket = await visitor();
    const sent = await call(socket, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Hello?' });
    const agent = await connect(node.url, '/agent', { cookie: admin });
    sockets.push(agent);
    expect((await call(agent, 'agent:open', { conversationId: (sent.conversation as { id: string }).id })).ok).toBe(true);
    const told = nextEvent<{ contact: Contact & { id: string } }>(agent, 'contact.updated');
    expect(await call(socket, 'visitor:profile', { form: 'email', email: 'Later@Example.com' })).toMatchObject({ ok: true, emailKnown: true });
    const { contact } = await told;
    expect(contact).toMatchObject({ email: 'later@example.com', emailFollowUp: true, verified: { email: false } });
    expect(JSON.stringify(contact)).not.toMatch(/tokenHash|identityKey|preChatTeamId/);
  });

  it('a reconnecting visitor hears how far an agent has read their conversation', async () => {
    const socket = await visitor();
    const first = await call(socket, 'visitor:message', { clientMsgId: clientMsgId(), text: 'one' });
    await call(socket, 'visitor:message', { clientMsgId: clientMsgId(), text: 'two' });
    const id = (first.conversation as { id: string }).id;
    const agent = await connect(node.url, '/agent', { cookie: admin });
    sockets.push(agent);
    expect((await call(agent, 'agent:read', { conversationId: id, seq: 1 })).ok).toBe(true);
    expect(await call(socket, 'visitor:resume', { afterSeq: 0 })).toMatchObject({ ok: true, seenSeq: 1 });
    await call(agent, 'agent:read', { conversationId: id, seq: 99 }); // never beyond the ticket's last message
    expect(await call(socket, 'visitor:resume', { afterSeq: 2 })).toMatchObject({ seenSeq: 2, messages: [] });
  });

  it('tells widgets when nobody is online, and the offline form makes a ticket like any other with the e-mail', async () => {
    const socket = await visitor();
    const agent = await connect(node.url, '/agent', { cookie: admin });
    sockets.push(agent);
    await expect.poll(async () => (await call(socket, 'visitor:resume', { afterSeq: 0 })).availability).toBe('online');
    const told = nextEvent<{ availability: string }>(socket, 'desk.availability', (p) => p.availability === 'offline');
    expect((await api('/auth/me', 'PATCH', { availability: 'offline' })).status).toBe(200);
    expect((await told).availability).toBe('offline');
    expect((await call(socket, 'visitor:resume', { afterSeq: 0 })).availability).toBe('offline');

    expect((await call(socket, 'visitor:profile', { form: 'offline' })).error).toMatchObject({ code: 'invalid_input', details: [{ path: 'email' }] });
    expect(await call(socket, 'visitor:profile', { form: 'offline', email: 'late@example.com' })).toMatchObject({ ok: true, emailKnown: true });
    const sent = await call(socket, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Please call me back' });
    const opened = await call(agent, 'agent:open', { conversationId: (sent.conversation as { id: string }).id });
    expect(opened.conversation).toMatchObject({ status: 'new', channel: 'web', teamId: null });
    const contact = (await api(`/contacts/${(opened.conversation as { contactId: string }).contactId}`)).body.contact as Contact;
    expect(contact).toMatchObject({ email: 'late@example.com', emailFollowUp: true });
    await api('/auth/me', 'PATCH', { availability: 'online' });
  });

  it('refuses a form the desk has switched off', async () => {
    await api('/settings/desk', 'PATCH', { version: (await settings()).version, forms: { emailPrompt: false } });
    const socket = await visitor();
    expect((await call(socket, 'visitor:profile', { form: 'email', email: 'a@example.com' })).error).toMatchObject({ code: 'forbidden' });
  });
});
