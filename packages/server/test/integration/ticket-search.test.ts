import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../support/adapters.ts';
import { call, clientMsgId, connect, loginAgent, newVisitorToken, startNode, type TestNode } from '../support/parley.ts';

type Ticket = { id: string; number: number; version: number; contactId: string; priority: string; lastMessageAt: string };
type Page = { ok: true; conversations: Ticket[]; nextCursor: string | null };

/** `agent:conversations` with filters, search and cursor paging, on both stores. */
describe.each(adapters())('ticket search and paging ($adapter)', ({ adapter, mongoUri }) => {
  let node: TestNode;
  let agent: Socket;
  const sockets: Socket[] = [];
  const list = async (input: Record<string, unknown>) => (await call(agent, 'agent:conversations', input)) as Page;
  const found = async (input: Record<string, unknown>) => (await list({ limit: 200, ...input })).conversations.map((c) => c.id).sort();
  const newTicket = async (text: string) => {
    const visitor = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    sockets.push(visitor);
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text });
    const conversationId = (sent.message as { conversationId: string }).conversationId;
    const ticket = (await call(agent, 'agent:open', { conversationId })).conversation as Ticket;
    return { visitor, ticket };
  };

  beforeAll(async () => {
    node = await startNode(adapter, {}, mongoUri);
    agent = await connect(node.url, '/agent', { cookie: await loginAgent(node.url) });
    sockets.push(agent);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await node?.dispose();
  });

  it('finds a ticket by a word of a message (English and Korean), by number and by the contact’s e-mail', async () => {
    const refund = await newTicket('I would like a refund for my order');
    const korean = await newTicket('배송이 늦어서 환불을 요청합니다');
    const quiet = await newTicket('just saying hi');
    await node.parley.store.updateContact(quiet.ticket.contactId, { name: 'Jane Roe', email: 'jane.roe@example.org' });
    // a later message of the ticket is searchable too
    await call(refund.visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'the parcel never arrived' });

    expect(await found({ search: 'refund' })).toEqual([refund.ticket.id]);
    expect(await found({ search: 'parcel' })).toEqual([refund.ticket.id]);
    expect(await found({ search: '환불' })).toEqual([korean.ticket.id]);
    expect(await found({ search: '  배송이  ' })).toEqual([korean.ticket.id]);
    expect(await found({ search: `#${quiet.ticket.number}` })).toEqual([quiet.ticket.id]);
    expect(await found({ search: String(quiet.ticket.number) })).toContain(quiet.ticket.id);
    expect(await found({ search: 'jane.roe@example.org' })).toEqual([quiet.ticket.id]);
    expect(await found({ search: 'Jane' })).toEqual([quiet.ticket.id]);
    expect(await found({ search: 'nothing-like-this-anywhere' })).toEqual([]);
  });

  it('filters by priority, assignee and status, combined with the queue and the search', async () => {
    const a = await newTicket('filter test: printer on fire');
    const b = await newTicket('filter test: printer out of toner');
    const urgent = await call(agent, 'agent:update', { conversationId: a.ticket.id, version: a.ticket.version, priority: 'urgent' });
    expect(urgent.ok).toBe(true);
    expect(await found({ search: 'printer', filters: { priority: 'urgent' } })).toEqual([a.ticket.id]);
    expect(await found({ search: 'printer', filters: { priority: 'low' } })).toEqual([]);
    expect(await found({ search: 'printer', filters: { assigneeId: null } })).toEqual([a.ticket.id, b.ticket.id].sort());
    expect(await found({ search: 'printer', queue: 'unassigned', filters: { priority: 'urgent' } })).toEqual([a.ticket.id]);
    expect(await found({ search: 'printer', queue: 'resolved' })).toEqual([]);
    // a filter that contradicts the queue leaves nothing
    expect(await found({ search: 'printer', queue: 'open', filters: { status: 'resolved' } })).toEqual([]);
    expect(await found({ search: 'printer', filters: { status: 'new' } })).toEqual([a.ticket.id, b.ticket.id].sort());
    expect(await found({ search: 'printer', filters: { channel: 'email' } })).toEqual([]);
  });

  it('pages by cursor with no duplicate and no gap while new messages arrive', async () => {
    const tickets: Array<Awaited<ReturnType<typeof newTicket>>> = [];
    for (let i = 0; i < 12; i++) tickets.push(await newTicket(`paging sample ${i}`));
    const all = tickets.map((t) => t.ticket.id);
    const seen: string[] = [];
    const moved = new Set<string>();
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const answer: Page = await list({ search: 'paging', limit: 5, ...(cursor ? { cursor } : {}) });
      expect(answer.ok).toBe(true);
      seen.push(...answer.conversations.map((c) => c.id));
      cursor = answer.nextCursor;
      if (!cursor) break;
      // Between pages, a ticket already shown and one not shown yet get a message: both move to the top.
      const notYet = tickets.find((t) => !seen.includes(t.ticket.id) && !moved.has(t.ticket.id));
      const shown = tickets.find((t) => seen.includes(t.ticket.id) && !moved.has(t.ticket.id));
      for (const t of [notYet, shown]) {
        if (!t) continue;
        await call(t.visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'any news?' });
        moved.add(t.ticket.id);
      }
    }
    expect(cursor).toBeNull();
    expect(new Set(seen).size).toBe(seen.length); // no duplicates
    // no gaps: every ticket was on a page, or moved to the top (where the live update shows it) while paging
    expect(all.filter((id) => !seen.includes(id) && !moved.has(id))).toEqual([]);
    // the first page now starts with the moved tickets
    const top = await list({ search: 'paging', limit: moved.size });
    expect(top.conversations.map((c) => c.id).sort()).toEqual([...moved].sort());
  });

  it('answers a bad cursor or a bad filter with invalid_input', async () => {
    await newTicket('cursor test');
    const first = await list({ limit: 1 });
    expect(first.nextCursor).toEqual(expect.any(String));
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of ['garbage', forged({ t: 1 }), forged(['yesterday', 1]), forged(['2026-01-01T00:00:00.000Z', -1]), forged(['2026-01-01T00:00:00.000Z', 1.5]), 'a$b', '']) {
      expect(await call(agent, 'agent:conversations', { cursor }), cursor).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    const bad = [
      { filters: { priority: 'extreme' } },
      { filters: { status: 'gone' } },
      { filters: { assigneeId: { $gt: '' } } },
      { filters: { channel: 'fax' } },
      { filters: { tag: '' } },
      { filters: { color: 'red' } },
      { search: 'x'.repeat(201) },
      { search: 42 },
      { teamId: ['a'] },
    ];
    for (const input of bad) {
      expect(await call(agent, 'agent:conversations', input), JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    // a cursor keeps working after its ticket moved (a position, not a snapshot)
    expect((await list({ cursor: first.nextCursor })).ok).toBe(true);
  });
});
