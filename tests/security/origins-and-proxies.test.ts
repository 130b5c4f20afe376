import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, clientMsgId, json, loginAgent } from '../support/clients.ts';
import { removeDir, startTestParley, type RunningParley } from '../support/parley.ts';

const SHOP = 'https://shop.example';

/** Opens a socket with the given headers; resolves with the socket, or the connect error's message. */
function open(url: string, ns: '/visitor' | '/agent', headers: Record<string, string>, token?: string): Promise<Socket | string> {
  const socket = io(`${url}${ns}`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: headers, ...(token ? { auth: { token } } : {}) });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      resolve(err.message);
    });
  });
}

const servers: RunningParley[] = [];
const sockets: Socket[] = [];
const keep = (s: Socket | string) => (typeof s === 'string' ? s : (sockets.push(s), 'connected'));
afterAll(async () => {
  sockets.forEach((s) => s.close());
  for (const s of servers) {
    await s.stop();
    await removeDir(s.dataDir);
  }
});
async function start(env: Record<string, string> = {}): Promise<RunningParley> {
  const server = await startTestParley(env);
  servers.push(server);
  return server;
}

describe('the agent surface answers Parley\'s own origin only', () => {
  let url: string;
  let cookie: string;
  beforeAll(async () => {
    url = (await start({ ALLOWED_ORIGINS: SHOP })).url;
    cookie = await loginAgent(url);
  });

  it('refuses the agent socket to a page of a site listed for the widget, even with the agent\'s cookie', async () => {
    expect(keep(await open(url, '/agent', { cookie, origin: SHOP }))).toBe('forbidden');
    expect(keep(await open(url, '/agent', { cookie, origin: url }))).toBe('connected');
    // the widget's own namespace stays open to the listed site
    const { body } = await json(`${url}/api/v1/widget/sessions`, { method: 'POST', headers: { origin: SHOP }, body: JSON.stringify({ desk: 'default' }) });
    expect(keep(await open(url, '/visitor', { origin: SHOP }, body.token as string))).toBe('connected');
  });

  it('compares the scheme too: https://host is not http://host', async () => {
    const https = url.replace('http://', 'https://');
    expect(keep(await open(url, '/agent', { cookie, origin: https }))).not.toBe('connected');
    const res = await json(`${url}/api/v1/conversations?queue=all`, { headers: { cookie, origin: https } });
    expect(res.status).toBe(403);
  });

  it('refuses cookie-authenticated REST calls from a listed site, login included', async () => {
    const list = await json(`${url}/api/v1/conversations?queue=all`, { headers: { cookie, origin: SHOP } });
    expect(list).toMatchObject({ status: 403, body: { ok: false, error: { code: 'forbidden' } } });
    const me = await json(`${url}/api/v1/auth/me`, { headers: { cookie, origin: SHOP } });
    expect(me.status).toBe(403);
    const login = await json(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { origin: SHOP, 'x-parley-csrf': '1' },
      body: JSON.stringify({ email: 'admin@test.local', password: 'correct horse battery' }),
    });
    expect(login.status).toBe(403);
    expect((await json(`${url}/api/v1/auth/me`, { headers: { cookie, origin: url } })).status).toBe(200);
  });
});

describe('with PUBLIC_URL, the own origin is PUBLIC_URL\'s', () => {
  it('lets the inbox at https://support.example in, and nothing else', async () => {
    const { url } = await start({ PUBLIC_URL: 'https://support.example' });
    const cookie = await loginAgent(url);
    expect(keep(await open(url, '/agent', { cookie, origin: 'https://support.example' }))).toBe('connected');
    expect(keep(await open(url, '/agent', { cookie, origin: 'http://support.example' }))).not.toBe('connected');
    expect(keep(await open(url, '/agent', { cookie, origin: url }))).not.toBe('connected');
  });
});

describe('TRUST_PROXY: one client address for REST and sockets', () => {
  // budgets ×0.1: 3 visitor sessions per IP a minute, 3 new conversations per IP an hour
  const scaled = { RATE_LIMIT_SCALE: '0.1' };
  const session = (url: string, forwardedFor: string) =>
    json(`${url}/api/v1/widget/sessions`, { method: 'POST', headers: { 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ desk: 'default' }) });
  /** A new visitor (session from its own address) whose socket says it comes from `forwardedFor`. */
  async function firstMessage(url: string, n: number, forwardedFor: string) {
    const { body } = await session(url, `192.0.2.${n}`);
    const socket = await open(url, '/visitor', { 'x-forwarded-for': forwardedFor }, body.token as string);
    if (typeof socket === 'string') throw new Error(socket);
    sockets.push(socket);
    return call(socket, 'visitor:message', { clientMsgId: clientMsgId(), text: 'hello' });
  }

  it('by default believes a proxy on loopback: each forwarded client has its own budget, on sockets too', async () => {
    const { url } = await start(scaled);
    for (let i = 0; i < 3; i++) expect((await session(url, '203.0.113.1')).status).toBe(201);
    expect((await session(url, '203.0.113.1')).body).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect((await session(url, '203.0.113.2')).status).toBe(201);

    for (let i = 0; i < 3; i++) expect((await firstMessage(url, 10 + i, '198.51.100.1')).ok).toBe(true);
    expect(await firstMessage(url, 20, '198.51.100.1')).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect((await firstMessage(url, 21, '198.51.100.2')).ok).toBe(true);
  });

  it('with TRUST_PROXY=false, ignores X-Forwarded-For: every request is the peer\'s', async () => {
    const { url } = await start({ ...scaled, TRUST_PROXY: 'false' });
    for (let i = 0; i < 3; i++) expect((await session(url, `203.0.113.${i + 1}`)).status).toBe(201);
    expect((await session(url, '203.0.113.9')).body).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });

  it('refuses a TRUST_PROXY it cannot read, naming it', async () => {
    await expect(start({ TRUST_PROXY: '10.0.0.0/33' })).rejects.toThrow(/TRUST_PROXY/);
  });
});
