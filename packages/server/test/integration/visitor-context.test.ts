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

  /**
   * `POST /api/v1/widget/context` as the widget's host chunk sends it; answers the body (the status in `status`, a
   * refusal's Retry-After in `retryAfter`).
   */
  const post = async (body: unknown, authorization: string | null = `Bearer ${token}`) => {
    const res = await json(`${node.url}/api/v1/widget/context`, { method: 'POST', headers: authorization ? { authorization } : {}, body: JSON.stringify(body) });
    const retryAfter = res.headers.get('retry-after');
    return { ...res.body, status: res.status, ...(retryAfter === null ? {} : { retryAfter: Number(retryAfter) }) };
  };
  const page = (url: string, title = '') => ({ pages: [{ url, title }] });
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

  it('holds a page that loops its reports to the budget: a burst, then one write a second, each refusal with Retry-After', async () => {
    // The visitor's point of this second went on the report above: a flood gets the burst (5), then refusals.
    const started = Date.now();
    const answers = [];
    for (let i = 0; i < 30; i += 1) answers.push({ i, ...(await post(page(`https://shop.example/loop/${i}`, 'Loop'))) });
    expect(Date.now() - started, 'the flood took under a second').toBeLessThan(1000);
    const stored = answers.filter((a) => a.status === 200);
    expect(stored.length).toBeGreaterThanOrEqual(5);
    expect(stored.length, 'the burst and at most one second’s point').toBeLessThanOrEqual(7);
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused.length).toBe(30 - stored.length);
    for (const answer of refused) expect(answer).toMatchObject({ ok: false, status: 429, error: { code: 'rate_limited' }, retryAfter: 1 });
    // what is stored is the last page that was let through, never a refused one
    expect((await contact()).visit?.page?.url).toBe(`https://shop.example/loop/${stored.at(-1)!.i}`);

    // Retry-After later: one write a second, the burst being spent
    await sleep(1000 * refused[0]!.retryAfter! + 100);
    const later = await post({ pages: [{ url: 'https://shop.example/help', title: 'Help' }], attributes: { trial: null } });
    expect(later).toEqual({ ok: true, status: 200 });
    // as the shop's page sees the refusal: its Retry-After is readable across origins
    const again = await json(`${node.url}/api/v1/widget/context`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, origin: 'https://shop.example' },
      body: JSON.stringify(page('https://shop.example/loop/again')),
    });
    expect(again.status).toBe(429);
    expect(again.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(again.headers.get('access-control-expose-headers')).toBe('Retry-After');
    expect(again.headers.get('retry-after')).toBe('1');
    const visit = (await contact()).visit!;
    expect(visit.page?.url).toBe('https://shop.example/help');
    expect(visit.recent.map((p) => p.url)).toContain('https://shop.example/cart');
    expect(visit.attributes).toEqual({ plan: 'pro', seats: '5' });
    expect(visit.timeZone, 'kept when not reported again').toBe('Asia/Seoul');
  });

  it('stores every page of a visitor clicking through a site (each page load reports at once), and the agent hears each at once', async () => {
    // Another visitor, with a ticket the agent has open, and a budget of their own.
    const fast = await newVisitorToken(node.url);
    const socket = await connect(node.url, '/visitor', { token: fast });
    const sent = await call(socket, VISITOR_EVENTS.send, { clientMsgId: clientMsgId(), text: 'Which size fits me?' });
    await call(agent, AGENT_EVENTS.open, { conversationId: (sent.message as { conversationId: string }).conversationId });
    socket.close();
    const heard: Array<{ url: string; at: number }> = [];
    const listener = ({ visit }: { visit: ContactVisit }) => heard.push({ url: visit.page!.url, at: Date.now() });
    agent.on(SERVER_EVENTS.contactVisit, listener);
    try {
      const paths = ['/', '/shoes', '/shoes/trail', '/shoes/trail/42', '/cart', '/checkout'];
      let last = 0;
      for (const path of paths) {
        await sleep(250); // a page load
        last = Date.now();
        expect(await post(page(`https://shop.example${path}`), `Bearer ${fast}`), path).toEqual({ ok: true, status: 200 });
      }
      await expect.poll(() => heard.length, { timeout: 2000 }).toBe(paths.length);
      expect(heard.map((h) => h.url)).toEqual(paths.map((path) => `https://shop.example${path}`));
      expect(heard.at(-1)!.at - last, 'the agent sees the page the visitor is on now').toBeLessThan(500);
    } finally {
      agent.off(SERVER_EVENTS.contactVisit, listener);
    }
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
    await sleep(1100); // the visitor's point of the next second
    // 2 stored + 19 new = 21 attributes on the contact: over the cap, refused as a whole
    const many = Object.fromEntries(Array.from({ length: 19 }, (_, i) => [`k${i}`, 'v']));
    expect(await post({ attributes: many })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(Object.keys((await contact()).visit!.attributes)).toEqual(['plan', 'seats']);
  });

  it('needs the visitor token, and tells only the agents of the visitor’s open ticket', async () => {
    const page = { pages: [{ url: 'https://shop.example/checkout', title: 'Checkout' }] };
    expect((await post(page, null)).status).toBe(401);
    expect((await post(page, 'Bearer not-a-token')).status).toBe(401);
    await sleep(1100); // the visitor's point of the next second
    const heard = new Promise<{ visit: ContactVisit }>((resolve) => agent.once(SERVER_EVENTS.contactVisit, resolve));
    expect(await post(page)).toEqual({ ok: true, status: 200 });
    expect((await heard).visit.page).toMatchObject({ url: 'https://shop.example/checkout', title: 'Checkout' });
    expect((await contact()).visit?.recent[0]?.url).toBe('https://shop.example/checkout');
  });
});
