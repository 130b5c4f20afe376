/**
 * Client side of the load bench: "rigs" that connect many visitor sockets and a few agent sockets to a server under
 * test and expose one uniform send/deliver interface to the open-loop driver. WebSocket transport only.
 *
 * - Parley: visitors get a widget session (REST), connect to /visitor, start their own conversation with a first
 *   message; agents log in (REST), connect to /agent and `agent:open` an equal share of the tickets. A load message
 *   is `visitor:message` {clientMsgId, text, attachmentIds: []}; it is delivered when an agent receives
 *   `message.created` for it in the ticket room.
 * - Bare relay: the same topology without REST and storage (see server-under-test.ts).
 */
import { AGENT_EVENTS, NAMESPACES, SERVER_EVENTS, VISITOR_EVENTS } from '@parley/protocol/events';
import type { ErrorBody } from '@parley/protocol/errors';
import type { Message, VisitorConversation } from '@parley/protocol/model';
import { io, type Socket } from 'socket.io-client';
import { BARE } from './shared.ts';

export interface Rig {
  readonly visitorCount: number;
  readonly agentCount: number;
  /** Sends one load message from visitor `visitor`; `done(ok)` runs when the server acknowledges it. */
  send(visitor: number, clientMsgId: string, text: string, done: (ok: boolean, error?: string) => void): void;
  /** Called with the clientMsgId of every message an agent receives in a ticket room. */
  onDelivered(listener: (clientMsgId: string) => void): void;
  close(): void;
}

export interface RigOptions {
  visitors: number;
  agents: number;
  /** Sockets connected (and conversations started) at once during setup. */
  setupConcurrency?: number;
}

const CONNECT_TIMEOUT_MS = 20_000;
const SETUP_ACK_TIMEOUT_MS = 30_000;

type ConnectOptions = NonNullable<Parameters<typeof io>[1]>;

function connect(url: string, opts: ConnectOptions): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: CONNECT_TIMEOUT_MS, ...opts });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err: Error) => {
      socket.close();
      reject(new Error(`could not connect to ${url}: ${err.message}`));
    });
  });
}

/** Runs `fn` over 0..n-1 with at most `limit` calls in flight; the first failure rejects (the others still settle). */
async function forEachLimit(n: number, limit: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < n) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
}

function closeAll(sockets: Array<Socket | undefined>): void {
  for (const s of sockets) s?.close();
}

// ── bare relay ──────────────────────────────────────────────────────────────

export async function bareRig(url: string, opts: RigOptions): Promise<Rig> {
  const agents: Socket[] = [];
  const visitors: Socket[] = [];
  let delivered: (clientMsgId: string) => void = () => {};
  try {
    for (let a = 0; a < opts.agents; a++) {
      const socket = await connect(`${url}${BARE.agentNs}`, {});
      socket.on(BARE.send, (payload: { clientMsgId?: unknown }) => {
        if (typeof payload?.clientMsgId === 'string') delivered(payload.clientMsgId);
      });
      agents.push(socket);
    }
    await forEachLimit(opts.visitors, opts.setupConcurrency ?? 50, async (i) => {
      const ticket = `t${i}`;
      const agent = agents[i % agents.length]!;
      const opened = (await agent.timeout(SETUP_ACK_TIMEOUT_MS).emitWithAck(BARE.open, { ticket })) as { ok: boolean };
      if (!opened.ok) throw new Error(`bare relay refused to open ${ticket}`);
      visitors[i] = await connect(`${url}${BARE.visitorNs}`, { auth: { ticket } });
    });
  } catch (err) {
    closeAll([...agents, ...visitors]);
    throw err;
  }
  return {
    visitorCount: visitors.length,
    agentCount: agents.length,
    send(visitor, clientMsgId, text, done) {
      visitors[visitor]!.emit(BARE.send, { clientMsgId, text, attachmentIds: [] }, (answer: { ok: boolean; error?: string }) =>
        done(answer.ok === true, answer.error),
      );
    },
    onDelivered(listener) {
      delivered = listener;
    },
    close: () => closeAll([...visitors, ...agents]),
  };
}

// ── Parley ──────────────────────────────────────────────────────────────────

type Answer<T extends object> = ({ ok: true } & T) | { ok: false; error: ErrorBody };
type SendAnswer = Answer<{ message: Message; conversation: VisitorConversation }>;

const json = { 'content-type': 'application/json' };
const csrf = { 'x-parley-csrf': '1' };

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const res = await fetch(url, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${new URL(url).pathname} answered ${res.status}: ${await res.text()}`);
  return res;
}

async function login(url: string, email: string, password: string): Promise<string> {
  const res = await post(`${url}/api/v1/auth/login`, { email, password }, csrf);
  const cookie = res.headers.getSetCookie()[0]?.split(';')[0];
  if (!cookie) throw new Error(`login of ${email} set no session cookie`);
  return cookie;
}

const failure = (what: string, answer: { ok: false; error: ErrorBody }) => new Error(`${what}: ${answer.error.code}: ${answer.error.message}`);

export async function parleyRig(url: string, opts: RigOptions & { admin: { email: string; password: string } }): Promise<Rig> {
  // Agent 0 is the admin; the others are created by the admin and log in on their own.
  const cookies = [await login(url, opts.admin.email, opts.admin.password)];
  for (let a = 1; a < opts.agents; a++) {
    const email = `agent${a}@bench.parley.local`;
    const password = `bench agent password ${a}`;
    await post(`${url}/api/v1/agents`, { name: `Bench agent ${a}`, email, password, role: 'agent' }, { ...csrf, cookie: cookies[0]! });
    cookies.push(await login(url, email, password));
  }
  const agents: Socket[] = [];
  const visitors: Socket[] = [];
  let delivered: (clientMsgId: string) => void = () => {};
  try {
    for (const cookie of cookies) {
      const socket = await connect(`${url}${NAMESPACES.agent}`, { extraHeaders: { cookie } });
      socket.on(SERVER_EVENTS.messageCreated, (payload: { message?: { clientMsgId?: unknown } }) => {
        const id = payload?.message?.clientMsgId;
        if (typeof id === 'string') delivered(id);
      });
      agents.push(socket);
    }
    await forEachLimit(opts.visitors, opts.setupConcurrency ?? 25, async (i) => {
      const session = (await (await post(`${url}/api/v1/widget/sessions`, { desk: 'default' })).json()) as { token: string };
      const socket = await connect(`${url}${NAMESPACES.visitor}`, { auth: { token: session.token } });
      visitors[i] = socket;
      const first = (await socket.timeout(SETUP_ACK_TIMEOUT_MS).emitWithAck(VISITOR_EVENTS.send, {
        clientMsgId: `setup_${i.toString().padStart(6, '0')}`,
        text: `Hello, I am bench visitor ${i}`,
        attachmentIds: [],
      })) as SendAnswer;
      if (!first.ok) throw failure(`first message of visitor ${i}`, first);
      const agent = agents[i % agents.length]!;
      const opened = (await agent.timeout(SETUP_ACK_TIMEOUT_MS).emitWithAck(AGENT_EVENTS.open, {
        conversationId: first.message.conversationId,
      })) as Answer<object>;
      if (!opened.ok) throw failure(`agent:open of visitor ${i}'s ticket`, opened);
    });
  } catch (err) {
    closeAll([...agents, ...visitors]);
    throw err;
  }
  return {
    visitorCount: visitors.length,
    agentCount: agents.length,
    send(visitor, clientMsgId, text, done) {
      visitors[visitor]!.emit(VISITOR_EVENTS.send, { clientMsgId, text, attachmentIds: [] }, (answer: SendAnswer) =>
        done(answer.ok, answer.ok ? undefined : answer.error.code),
      );
    },
    onDelivered(listener) {
      delivered = listener;
    },
    close: () => closeAll([...visitors, ...agents]),
  };
}
