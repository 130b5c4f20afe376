import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_EVENTS, SERVER_EVENTS, VISITOR_EVENTS, type ContactVisit } from '@parley/protocol';
import { adapters } from '../support/adapters.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken, startNode, type TestNode } from '../support/parley.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Page tracking: `POST /api/v1/widget/context` is validated, budgeted, stored on the contact and shown live to the ticket's agents. */
describe.each(adapters())('visitor context: pages, local time, site attributes ($adapter)', ({ adapter, mongoUri }) => {
  let node: TestNode;
  let cookie: string;
  let visitor: Socket;
  let agent: Socket;
  let conversationId: string;
  let contactId: string;
  let token: string;

  beforeAll(async () => {
    node = await startNode(adapter, { RATE_LIMIT_SCALE: '1' }, mongoUri);
    cookie = await loginAgent(node.url);
    token = await newVisitorToken(node.url);
    visitor = await connect(node.url, '/visitor', { token });
    agent = await connect(node.url, '/agent', { cookie });
    const sent = await call(visitor, VISITOR_EVENTS.send, { clientMsgId: clientMsgId(), text: 'Where is my order?' });
    conversationId = (sent.message as { conversationId: string }).conversationId;
    const opened = await call(agent, AGENT_EVENTS.open, { conversationId });
    contactId = (opened.conversation as { contactId: string }).contactId;
  });
  afterAll(async () => {
    visitor?.close();
    agent?.close();
    await node?.dispose();
  });

  /** `POST /api/v1/widget/context` as the widget's host chunk sends it; answers the body (the status in `status`). */
  const post = async (body: unknown, authorization: string | null = `Bearer ${token}`) => {
    const res = await json(`${node.url}/api/v1/widget/context`, { method: 'POST', headers: authorization ? { authorization } : {}, body: JSON.stringify(body) });
    return { ...res.body, status: res.status };
  };
  const contact = async () =>
    (await json(`${node.url}/api/v1/contacts/${contactId}`, { headers: { cookie } })).body.contact as { visit: ContactVisit | null; attributes: Record<string, string> };

  it('stores the current page, the recent pages (one per URL, newest first), the zone and the site attributes; agents see it live', async () => {
    const heard = new Promise<{ contactId: string; visit: ContactVisit }>((resolve) => agent.once(SERVER_EVENTS.contactVisit, resolve));
    const ack = await post({
      pages: [
        { url: 'https://shop.example/', title: 'Shop', secondsAgo: 60 },
        { url: 'https://shop.example/cart', title: '  Cart  ', secondsAgo: 30 },
        { url: 'https://shop.example/', title: 'Shop again' },
      ],
      timeZone: 'Asia/Seoul',
      utcOffset: 540,
      language: 'ko-KR',
      attributes: { plan: 'pro', seats: 5, trial: false },
    });
    expect(ack).toEqual({ ok: true, status: 200 });
    const live = await heard;
    expect(live.contactId).toBe(contactId);
    expect(live.visit).toMatchObject({
      page: { url: 'https://shop.example/', title: 'Shop again' },
      recent: [
        { url: 'https://shop.example/', title: 'Shop again' },
        { url: 'https://shop.example/cart', title: 'Cart' },
      ],
      timeZone: 'Asia/Seoul',
      utcOffset: 540,
      language: 'ko-KR',
      attributes: { plan: 'pro', seats: '5', trial: 'false' },
    });
    const at = (i: number) => Date.parse(live.visit.recent[i]!.at);
    expect(at(0) - at(1)).toBeGreaterThanOrEqual(29_000);
    const stored = await contact();
    expect(stored.visit).toEqual(live.visit);
    expect(stored.attributes, 'the desk’s own attributes are not the page’s').toEqual({});
  });

  it('writes at most once per 3 s per visitor (a page looping pushState cannot flood the store)', async () => {
    const refused = await post({ pages: [{ url: 'https://shop.example/loop', title: 'Loop' }] });
    expect(refused).toMatchObject({ ok: false, status: 429, error: { code: 'rate_limited' } });
    expect((await contact()).visit?.page?.url).toBe('https://shop.example/');
    await sleep(3100);
    const later = await post({ pages: [{ url: 'https://shop.example/help', title: 'Help' }], attributes: { trial: null } });
    expect(later).toEqual({ ok: true, status: 200 });
    const visit = (await contact()).visit!;
    expect(visit.recent.map((p) => p.url)).toEqual(['https://shop.example/help', 'https://shop.example/', 'https://shop.example/cart']);
    expect(visit.attributes).toEqual({ plan: 'pro', seats: '5' });
    expect(visit.timeZone, 'kept when not reported again').toBe('Asia/Seoul');
  });

  it('refuses what it must not keep with invalid_input, before spending the budget', async () => {
    const bad: unknown[] = [
      { pages: [{ url: 'javascript:alert(1)', title: 'x' }] },
      { pages: [{ url: 'file:///etc/passwd' }] },
      { pages: [{ url: `https://shop.example/${'a'.repeat(2000)}` }] },
      { pages: Array.from({ length: 11 }, (_, i) => ({ url: `https://shop.example/${i}` })) },
      { pages: [{ url: 'https://shop.example/', secondsAgo: -1 }] },
      { timeZone: 'Asia/Seoul; drop table' },
      { utcOffset: 10_000 },
      { attributes: { 'bad key': 'x' } },
      { attributes: { plan: 'x'.repeat(201) } },
      { attributes: { plan: { nested: true } } },
      { attributes: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) },
    ];
    for (const payload of bad) {
      const ack = await post(payload);
      expect(ack, JSON.stringify(payload).slice(0, 80)).toMatchObject({ ok: false, status: 400, error: { code: 'invalid_input' } });
    }
    await sleep(3100);
    // 2 stored + 19 new = 21 attributes on the contact: over the cap, refused as a whole
    const many = Object.fromEntries(Array.from({ length: 19 }, (_, i) => [`k${i}`, 'v']));
    expect(await post({ attributes: many })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(Object.keys((await contact()).visit!.attributes)).toEqual(['plan', 'seats']);
  });

  it('needs the visitor token, and tells only the agents of the visitor’s open ticket', async () => {
    const page = { pages: [{ url: 'https://shop.example/checkout', title: 'Checkout' }] };
    expect((await post(page, null)).status).toBe(401);
    expect((await post(page, 'Bearer not-a-token')).status).toBe(401);
    await sleep(3100);
    const heard = new Promise<{ visit: ContactVisit }>((resolve) => agent.once(SERVER_EVENTS.contactVisit, resolve));
    expect(await post(page)).toEqual({ ok: true, status: 200 });
    expect((await heard).visit.page).toMatchObject({ url: 'https://shop.example/checkout', title: 'Checkout' });
    expect((await contact()).visit?.recent[0]?.url).toBe('https://shop.example/checkout');
  });
});
