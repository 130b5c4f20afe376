import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Message } from '@parley/protocol';
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { startNodeProcess, type NodeProcess } from '../support/node-process.ts';
import { brief, call, connectSocket, newClientMsgId, newVisitorToken, visitorHistory } from './clients.ts';

/**
 * SIGTERM reaches a node (embedded store) in the middle of a burst of visitor messages. What it acknowledged is
 * on disk for the next process, once; it exits cleanly within SHUTDOWN_TIMEOUT_MS.
 */
describe('SIGTERM during a burst of messages (embedded store)', () => {
  const SHUTDOWN_TIMEOUT_MS = 8000;
  const BURST = 300;
  const nodes: NodeProcess[] = [];
  const sockets: Socket[] = [];
  let dataDir: string | undefined;

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await Promise.all(nodes.map((n) => n.kill()));
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const start = async (name: string) => {
    const node = await startNodeProcess(name, { DATA_DIR: dataDir!, SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) });
    nodes.push(node);
    return node;
  };
  const visitorOn = async (node: NodeProcess, token: string) => {
    const socket = await connectSocket(node.url, '/visitor', { token });
    sockets.push(socket);
    return socket;
  };
  const stored = async (socket: Socket) => {
    const answer = await visitorHistory(socket, 0, 10_000);
    if (!answer.ok) throw new Error(`history: ${JSON.stringify(answer.error)}`);
    return answer.messages;
  };

  it('keeps every acknowledged message exactly once and exits with code 0 in time', async () => {
    onTestFailed(() => console.log(nodes.map((n) => n.output()).join('\n')));
    dataDir = await mkdtemp(path.join(tmpdir(), 'parley-faults-'));
    const first = await start('first');
    const token = await newVisitorToken(first.url);
    const socket = await visitorOn(first, token);

    const ids = Array.from({ length: BURST }, () => newClientMsgId());
    const textOf = new Map(ids.map((id, i) => [id, `burst ${i + 1}`]));
    const acked = new Map<string, Message>();
    // SIGTERM goes out from the 20th acknowledgement itself: waiting for it on a timer let a fast store acknowledge
    // the whole burst before the signal, and the test then proved nothing about a shutdown under load
    const SIGNAL_AFTER = 20;
    let stopping: Promise<unknown> | undefined;
    const answers = ids.map((clientMsgId) =>
      call(socket, 'visitor:message', { clientMsgId, text: textOf.get(clientMsgId) }, 15_000).then(
        (a) => {
          if (!a.ok) return;
          acked.set(clientMsgId, a.message as Message);
          // bounded by SHUTDOWN_TIMEOUT_MS: stop() rejects when the process is still running then (kept as the
          // value, so that the assertion below shows it)
          if (acked.size === SIGNAL_AFTER) stopping = first.stop('SIGTERM', SHUTDOWN_TIMEOUT_MS).catch((e: unknown) => e);
        },
        () => undefined, // no answer: disconnected by the shutdown
      ),
    );
    await Promise.all(answers);
    expect(stopping, 'the burst reached 20 acknowledgements before the signal').toBeDefined();
    expect(await stopping).toEqual({ code: 0, signal: null });

    // a new process on the same DATA_DIR has every acknowledged message, once, under the acknowledged seq
    const second = await start('second');
    const after = await stored(await visitorOn(second, token));
    expect(after.map((m) => m.seq)).toEqual(Array.from({ length: after.length }, (_, i) => i + 1));
    expect(new Set(after.map((m) => m.clientMsgId)).size).toBe(after.length);
    const byId = new Map(after.map((m) => [m.clientMsgId, m]));
    for (const [id, message] of acked) expect(brief([byId.get(id)!])).toEqual(brief([message]));

    // the widget's retry of everything unacknowledged (same ids) completes the burst, still exactly once
    const retrySocket = await visitorOn(second, token);
    for (const id of ids.filter((i) => !acked.has(i))) {
      const answer = await call(retrySocket, 'visitor:message', { clientMsgId: id, text: textOf.get(id) });
      expect(answer.ok).toBe(true);
    }
    const complete = await stored(retrySocket);
    expect(complete.map((m) => m.seq)).toEqual(Array.from({ length: BURST }, (_, i) => i + 1));
    expect(complete.map((m) => m.clientMsgId).sort()).toEqual([...ids].sort());
    for (const m of complete) expect(m.text).toBe(textOf.get(m.clientMsgId));
  }, 90_000);
});
