import type { Conversation, Message } from '@parley/protocol';
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { adapters, type AdapterName, type StoreLocation } from '../support/adapters.ts';
import { sleep, startNodeProcess, waitFor, type NodeProcess } from '../support/node-process.ts';
import { brief, call, connectSocket, loginAgent, newClientMsgId, newVisitorToken, visitorHistory } from './clients.ts';

/**
 * A node is SIGKILLed ~1-2 s into an open-loop burst of messages (embedded: ~2,000 msg/s, 100 visitors × 20 msg/s; see
 * LOADS), each message with its own clientMsgId, then restarted on the same store; three times over, twice on MongoDB (the next burst goes to the
 * restarted process, so a process that recovered from a crash is itself crashed under load).
 *
 * What it proves, and what breaks it:
 *  - every acknowledged message is stored, under the seq it was acknowledged with: fails when the server acks before
 *    the (group) commit is done, e.g. answering a step when it is queued rather than when its batch is written
 *    (process death loses the queue). It does NOT prove fsync (synchronous=FULL): a SIGKILL keeps the OS page cache.
 *  - seq is gap-free 1..lastSeq per conversation and equals the ticket's lastSeq: fails when the message and the
 *    ticket summary are not committed together (message row written, ticket.lastSeq not — the next append then
 *    collides on (conversation, seq) or leaves a gap), or when a failed step of a batch leaves a partial write behind.
 *  - no clientMsgId is stored twice, and each visitor's messages land in one ticket: fails without the unique
 *    (conversation, clientMsgId) key, or when racing first messages open two tickets.
 *  - the clients' retry of every unacknowledged message (same clientMsgIds) through the new process ends with exactly
 *    one copy of each message sent: fails when a message that was committed but not acknowledged at the kill is
 *    stored again (the retry must be answered as a duplicate with the stored message).
 */

/**
 * The offered load per adapter. Embedded: ~2,000 msg/s (100 visitors × 20 msg/s), beyond what the node acknowledges
 * on a loaded 2-core machine. MongoDB: the test server (FerretDB 1.24 on SQLite behind a gate that serialises every
 * write) commits a few dozen message steps per second, so 2,000 msg/s would only build a backlog of minutes; the
 * mongo run offers 50 msg/s (25 × 2), still a multiple of what it commits, so that the kill lands on a busy group
 * commit with steps in flight.
 */
interface Load {
  visitors: number;
  perVisitorPerSecond: number;
  /** The kill waits for at least this many acknowledgements, so that it always cuts a burst that is under way. */
  minAckedAtKill: number;
  /** Kill cycles: burst, SIGKILL, restart on the same store, verify, retry; the next burst goes to the new process. */
  rounds: number;
}
const LOADS: Record<AdapterName, Load> = {
  embedded: { visitors: 100, perVisitorPerSecond: 20, minAckedAtKill: 100, rounds: 3 },
  // Every unacknowledged message is retried through the test server at its few dozen steps a second: 3 rounds of 50
  // visitors took 160 s of a CI run; 2 rounds of 25 still crash a recovered process under load with steps in flight.
  mongo: { visitors: 25, perVisitorPerSecond: 2, minAckedAtKill: 10, rounds: 2 },
};
/** The burst is planned longer than the kill point: the kill always lands in the middle of it. */
const PLANNED_MS = 4000;
const KILL_AFTER_MS = { min: 1000, max: 2000 };
const ACK_TIMEOUT_MS = 20_000;
/**
 * Just before the kill the clients stop listening to acknowledgements for 100-300 ms (as if they were lost with the
 * connection): every message committed then is stored but unacknowledged, so the retry must meet it as a duplicate.
 * Without this, the window between commit and ack is microseconds wide and a kill almost never lands in it.
 */
const DEAF_MS = { min: 100, max: 300 };

interface Sender {
  index: number;
  token: string;
  socket: Socket | null;
  /** Every message this visitor sent, in sending order, over all rounds. */
  sent: Array<{ clientMsgId: string; text: string }>;
  acked: Map<string, Message>;
  /** Acknowledgements that arrived after the client went deaf (see DEAF_MS): committed, but unknown to the client. */
  lostAcks: Map<string, Message>;
  refusals: string[];
  conversationId: string | null;
}

/** Reads one visitor's ticket through both surfaces: the visitor's resume and the agent's open ticket. */
async function readBack(visitorSocket: Socket, agentSocket: Socket): Promise<{ conversation: Conversation | null; visitorView: Message[]; agentView: Message[] }> {
  const resumed = await visitorHistory(visitorSocket, 0, 30_000);
  if (!resumed.ok) throw new Error(`history: ${JSON.stringify(resumed.error)}`);
  const visitorView = resumed.messages;
  const resumedConversation = resumed.conversation;
  if (!resumedConversation) return { conversation: null, visitorView, agentView: [] };
  const opened = await call(agentSocket, 'agent:open', { conversationId: resumedConversation.id }, 30_000);
  expect(opened.ok, JSON.stringify(opened.error)).toBe(true);
  return { conversation: opened.conversation as Conversation, visitorView, agentView: opened.messages as Message[] };
}

const seqs = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * One burst: every visitor sends open-loop on its own schedule (staggered, so that sends spread evenly over time)
 * until `node` is SIGKILLed, ~1-2 s in and once at least `load.minAckedAtKill` messages of this burst are acknowledged.
 */
async function burstUntilKilled(node: NodeProcess, senders: Sender[], load: Load, label: string): Promise<void> {
  const interval = 1000 / load.perVisitorPerSecond;
  let stopped = false;
  let deaf = false;
  const answers: Array<Promise<void>> = [];
  const sentBefore = senders.map((s) => s.sent.length);
  const ackedBefore = sum(senders.map((s) => s.acked.size));
  const t0 = Date.now();
  const planned = Math.floor(PLANNED_MS / interval);
  const sendDue = () => {
    const elapsed = Date.now() - t0;
    for (const [i, s] of senders.entries()) {
      const due = sentBefore[i]! + Math.min(planned, Math.floor((elapsed - (i / senders.length) * interval) / interval) + 1);
      const socket = s.socket;
      while (!stopped && socket?.connected && s.sent.length < due) {
        const clientMsgId = newClientMsgId();
        const text = `v${s.index} m${s.sent.length + 1}`;
        s.sent.push({ clientMsgId, text });
        answers.push(
          call(socket, 'visitor:message', { clientMsgId, text }, ACK_TIMEOUT_MS).then(
            (a) => {
              if (!a.ok) s.refusals.push(`${clientMsgId}: ${a.error?.code} ${a.error?.message}`);
              else (deaf ? s.lostAcks : s.acked).set(clientMsgId, a.message as Message);
            },
            () => undefined, // no answer: the node was killed
          ),
        );
      }
    }
  };
  const ticker = setInterval(sendDue, 5);
  const ackedNow = () => sum(senders.map((s) => s.acked.size)) - ackedBefore;
  const killAt = KILL_AFTER_MS.min + Math.random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min);
  try {
    await waitFor('the burst to be under way', () => Date.now() - t0 >= killAt && ackedNow() >= load.minAckedAtKill, 60_000, 5).catch((err: unknown) => {
      const refusals = senders.flatMap((s) => s.refusals);
      const sent = sum(senders.map((s, i) => s.sent.length - sentBefore[i]!));
      throw new Error(
        `${err instanceof Error ? err.message : String(err)}: ${sent} sent, ${ackedNow()} acknowledged, ${refusals.length} refused ` +
          `(first: ${refusals.slice(0, 3).join('; ')})\n${node.output()}`,
      );
    });
    deaf = true;
    await sleep(DEAF_MS.min + Math.random() * (DEAF_MS.max - DEAF_MS.min));
    const exit = await node.stop('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
  } finally {
    stopped = true;
    clearInterval(ticker);
  }
  const killedAfterMs = Date.now() - t0;
  await Promise.all(answers); // every outstanding call settles: acknowledged before the kill, or failed
  const sent = sum(senders.map((s, i) => s.sent.length - sentBefore[i]!));
  const acked = ackedNow();
  const lost = sum(senders.map((s) => s.lostAcks.size));
  console.log(
    `${label} burst: ${sent} sent in ${killedAfterMs} ms (${Math.round((sent * 1000) / killedAfterMs)} msg/s offered), ` +
      `${acked} acknowledged, ${lost} acknowledgements lost in the deaf window, ${sent - acked} unacknowledged`,
  );
  expect(senders.flatMap((s) => s.refusals)).toEqual([]);
  expect(acked).toBeGreaterThanOrEqual(load.minAckedAtKill);
  expect(sent - acked).toBeGreaterThan(0); // the kill cut the burst: something was in flight
  for (const s of senders) {
    s.socket?.close();
    s.socket = null;
  }
}

describe.each(adapters())('SIGKILL in the middle of a burst of messages ($adapter)', ({ adapter, location }) => {
  const nodes: NodeProcess[] = [];
  const sockets: Socket[] = [];
  let store: StoreLocation | undefined;

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await Promise.all(nodes.map((n) => n.kill()));
    await store?.dispose();
  });

  const start = async (name: string) => {
    const node = await startNodeProcess(name, store!.env, { readyTimeoutMs: 60_000 });
    nodes.push(node);
    return node;
  };
  const open = async (url: string, ns: '/visitor' | '/agent', auth: { token?: string; cookie?: string }) => {
    const socket = await connectSocket(url, ns, auth);
    sockets.push(socket);
    return socket;
  };

  /**
   * After a restart: what was acknowledged is there, once, under its acknowledged seq, gap-free and equal to the
   * ticket's lastSeq; then the retry of everything unacknowledged completes each conversation, exactly once.
   * Leaves each visitor connected to `node` for the next burst. Returns how many stored messages were committed but
   * not acknowledged at the kill (the window the retry must answer as duplicates).
   */
  const verifyAndRetry = async (node: NodeProcess, senders: Sender[], label: string): Promise<number> => {
    const agentSocket = await open(node.url, '/agent', { cookie: await loginAgent(node.url) });
    let storedUnacked = 0;
    let stored = 0;
    let retriedTotal = 0;
    for (const s of senders) {
      const visitorSocket = await open(node.url, '/visitor', { token: s.token });
      const { conversation, visitorView, agentView } = await readBack(visitorSocket, agentSocket);
      const where = `${label} visitor ${s.index} (${s.acked.size} acknowledged of ${s.sent.length} sent)`;
      stored += visitorView.length;
      if (s.acked.size > 0) expect(conversation, where).not.toBeNull();
      if (s.conversationId) expect(conversation?.id, `${where}: a second ticket`).toBe(s.conversationId);
      const lastSeq = conversation?.lastSeq ?? 0;
      // gap-free 1..lastSeq, equal to the ticket's summary, the same for the visitor and the agent
      expect(visitorView.map((m) => m.seq), where).toEqual(seqs(lastSeq));
      expect(brief(agentView), where).toEqual(brief(visitorView));
      // nothing twice, nothing foreign, every text intact
      const textOf = new Map(s.sent.map((m) => [m.clientMsgId, m.text]));
      expect(new Set(visitorView.map((m) => m.clientMsgId)).size, where).toBe(visitorView.length);
      for (const m of visitorView) expect(m.text, where).toBe(textOf.get(m.clientMsgId));
      // every acknowledged message (also those whose acknowledgement the client never heard), as acknowledged, in
      // this visitor's one ticket
      const byClientMsgId = new Map(visitorView.map((m) => [m.clientMsgId, m]));
      for (const [clientMsgId, ack] of [...s.acked, ...s.lostAcks]) {
        expect(ack.conversationId, where).toBe(conversation?.id);
        const found = byClientMsgId.get(clientMsgId);
        expect(found, `${where}: ${clientMsgId} was acknowledged but is not stored`).toBeDefined();
        expect(found && { ...brief([found])[0], id: found.id }, where).toEqual({ ...brief([ack])[0], id: ack.id });
      }
      storedUnacked += visitorView.filter((m) => !s.acked.has(m.clientMsgId)).length;
      s.lostAcks.clear();

      // the widget's retry of everything unacknowledged, same clientMsgIds, all at once
      const unacked = s.sent.filter((m) => !s.acked.has(m.clientMsgId));
      retriedTotal += unacked.length;
      const retried = await Promise.all(unacked.map((m) => call(visitorSocket, 'visitor:message', m, 30_000)));
      for (const [k, answer] of retried.entries()) {
        expect(answer.ok, `${where}: retry of ${unacked[k]?.clientMsgId}: ${JSON.stringify(answer.error)}`).toBe(true);
        const message = answer.message as Message;
        expect(message.clientMsgId, where).toBe(unacked[k]?.clientMsgId);
        // a message stored before the kill is answered with its stored copy, not stored again
        const before = byClientMsgId.get(message.clientMsgId);
        if (before) expect({ ...brief([message])[0], id: message.id }, where).toEqual({ ...brief([before])[0], id: before.id });
        s.acked.set(message.clientMsgId, message);
      }
      const complete = await readBack(visitorSocket, agentSocket);
      expect(complete.visitorView.map((m) => m.seq), where).toEqual(seqs(s.sent.length));
      expect(complete.conversation?.lastSeq, where).toBe(s.sent.length);
      if (conversation) expect(complete.conversation?.id, where).toBe(conversation.id);
      s.conversationId = complete.conversation?.id ?? null;
      expect(complete.visitorView.map((m) => m.clientMsgId).sort(), where).toEqual(s.sent.map((m) => m.clientMsgId).sort());
      for (const m of complete.visitorView) expect(m.text, where).toBe(textOf.get(m.clientMsgId));
      for (const m of complete.visitorView) expect(s.acked.get(m.clientMsgId)?.seq, where).toBe(m.seq);
      expect(brief(complete.agentView), where).toEqual(brief(complete.visitorView));
      s.socket = visitorSocket; // the next burst goes through this connection
    }
    agentSocket.close();
    console.log(
      `${label} after the restart: ${stored} stored (${storedUnacked} committed but not acknowledged at the kill), ` +
        `${retriedTotal} retried, ${sum(senders.map((s) => s.sent.length))} in all, each exactly once`,
    );
    return storedUnacked;
  };

  it('keeps every acknowledged message once, gap-free, and the retry completes every conversation exactly once', async () => {
    onTestFailed(() => console.log(nodes.map((n) => n.output()).join('\n')));
    store = await location('faults_burst_kill');
    let node = await start(`${adapter}-0`);
    const tokens = await Promise.all(Array.from({ length: LOADS[adapter].visitors }, () => newVisitorToken(node.url)));
    const senders: Sender[] = await Promise.all(
      tokens.map(async (token, index) => ({ index, token, socket: await open(node.url, '/visitor', { token }), sent: [], acked: new Map(), lostAcks: new Map(), refusals: [], conversationId: null })),
    );
    let storedUnacked = 0;
    const { rounds } = LOADS[adapter];
    for (let round = 1; round <= rounds; round++) {
      const label = `[${adapter} round ${round}/${rounds}]`;
      await burstUntilKilled(node, senders, LOADS[adapter], label);
      node = await start(`${adapter}-${round}`);
      storedUnacked += await verifyAndRetry(node, senders, label);
    }
    console.log(`[${adapter}] committed-but-unacknowledged messages met by the retries: ${storedUnacked}`);
    // the duplicate path was exercised: some retries met a message committed before the kill
    expect(storedUnacked).toBeGreaterThan(0);
  }, 600_000);
});
