import type { Message } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { ADMIN, sleep, waitFor } from '../support/node-process.ts';

/**
 * Small wire clients that do what the widget and the inbox do for delivery, and nothing else:
 * a timeline keyed by seq, an outbox resent with the same clientMsgId until acknowledged, resume / gap fill.
 */

export type Ack = { ok: boolean; error?: { code: string; message: string } } & Record<string, unknown>;

const ACK_TIMEOUT_MS = 3000;
const RETRY_MS = 250;
const MAX_SEND_ATTEMPTS = 40;
const MAX_RECONNECTS = 100;
const MAX_SYNC_PAGES = 20;

/** What a client shows: messages by seq. Duplicates on the wire are counted, never shown twice. */
export class Timeline {
  private readonly bySeq = new Map<number, Message>();
  readonly source = new Map<number, string>();
  duplicates = 0;
  /** The same seq arriving with a different message: must never happen. */
  readonly conflicts: string[] = [];

  add(messages: Message[], source: string): void {
    for (const m of messages) {
      const known = this.bySeq.get(m.seq);
      if (!known) {
        this.bySeq.set(m.seq, m);
        this.source.set(m.seq, source);
      } else if (known.id !== m.id || known.clientMsgId !== m.clientMsgId) {
        this.conflicts.push(`seq ${m.seq}: ${known.clientMsgId} vs ${m.clientMsgId}`);
      } else this.duplicates++;
    }
  }

  /** Highest seq with every seq below it present (what a gap fill asks after). */
  contiguous(): number {
    let seq = 0;
    while (this.bySeq.has(seq + 1)) seq++;
    return seq;
  }

  max(): number {
    return Math.max(0, ...this.bySeq.keys());
  }

  has(seq: number): boolean {
    return this.bySeq.has(seq);
  }

  list(): Message[] {
    return [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
  }
}

export async function newVisitorToken(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/widget/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ desk: 'default' }),
  });
  const body = (await res.json()) as { token?: string };
  if (!body.token) throw new Error(`no visitor token: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

export async function loginAgent(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-parley-csrf': '1' },
    body: JSON.stringify(ADMIN),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('parley_session='));
  if (res.status !== 200 || !cookie) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return cookie.split(';')[0]!;
}

/** One Socket.IO connection without automatic reconnection; resolves once connected. */
export function connectSocket(url: string, ns: '/visitor' | '/agent', opts: { token?: string; cookie?: string }): Promise<Socket> {
  const socket = io(`${url}${ns}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 3000,
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

export function call(socket: Socket, event: string, payload: unknown, ms = ACK_TIMEOUT_MS): Promise<Ack> {
  return socket.timeout(ms).emitWithAck(event, payload) as Promise<Ack>;
}

let counter = 0;
export const newClientMsgId = () => `f${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/**
 * The widget's delivery logic: an outbox of unacknowledged messages, each resent with its clientMsgId until
 * acknowledged; on every (re)connect `visitor:resume {afterSeq}` and then the outbox again. It reconnects by
 * itself to `pickUrl()` (a load balancer's choice among live nodes).
 */
export class VisitorClient {
  readonly timeline = new Timeline();
  /** Unacknowledged: clientMsgId → text, in sending order. */
  readonly outbox = new Map<string, string>();
  readonly acked = new Map<string, Message>();
  /** Every sent message, in sending order. */
  readonly sent: Array<{ clientMsgId: string; text: string }> = [];
  /** Refusals ({ok:false}) seen; retried all the same. */
  readonly refusals: string[] = [];
  readonly connectedTo: string[] = [];
  resyncs = 0;
  conversationId: string | null = null;
  private socket: Socket | null = null;
  private inFlight = new Set<string>();
  private attempts = new Map<string, number>();
  private closed = false;
  private reconnects = 0;

  constructor(
    private readonly token: string,
    private readonly pickUrl: () => string,
  ) {}

  /** Connects the first time; afterwards reconnection is automatic. */
  async start(): Promise<void> {
    await this.connect();
    if (!this.socket) throw new Error('visitor could not connect');
  }

  send(text: string): string {
    const clientMsgId = newClientMsgId();
    this.sent.push({ clientMsgId, text });
    this.outbox.set(clientMsgId, text);
    void this.deliver(clientMsgId);
    return clientMsgId;
  }

  /** Sends and waits (bounded) for the acknowledgement. */
  async sendAndWait(text: string, timeoutMs = 10_000): Promise<Message> {
    const id = this.send(text);
    return waitFor(`ack of ${text}`, () => this.acked.get(id), timeoutMs, 20);
  }

  async waitAllAcked(timeoutMs: number): Promise<void> {
    await waitFor('every visitor message acknowledged', () => this.outbox.size === 0, timeoutMs, 50);
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
    this.socket = null;
  }

  private async connect(): Promise<void> {
    for (; !this.closed && this.reconnects < MAX_RECONNECTS; this.reconnects++) {
      const url = this.pickUrl();
      try {
        const socket = await connectSocket(url, '/visitor', { token: this.token });
        this.online(socket, url);
        return;
      } catch {
        await sleep(RETRY_MS);
      }
    }
  }

  private online(socket: Socket, url: string): void {
    this.socket = socket;
    this.inFlight.clear(); // answers to the old connection will never come: resend
    this.connectedTo.push(url);
    socket.on('message.created', ({ message }: { message: Message }) => this.receive([message], 'live'));
    socket.on('resync', () => {
      this.resyncs++;
      void this.resume();
    });
    socket.on('disconnect', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!this.closed) void this.connect();
    });
    void this.resume();
  }

  private receive(messages: Message[], source: string): void {
    for (const m of messages) if (!this.conversationId) this.conversationId = m.conversationId;
    this.timeline.add(messages.filter((m) => m.conversationId === this.conversationId), source);
  }

  private async resume(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    try {
      const answer = await visitorHistory(socket, this.timeline.contiguous());
      if (answer.ok) this.receive(answer.messages, 'resume');
    } catch {
      // no answer: the next reconnect resumes again
    }
    for (const id of this.outbox.keys()) void this.deliver(id);
  }

  private async deliver(clientMsgId: string): Promise<void> {
    const socket = this.socket;
    const text = this.outbox.get(clientMsgId);
    if (!socket?.connected || text === undefined || this.inFlight.has(clientMsgId)) return; // sent on (re)connect
    const attempt = (this.attempts.get(clientMsgId) ?? 0) + 1;
    if (attempt > MAX_SEND_ATTEMPTS) return;
    this.attempts.set(clientMsgId, attempt);
    this.inFlight.add(clientMsgId);
    let answer: Ack | null = null;
    try {
      answer = await call(socket, 'visitor:message', { clientMsgId, text });
    } catch {
      // timed out or disconnected
    }
    if (this.socket !== socket) return; // a newer connection has resent it
    this.inFlight.delete(clientMsgId);
    if (answer?.ok) {
      const message = answer.message as Message;
      this.acked.set(clientMsgId, message);
      this.outbox.delete(clientMsgId);
      this.receive([message], 'ack');
      return;
    }
    if (answer) this.refusals.push(`${clientMsgId}: ${answer.error?.code}`);
    await sleep(RETRY_MS);
    void this.deliver(clientMsgId);
  }
}

/**
 * The inbox's side of one open ticket: `agent:open`, live `message.created`, gap fill with `agent:sync` after the
 * last contiguous seq (on a hole, on a `conversation.updated` that is ahead, and on `resync`).
 */
export class AgentClient {
  readonly timeline = new Timeline();
  /** Every agent:sync made: why and from where. */
  readonly syncs: Array<{ reason: string; afterSeq: number; got: number }> = [];
  resyncs = 0;
  private filling: Promise<void> | null = null;
  private again: string | null = null;

  private constructor(
    readonly socket: Socket,
    readonly conversationId: string,
  ) {}

  static async open(url: string, conversationId: string): Promise<AgentClient> {
    const socket = await connectSocket(url, '/agent', { cookie: await loginAgent(url) });
    const agent = new AgentClient(socket, conversationId);
    socket.on('message.created', ({ message }: { message: Message }) => {
      if (message.conversationId !== conversationId) return;
      agent.timeline.add([message], 'live');
      if (agent.timeline.max() > agent.timeline.contiguous()) agent.fill('gap');
    });
    socket.on('conversations.updated', ({ conversations }: { conversations: Array<{ id: string; lastSeq: number }> }) => {
      const conversation = conversations.find((c) => c.id === conversationId);
      if (conversation && conversation.lastSeq > agent.timeline.contiguous()) agent.fill('behind');
    });
    socket.on('resync', () => {
      agent.resyncs++;
      agent.fill('resync');
    });
    const answer = await call(socket, 'agent:open', { conversationId });
    if (!answer.ok) throw new Error(`agent:open failed: ${JSON.stringify(answer.error)}`);
    agent.timeline.add(answer.messages as Message[], 'open');
    return agent;
  }

  /** One gap fill at a time; a request made meanwhile runs once more afterwards. */
  fill(reason: string): void {
    if (this.filling) {
      this.again = reason;
      return;
    }
    this.filling = (async () => {
      for (let page = 0; page < MAX_SYNC_PAGES; page++) {
        const afterSeq = this.timeline.contiguous();
        let messages: Message[] = [];
        try {
          const answer = await call(this.socket, 'agent:sync', { conversationId: this.conversationId, afterSeq });
          if (answer.ok) messages = answer.messages as Message[];
        } catch {
          break;
        }
        this.syncs.push({ reason, afterSeq, got: messages.length });
        this.timeline.add(messages, reason);
        if (messages.length === 0 || this.timeline.max() === this.timeline.contiguous()) break;
      }
    })().finally(() => {
      this.filling = null;
      const next = this.again;
      this.again = null;
      if (next) this.fill(next);
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** The stored conversation, read with `agent:sync` from seq 0 (page by page). */
export async function storedConversation(url: string, conversationId: string): Promise<Message[]> {
  const socket = await connectSocket(url, '/agent', { cookie: await loginAgent(url) });
  try {
    const all: Message[] = [];
    for (let page = 0; page < MAX_SYNC_PAGES; page++) {
      const answer = await call(socket, 'agent:sync', { conversationId, afterSeq: all.at(-1)?.seq ?? 0 }, 10_000);
      if (!answer.ok) throw new Error(`agent:sync failed: ${JSON.stringify(answer.error)}`);
      const messages = answer.messages as Message[];
      if (messages.length === 0) break;
      all.push(...messages);
    }
    return all;
  } finally {
    socket.close();
  }
}

/** Compact form for comparisons and readable diffs. */
export const brief = (messages: Message[]) => messages.map((m) => ({ seq: m.seq, clientMsgId: m.clientMsgId, text: m.text }));

/**
 * A visitor's whole history as the widget gathers it: `visitor:resume`, then `visitor:sync` a page at a time until an
 * empty page (answers are pages of at most 50 messages).
 */
export async function visitorHistory(
  socket: Socket,
  afterSeq = 0,
  ms = ACK_TIMEOUT_MS,
): Promise<{ ok: true; conversation: { id: string; lastSeq: number } | null; messages: Message[] } | { ok: false; error: Ack['error'] }> {
  const resumed = await call(socket, 'visitor:resume', { afterSeq }, ms);
  if (!resumed.ok) return { ok: false, error: resumed.error };
  const conversation = resumed.conversation as { id: string; lastSeq: number } | null;
  const messages = [...(resumed.messages as Message[])];
  if (!conversation) return { ok: true, conversation, messages };
  for (let page = messages; page.length > 0; ) {
    const synced = await call(socket, 'visitor:sync', { conversationId: conversation.id, afterSeq: page.at(-1)!.seq }, ms);
    if (!synced.ok) return { ok: false, error: synced.error };
    page = synced.messages as Message[];
    messages.push(...page);
  }
  return { ok: true, conversation, messages };
}
