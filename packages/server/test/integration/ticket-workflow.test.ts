import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../support/adapters.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken, nextEvent, startNode, type TestNode } from '../support/parley.ts';

type Ticket = { id: string; status: string; version: number; snoozedUntil: string | null; teamId: string | null; tags: string[]; assigneeId: string | null };
type Activity = { cause: string; actor: { type: string; id: string | null }; changes: Record<string, { from: unknown; to: unknown }> };

/** Snooze, teams, tags and the timeline's record of every change, on both stores. */
describe.each(adapters())('ticket workflow ($adapter)', ({ adapter, mongoUri }) => {
  let node: TestNode;
  let cookie: string;
  let agent: Socket;
  const sockets: Socket[] = [];
  const api = (path: string, method = 'GET', body?: unknown) =>
    json(`${node.url}/api/v1${path}`, { method, headers: { cookie, 'x-parley-csrf': '1' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const newTicket = async (text: string) => {
    const visitor = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    sockets.push(visitor);
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text });
    const conversationId = (sent.message as { conversationId: string }).conversationId;
    const opened = await call(agent, 'agent:open', { conversationId });
    return { visitor, ticket: opened.conversation as Ticket };
  };
  const update = async (ticket: Ticket, change: Record<string, unknown>) => call(agent, 'agent:update', { conversationId: ticket.id, version: ticket.version, ...change });

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

  it('snoozes a ticket out of the active queues; the customer’s next message wakes it', async () => {
    const { visitor, ticket } = await newTicket('can you call me tomorrow?');
    const until = new Date(Date.now() + 3600_000).toISOString();
    const activity = nextEvent<{ activity: Activity }>(agent, 'ticket.activity', (p) => p.activity.changes.status?.to === 'snoozed');
    const snoozed = await update(ticket, { status: 'snoozed', snoozedUntil: until });
    expect(snoozed.conversation).toMatchObject({ status: 'snoozed', snoozedUntil: until });
    expect((await activity).activity).toMatchObject({ cause: 'edit', actor: { type: 'agent' }, changes: { snoozedUntil: { from: null, to: until } } });
    const ids = async (queue: string) => ((await call(agent, 'agent:conversations', { queue })).conversations as Ticket[]).map((c) => c.id);
    expect(await ids('snoozed')).toContain(ticket.id);
    expect(await ids('open')).not.toContain(ticket.id);
    // The visitor does not learn about the snooze.
    const seen = await call(visitor, 'visitor:resume', {});
    expect((seen.conversation as { status: string }).status).toBe('open');

    const bad = await update(snoozed.conversation as Ticket, { snoozedUntil: new Date(Date.now() - 1000).toISOString() });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'actually, now is fine' });
    const reopened = (await call(agent, 'agent:open', { conversationId: ticket.id })).conversation as Ticket;
    expect(reopened).toMatchObject({ status: 'open', snoozedUntil: null });
    const lines = (await call(agent, 'agent:open', { conversationId: ticket.id })).activity as Activity[];
    expect(lines.map((a) => [a.cause, a.changes.status?.to])).toEqual([
      ['edit', 'snoozed'],
      ['visitor_message', 'open'],
    ]);
  });

  it('wakes a ticket whose snooze ended while Parley was down, once, at the next start', async () => {
    const { ticket } = await newTicket('remind me');
    const past = new Date(Date.now() - 60_000).toISOString();
    // Stored as if it had been snoozed earlier and its time passed while the server was stopped.
    const stored = await node.parley.store.updateConversation(ticket.id, ticket.version, { status: 'snoozed', snoozedUntil: past }, new Date().toISOString(), []);
    expect(stored?.status).toBe('snoozed');
    node = await node.restart();
    cookie = await loginAgent(node.url);
    agent = await connect(node.url, '/agent', { cookie });
    sockets.push(agent);
    let woken: Ticket | undefined;
    for (let i = 0; i < 50 && woken?.status !== 'open'; i++) {
      woken = (await call(agent, 'agent:open', { conversationId: ticket.id })).conversation as Ticket;
      if (woken.status !== 'open') await new Promise((r) => setTimeout(r, 100));
    }
    expect(woken).toMatchObject({ status: 'open', snoozedUntil: null });
    const lines = (await call(agent, 'agent:open', { conversationId: ticket.id })).activity as Activity[];
    expect(lines.filter((a) => a.cause === 'snooze_ended')).toHaveLength(1);
    expect(lines.at(-1)).toMatchObject({ actor: { type: 'system', id: null }, changes: { status: { from: 'snoozed', to: 'open' } } });
  });

  it('makes teams (admins), moves a ticket into a team queue, and tags it', async () => {
    const me = (await api('/auth/me')).body.agent as { id: string };
    const billing = await api('/teams', 'POST', { name: 'Billing', memberIds: [me.id] });
    expect(billing.status).toBe(201);
    const teamId = (billing.body.team as { id: string }).id;
    expect((await api('/teams', 'POST', { name: 'Billing' })).status).toBe(409);
    expect((await api('/teams', 'POST', { name: 'Tier 2', memberIds: ['nobody'] })).status).toBe(400);
    expect(((await api('/teams')).body.teams as { name: string }[]).map((t) => t.name)).toContain('Billing');

    const { ticket } = await newTicket('I was charged twice');
    const moved = await update(ticket, { teamId, tags: ['Refund', 'vip', 'refund'], priority: 'high' });
    expect(moved.conversation).toMatchObject({ teamId, tags: ['refund', 'vip'] });
    const queue = (await call(agent, 'agent:conversations', { queue: 'open', teamId })).conversations as Ticket[];
    expect(queue.map((c) => c.id)).toEqual([ticket.id]);
    expect((await update(moved.conversation as Ticket, { teamId: 'no-such-team' })).error).toMatchObject({ code: 'invalid_input' });
    expect((await update(moved.conversation as Ticket, { tags: ['<script>'] })).error).toMatchObject({ code: 'invalid_input' });
    const lines = (await call(agent, 'agent:open', { conversationId: ticket.id })).activity as Activity[];
    expect(lines.at(-1)?.changes).toMatchObject({ teamId: { from: null, to: teamId }, tags: { from: [], to: ['refund', 'vip'] }, priority: { from: 'normal', to: 'high' } });
  });

  it("gives a team's ticket only to its members: refused as assignee, not claimed by a reply; a move hands it to the queue", async () => {
    const me = (await api('/auth/me')).body.agent as { id: string };
    const jun = await api('/agents', 'POST', { name: 'Jun Seo', email: `jun-${adapter}@workflow.test`, password: 'jun password 123' });
    const junId = (jun.body.agent as { id: string }).id;
    const tier2 = ((await api('/teams', 'POST', { name: 'Tier 2', memberIds: [junId] })).body.team as { id: string }).id;
    const { ticket } = await newTicket('the export button does nothing');
    const mine = (await update(ticket, { assigneeId: me.id })).conversation as Ticket;
    // Moved to a team the assignee is not in: the ticket waits in the team's queue, as after a transfer to a team alone.
    const moved = await update(mine, { teamId: tier2 });
    expect(moved.conversation).toMatchObject({ teamId: tier2, assigneeId: null });
    const refused = await update(moved.conversation as Ticket, { assigneeId: me.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { field: 'assigneeId', reason: 'not_team_member' } } });
    // A non-member's reply goes out and leaves the ticket in the team's queue; a member's reply claims it.
    const passing = await call(agent, 'agent:message', { conversationId: ticket.id, clientMsgId: clientMsgId(), type: 'agent', text: 'passing this on' });
    expect(passing).toMatchObject({ ok: true, conversation: { assigneeId: null } });
    const junSocket = await connect(node.url, '/agent', { cookie: await loginAgent(node.url, { email: `jun-${adapter}@workflow.test`, password: 'jun password 123' }) });
    sockets.push(junSocket);
    const claimed = await call(junSocket, 'agent:message', { conversationId: ticket.id, clientMsgId: clientMsgId(), type: 'agent', text: 'I have it' });
    expect(claimed).toMatchObject({ ok: true, conversation: { assigneeId: junId } });
  });

  it('changes nothing of a closed ticket and takes no reply on it, saying why (`details.reason`)', async () => {
    const me = (await api('/auth/me')).body.agent as { id: string };
    const { ticket } = await newTicket('thanks, all sorted');
    const closed = (await update(ticket, { status: 'closed' })).conversation as Ticket;
    expect(await update(closed, { assigneeId: me.id })).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { reason: 'closed' } } });
    expect(await update(closed, { tags: ['late'] })).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { reason: 'closed' } } });
    expect(await update(closed, { status: 'open' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', details: { field: 'status', reason: 'closed', from: 'closed', to: 'open' } },
    });
    const reply = await call(agent, 'agent:message', { conversationId: ticket.id, clientMsgId: clientMsgId(), type: 'agent', text: 'one more thing' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'closed' } } });
    const note = await call(agent, 'agent:message', { conversationId: ticket.id, clientMsgId: clientMsgId(), type: 'note', text: 'customer was happy' });
    expect(note).toMatchObject({ ok: true });
    const after = (await call(agent, 'agent:open', { conversationId: ticket.id })).conversation as Ticket;
    expect(after).toMatchObject({ status: 'closed', assigneeId: null, tags: [], version: closed.version });
  });
});
