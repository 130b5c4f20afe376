import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TYPING_PREVIEW, SERVER_EVENTS, VISITOR_EVENTS } from '@parley/protocol';
import { adapters } from '../support/adapters.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken, record, startNode, type TestNode } from '../support/parley.ts';

type Heard = { conversationId: string; typing: boolean; preview?: string };

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The desk's typing preview (off by default) and its widget sound (on by default): stored with the desk settings on
 * both adapters, told to the widget in its public config, and the preview relayed to agents only, cut to size, and
 * only while the setting is on.
 */
describe.each(adapters())('typing preview and widget sound settings ($adapter)', ({ adapter, mongoUri }) => {
  let node: TestNode;
  let admin: string;
  let agent: Socket;
  let visitor: Socket;
  let stranger: Socket;
  let conversationId: string;
  const sockets: Socket[] = [];
  const api = (path: string, method = 'GET', body?: unknown) =>
    json(`${node.url}/api/v1${path}`, { method, headers: { cookie: admin, 'x-parley-csrf': '1' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const widgetSettings = async () => (await api('/settings/desk')).body.settings as { version: number; widget: Record<string, unknown> };
  const setWidget = async (widget: Record<string, unknown>) => {
    const answer = await api('/settings/desk', 'PATCH', { version: (await widgetSettings()).version, widget });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  };
  const publicWidget = async () => ((await json(`${node.url}/api/v1/widget/config?desk=default`)).body.desk as { widget: Record<string, unknown> }).widget;
  /** What agents with the ticket open hear of one typing signal (after the relay's throttle window). */
  const relayed = async (payload: Record<string, unknown>, from = visitor): Promise<{ ack: Record<string, unknown>; heard: Heard[] }> => {
    await pause(900); // past the relay's throttle window for this socket
    const heard = record<Heard>(agent, SERVER_EVENTS.visitorTyping);
    const ack = await call(from, VISITOR_EVENTS.typing, { conversationId, ...payload });
    await pause(150);
    return { ack, heard: [...heard] };
  };

  beforeAll(async () => {
    node = await startNode(adapter, {}, mongoUri);
    admin = await loginAgent(node.url);
    agent = await connect(node.url, '/agent', { cookie: admin });
    visitor = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    stranger = await connect(node.url, '/visitor', { token: await newVisitorToken(node.url) });
    sockets.push(agent, visitor, stranger);
    const sent = await call(visitor, VISITOR_EVENTS.send, { clientMsgId: clientMsgId(), text: 'Hello' });
    conversationId = (sent.message as { conversationId: string }).conversationId;
    await call(agent, 'agent:open', { conversationId });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await node?.dispose();
  });

  it('is off by default (and the sound on), in the settings and the widget config', async () => {
    expect((await widgetSettings()).widget).toMatchObject({ sound: true, typingPreview: false });
    expect(await publicWidget()).toMatchObject({ sound: true, typingPreview: false });
  });

  it('drops the preview while the setting is off: agents hear only that the visitor types', async () => {
    const { ack, heard } = await relayed({ preview: 'my card number is' });
    expect(ack).toMatchObject({ ok: true });
    expect(heard).toEqual([{ conversationId, typing: true }]);
  });

  it('relays the preview, cut to its last characters, to agents only, once an admin turns it on; never stored', async () => {
    await setWidget({ typingPreview: true, sound: false });
    expect(await publicWidget()).toMatchObject({ sound: false, typingPreview: true });
    const visitorsHeard = [record(visitor, SERVER_EVENTS.visitorTyping), record(stranger, SERVER_EVENTS.visitorTyping)];

    expect((await relayed({ preview: 'Where is my' })).heard).toEqual([{ conversationId, typing: true, preview: 'Where is my' }]);
    const long = `${'a'.repeat(150)}${'b'.repeat(150)}`;
    const { heard } = await relayed({ preview: long });
    expect(heard).toEqual([{ conversationId, typing: true, preview: long.slice(-MAX_TYPING_PREVIEW) }]);
    // a stop carries no text
    expect((await relayed({ typing: false, preview: 'left over' })).heard).toEqual([{ conversationId, typing: false }]);
    // far longer than any widget sends: refused
    expect((await relayed({ preview: 'x'.repeat(MAX_TYPING_PREVIEW * 5 + 1) })).ack).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // someone else's conversation: not_found, and nothing heard
    expect((await relayed({ preview: 'not mine' }, stranger)).ack).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(visitorsHeard).toEqual([[], []]);
    const opened = await call(agent, 'agent:open', { conversationId });
    expect(JSON.stringify(opened)).not.toContain('Where is my');
  });

  it("lets the embedding page read the widget's config (whether to chime) from an allowed origin only", async () => {
    const from = (origin: string) => json(`${node.url}/api/v1/widget/config?desk=default`, { headers: { origin } });
    expect((await from('https://shop.example.com')).headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const answer = await api('/settings/desk', 'PATCH', { version: (await widgetSettings()).version, allowedOrigins: ['https://shop.example.com'] });
    expect(answer.status).toBe(200);
    expect((await from('https://shop.example.com')).headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const other = await from('https://evil.example.net');
    expect(other.status).toBe(200); // public facts; the browser keeps them from that page
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps both settings across a restart', async () => {
    node = await node.restart();
    expect((await widgetSettings()).widget).toMatchObject({ sound: false, typingPreview: true });
  });
});
