import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../support/adapters.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken, nextEvent, startNode, type TestNode } from '../support/parley.ts';

const SHOP = 'https://shop.example';
const OTHER = 'https://other.example';

/** A socket opened as a browser page of `origin` would; resolves with it, or with the refusal's message. */
function openAs(url: string, ns: '/visitor' | '/agent', origin: string, auth: { token?: string; cookie?: string }): Promise<Socket | string> {
  const socket = io(`${url}${ns}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { origin, ...(auth.cookie ? { cookie: auth.cookie } : {}) },
    ...(auth.token ? { auth: { token: auth.token } } : {}),
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      resolve(err.message);
    });
  });
}

/**
 * The page that embeds the widget listens for a returning visitor's replies on /visitor from its own origin: the
 * socket admits what the embedder policy admits (any origin while ALLOWED_ORIGINS is empty, else the listed ones),
 * such a page only listens, and /agent stays Parley's own origin only.
 */
describe.each(adapters())('socket origins: the embedding page listens, agents stay home ($adapter)', ({ adapter, mongoUri }) => {
  let node: TestNode;
  let cookie: string;
  const sockets: Socket[] = [];
  const keep = (s: Socket | string): Socket | string => (typeof s === 'string' ? s : (sockets.push(s), s));

  beforeAll(async () => {
    node = await startNode(adapter, {}, mongoUri);
    cookie = await loginAgent(node.url);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await node?.dispose();
  });

  it('lets a page of any site listen on /visitor with ALLOWED_ORIGINS empty: it hears the agent’s reply, and cannot write', async () => {
    const token = await newVisitorToken(node.url);
    const frame = keep(await connect(node.url, '/visitor', { token })) as Socket;
    const sent = await call(frame, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Where is my parcel?' });
    const conversationId = (sent.message as { conversationId: string }).conversationId;

    const page = keep(await openAs(node.url, '/visitor', SHOP, { token }));
    expect(typeof page).not.toBe('string');
    const listener = page as Socket;
    const heard = nextEvent<{ message: { text: string; type: string } }>(listener, 'message.created', (p) => p.message.type === 'agent');
    const agent = keep(await connect(node.url, '/agent', { cookie })) as Socket;
    expect((await call(agent, 'agent:message', { conversationId, clientMsgId: clientMsgId(), text: 'On its way.' })).ok).toBe(true);
    expect((await heard).message.text).toBe('On its way.');
    // writes are the chat frame's: a message from the page's socket is never answered nor stored
    await expect(listener.timeout(500).emitWithAck('visitor:message', { clientMsgId: clientMsgId(), text: 'from the page' })).rejects.toThrow();
    const history = await call(frame, 'visitor:resume', { afterSeq: 0 });
    expect((history.messages as Array<{ text: string }>).map((m) => m.text)).toEqual(['Where is my parcel?', 'On its way.']);
    // still a visitor token: a page without one is refused
    expect(await openAs(node.url, '/visitor', SHOP, { token: 'not-a-token' })).toBe('unauthorized');
  });

  it('refuses the agent socket to a page of another site, with the agent’s cookie, when ALLOWED_ORIGINS is empty', async () => {
    expect(await openAs(node.url, '/agent', SHOP, { cookie })).toBe('forbidden');
    expect(typeof keep(await openAs(node.url, '/agent', node.url, { cookie }))).not.toBe('string');
  });

  it('with ALLOWED_ORIGINS set, admits the listed site (a full visitor socket) and refuses others at the handshake', async () => {
    const listed = await startNode(adapter, { ALLOWED_ORIGINS: SHOP }, mongoUri);
    try {
      const { body } = await json(`${listed.url}/api/v1/widget/sessions`, { method: 'POST', headers: { origin: SHOP }, body: JSON.stringify({ desk: 'default' }) });
      const token = body.token as string;
      const shop = keep(await openAs(listed.url, '/visitor', SHOP, { token })) as Socket;
      expect((await call(shop, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Hi from the shop' })).ok).toBe(true);
      expect(await openAs(listed.url, '/visitor', OTHER, { token })).toMatch(/origin not allowed|xhr poll error|websocket error/);
      expect(await openAs(listed.url, '/agent', SHOP, { cookie: await loginAgent(listed.url) })).toBe('forbidden');
    } finally {
      await listed.dispose();
    }
  });
});
