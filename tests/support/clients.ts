import type { TicketPresence } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';

/** Socket and REST helpers shared by the server's integration tests and the cross-package suites. */

export const ADMIN = { email: 'admin@test.local', password: 'correct horse battery' };

export async function json(url: string, init: RequestInit & { body?: string } = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { raw: text };
  }
  return { status: res.status, body, headers: res.headers };
}

export async function loginAgent(url: string, creds = ADMIN): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-parley-csrf': '1' },
    body: JSON.stringify(creds),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('parley_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0]!;
}

/** Settings → Desk as an admin saves it: the current version read, then `patch` saved over it. */
export async function changeDeskSettings(url: string, cookie: string, patch: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers = { cookie, 'x-parley-csrf': '1' };
  const { version } = (await json(`${url}/api/v1/settings/desk`, { headers })).body.settings as { version: number };
  return json(`${url}/api/v1/settings/desk`, { method: 'PATCH', headers, body: JSON.stringify({ version, ...patch }) });
}

export async function newVisitorToken(url: string, desk = 'default'): Promise<string> {
  const { body } = await json(`${url}/api/v1/widget/sessions`, { method: 'POST', body: JSON.stringify({ desk }) });
  if (typeof body.token !== 'string') throw new Error(`no token: ${JSON.stringify(body)}`);
  return body.token;
}

export function connect(url: string, ns: '/visitor' | '/agent', opts: { token?: string; cookie?: string }): Promise<Socket> {
  const socket = io(`${url}${ns}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(opts.token ? { auth: { token: opts.token } } : {}),
    ...(opts.cookie ? { extraHeaders: { cookie: opts.cookie } } : {}),
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

export type Ack = { ok: boolean; error?: { code: string; message: string; details?: unknown } } & Record<string, unknown>;

export function call(socket: Socket, event: string, payload?: unknown): Promise<Ack> {
  return socket.timeout(5000).emitWithAck(event, payload) as Promise<Ack>;
}

/** Resolves with the next `event` payload matching `pred`, or rejects after `ms`. */
export function nextEvent<T>(socket: Socket, event: string, pred: (p: T) => boolean = () => true, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, on);
      reject(new Error(`timed out waiting for ${event}`));
    }, ms);
    const on = (p: T) => {
      if (!pred(p)) return;
      clearTimeout(timer);
      socket.off(event, on);
      resolve(p);
    };
    socket.on(event, on);
  });
}

/** Collects every `event` payload until read. */
export function record<T>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (p: T) => seen.push(p));
  return seen;
}

let n = 0;
export const clientMsgId = () => `cm${Date.now().toString(36)}${(n++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** The first `presence.updated` of `conversationId` that satisfies `pred`; rejects after `ms`. */
export function nextPresence(socket: Socket, conversationId: string, pred: (p: TicketPresence) => boolean, ms: number): Promise<TicketPresence> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('presence.updated', on);
      reject(new Error(`no matching presence for ${conversationId} within ${ms} ms`));
    }, ms);
    const on = (p: TicketPresence) => {
      if (p.conversationId !== conversationId || !pred(p)) return;
      clearTimeout(timer);
      socket.off('presence.updated', on);
      resolve(p);
    };
    socket.on('presence.updated', on);
  });
}
