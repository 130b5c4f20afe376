import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../support/adapters.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken, nextEvent, record, startNode, type TestNode } from '../support/parley.ts';

type Ticket = { id: string; version: number; teamId: string | null; assigneeId: string | null; priority: string; tags: string[]; status: string };
type Notice = { id: string; kind: string; conversationId: string; note: string; teamId: string | null; priority: string; byAgentId: string };
type Activity = { cause: string; note?: string; actor: { id: string }; changes: Record<string, { from: unknown; to: unknown }> };

/** Transfer with a note and escalation: one versioned change each, a timeline line, notices to whom it concerns. */
describe.each(adapters())('transfer and escalation ($adapter)', ({ adapter, mongoUri }) => {
  let node: TestNode;
  let admin: Socket;
  let jun: Socket;
  let sora: Socket;
  let adminId: string;
  const ids: Record<string, string> = {};
  const cookies: Record<string, string> = {};
  let billingId: string;
  const sockets: Socket[] = [];
  const headers = { cookie: '', 'x-parley-csrf': '1', 'content-type': 'application/json' };

  const newTicket = async (text: string): Promise<Ticket> => {
    const visitor = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    sockets.push(visitor);
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text });
    return (await call(admin, 'agent:open', { conversationId: (sent.message as { conversationId: string }).conversationId })).conversation as Ticket;
  };
  const addAgent = async (name: string) => {
    const email = `${name.toLowerCase()}@test.local`;
    const created = await json(`${node.url}/api/v1/agents`, { method: 'POST', headers, body: JSON.stringify({ name, email, password: `${name}-password-1` }) });
    ids[name] = (created.body.agent as { id: string }).id;
    cookies[name] = await loginAgent(node.url, { email, password: `${name}-password-1` });
    const socket = await connect(node.url, '/agent', { cookie: cookies[name] });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    node = await startNode(adapter, {}, mongoUri);
    headers.cookie = await loginAgent(node.url);
    adminId = ((await json(`${node.url}/api/v1/auth/me`, { headers })).body.agent as { id: string }).id;
    admin = await connect(node.url, '/agent', { cookie: headers.cookie });
    sockets.push(admin);
    jun = await addAgent('Jun');
    sora = await addAgent('Sora');
    await addAgent('Ari');
    const team = await json(`${node.url}/api/v1/teams`, { method: 'POST', headers, body: JSON.stringify({ name: 'Billing', memberIds: [ids.Jun, ids.Sora] }) });
    billingId = (team.body.team as { id: string }).id;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await node?.dispose();
  });

  it('transfers to a team with a note in one change: members are notified, the timeline shows the note', async () => {
    const ticket = await newTicket('my invoice is wrong');
    const claimed = await call(admin, 'agent:update', { conversationId: ticket.id, version: ticket.version, assigneeId: adminId });
    const version = (claimed.conversation as Ticket).version;
    const junHeard = nextEvent<{ notice: Notice }>(jun, 'ticket.notice');
    const soraHeard = nextEvent<{ notice: Notice }>(sora, 'ticket.notice');
    const adminNotices = record(admin, 'ticket.notice');
    const line = nextEvent<{ activity: Activity }>(admin, 'ticket.activity', (p) => p.activity.cause === 'transfer');

    const done = await call(admin, 'agent:transfer', { conversationId: ticket.id, version, teamId: billingId, note: '  Refund over 100 dollars, please check  ' });
    expect(done, JSON.stringify(done.error)).toMatchObject({ ok: true, conversation: { teamId: billingId, assigneeId: null, version: version + 1 } });
    const [junNotice, soraNotice] = await Promise.all([junHeard, soraHeard]);
    expect(junNotice.notice).toMatchObject({ kind: 'transfer', conversationId: ticket.id, note: 'Refund over 100 dollars, please check', teamId: billingId, byAgentId: adminId });
    expect(soraNotice.notice.id).toBe(junNotice.notice.id);
    expect((await line).activity).toMatchObject({ cause: 'transfer', note: 'Refund over 100 dollars, please check', actor: { id: adminId } });
    expect(adminNotices).toEqual([]);

    // the line is in the ticket's history for whoever opens it later
    const opened = await call(jun, 'agent:open', { conversationId: ticket.id });
    const activity = opened.activity as Activity[];
    expect(activity.at(-1)).toMatchObject({ cause: 'transfer', note: 'Refund over 100 dollars, please check', changes: { teamId: { from: null, to: billingId }, assigneeId: { from: adminId, to: null } } });

    // what a member missed while away is there when they come back; nothing for the one who transferred it
    const missed = await json(`${node.url}/api/v1/notices`, { headers: { cookie: cookies.Sora!, 'x-parley-csrf': '1' } });
    expect(missed.body.notices).toEqual([expect.objectContaining({ id: junNotice.notice.id, kind: 'transfer', note: 'Refund over 100 dollars, please check' })]);
    expect((await json(`${node.url}/api/v1/notices`, { headers })).body.notices).toEqual([]);
  });

  it('refuses invalid targets with a stable reason, and a stale version with conflict, changing nothing', async () => {
    const ticket = await newTicket('who takes this?');
    const refusal = async (payload: Record<string, unknown>) => {
      const answer = await call(admin, 'agent:transfer', { conversationId: ticket.id, version: ticket.version, ...payload });
      return answer.ok ? 'accepted' : `${answer.error?.code}:${(answer.error?.details as { reason?: string } | undefined)?.reason ?? ''}`;
    };
    expect(await refusal({ note: 'nobody' })).toBe('invalid_input:no_target');
    expect(await refusal({ teamId: 'no-such-team' })).toBe('invalid_input:unknown_team');
    expect(await refusal({ assigneeId: 'no-such-agent' })).toBe('invalid_input:unknown_agent');
    expect(await refusal({ teamId: billingId, assigneeId: ids.Ari })).toBe('invalid_input:not_team_member');
    const ari = ids.Ari!;
    expect((await json(`${node.url}/api/v1/agents/${ari}`, { method: 'PATCH', headers, body: JSON.stringify({ active: false }) })).status).toBe(200);
    expect(await refusal({ assigneeId: ari })).toBe('invalid_input:inactive_agent');
    expect(await refusal({ teamId: billingId, version: ticket.version + 5 })).toBe('conflict:');
    const after = (await call(admin, 'agent:open', { conversationId: ticket.id })).conversation as Ticket;
    expect(after).toMatchObject({ version: ticket.version, teamId: null, assigneeId: null });
  });

  it('escalates one level at a time, tags the ticket, tells the team at urgent, and stops there', async () => {
    const ticket = await newTicket('the site is down for all our users');
    const moved = await call(admin, 'agent:transfer', { conversationId: ticket.id, version: ticket.version, teamId: billingId, assigneeId: ids.Jun });
    let version = (moved.conversation as Ticket).version;
    const soraNotices = record<{ notice: Notice }>(sora, 'ticket.notice');
    const first = await call(admin, 'agent:escalate', { conversationId: ticket.id, version, reason: 'outage' });
    expect(first).toMatchObject({ ok: true, conversation: { priority: 'high', tags: ['escalated'] } });
    version = (first.conversation as Ticket).version;
    const urgentHeard = nextEvent<{ notice: Notice }>(sora, 'ticket.notice', (p) => p.notice.kind === 'escalation');
    const second = await call(admin, 'agent:escalate', { conversationId: ticket.id, version });
    expect(second).toMatchObject({ ok: true, conversation: { priority: 'urgent', tags: ['escalated'] } });
    expect((await urgentHeard).notice).toMatchObject({ kind: 'escalation', priority: 'urgent', conversationId: ticket.id });
    expect(soraNotices.filter((n) => n.notice.kind === 'escalation')).toHaveLength(1); // high told nobody
    const third = await call(admin, 'agent:escalate', { conversationId: ticket.id, version: (second.conversation as Ticket).version });
    expect(third).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { reason: 'already_urgent' } } });

    const opened = await call(admin, 'agent:open', { conversationId: ticket.id });
    expect((opened.activity as Activity[]).filter((a) => a.cause === 'escalation').map((a) => [a.changes.priority?.to, a.note ?? ''])).toEqual([
      ['high', 'outage'],
      ['urgent', ''],
    ]);
    const escalated = await json(`${node.url}/api/v1/conversations?tag=escalated`, { headers });
    expect((escalated.body.conversations as Ticket[]).map((c) => c.id)).toEqual([ticket.id]);
  });
});
