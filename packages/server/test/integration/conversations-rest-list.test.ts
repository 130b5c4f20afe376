import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../support/adapters.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken, startNode, type TestNode } from '../support/parley.ts';

type Ticket = { id: string; number: number; version: number };
type Page = { ok: true; conversations: Ticket[]; nextCursor: string | null };

/** `GET /api/v1/conversations` takes the socket list's queue, filters, search and paging (one definition). */
describe.each(adapters())('REST ticket list with filters ($adapter)', ({ adapter, mongoUri }) => {
  let node: TestNode;
  let agent: Socket;
  let cookie: string;
  const sockets: Socket[] = [];
  const rest = async (query: string) => json(`${node.url}/api/v1/conversations?${query}`, { headers: { cookie } });
  const ids = async (query: string) => {
    const res = await rest(query);
    expect(res.status, query).toBe(200);
    return (res.body as unknown as Page).conversations.map((c) => c.id).sort();
  };
  const newTicket = async (text: string): Promise<Ticket> => {
    const visitor = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    sockets.push(visitor);
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text });
    const conversationId = (sent.message as { conversationId: string }).conversationId;
    return (await call(agent, 'agent:open', { conversationId })).conversation as Ticket;
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

  it('filters and searches exactly as the socket list does', async () => {
    const a = await newTicket('rest list: the blender is broken');
    const b = await newTicket('rest list: the blender is late');
    const me = (await json(`${node.url}/api/v1/auth/me`, { headers: { cookie } })).body.agent as { id: string };
    const teams = await json(`${node.url}/api/v1/teams`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-parley-csrf': '1' },
      body: JSON.stringify({ name: 'Blenders', memberIds: [me.id] }), // a team's ticket goes to one of its members
    });
    const teamId = (teams.body.team as { id: string }).id;
    expect((await call(agent, 'agent:update', { conversationId: a.id, version: a.version, priority: 'urgent', tags: ['vip'], teamId, assigneeId: me.id })).ok).toBe(true);

    expect(await ids('search=blender')).toEqual([a.id, b.id].sort());
    expect(await ids('search=blender&priority=urgent')).toEqual([a.id]);
    expect(await ids('search=blender&tag=VIP')).toEqual([a.id]);
    expect(await ids(`search=blender&teamId=${teamId}`)).toEqual([a.id]);
    expect(await ids(`search=blender&assigneeId=${me.id}`)).toEqual([a.id]);
    expect(await ids('search=blender&assigneeId=none')).toEqual([b.id]);
    expect(await ids('search=blender&status=new')).toEqual([b.id]);
    expect(await ids('search=blender&queue=mine')).toEqual([a.id]);
    expect(await ids('search=blender&channel=email')).toEqual([]);
    expect(await ids(`search=%23${b.number}`)).toEqual([b.id]);
    // the same answer as the socket for the same view
    const socket = (await call(agent, 'agent:conversations', { search: 'blender', filters: { assigneeId: null } })) as Page;
    expect(socket.conversations.map((c) => c.id)).toEqual([b.id]);
  });

  it('pages with the cursor it hands out', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await newTicket(`rest paging kiwi ${i}`)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const res = await rest(`search=kiwi&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const body = res.body as unknown as Page;
      seen.push(...body.conversations.map((c) => c.id));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen.sort()).toEqual(made.sort());
  });

  it('refuses a bad parameter with 400 invalid_input naming it', async () => {
    for (const [query, field] of [
      ['status=sleeping', 'status'],
      ['priority=asap', 'priority'],
      ['channel=fax', 'channel'],
      ['assigneeId=a%20b', 'assigneeId'],
      ['teamId=%24x', 'teamId'],
      ['limit=0', 'limit'],
      ['cursor=not*a*cursor', 'cursor'],
      ['cursor=abc', 'cursor'],
      ['status=new&status=open', 'status'],
      ['sort=oldest', 'sort'],
    ] as const) {
      const res = await rest(query);
      expect(res.status, query).toBe(400);
      expect(res.body, query).toMatchObject({ error: { code: 'invalid_input', message: expect.stringContaining(field) } });
    }
  });
});
