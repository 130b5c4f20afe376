/**
 * The server under test for bench/load.ts, run as its own process so that it does not share an event loop (or a
 * core) with the load generator:  node --import tsx bench/load/server-under-test.ts bare|parley
 *
 * - parley: startParley(loadConfig(process.env)): the parent passes PORT=0, DATA_DIR, MONGODB_URI, ... in the env.
 * - bare:   a Socket.IO relay with the same shape of work and no storage (see startBareRelay).
 *
 * Talks to the parent over the IPC channel only: {type:'ready', port, detail} once listening, {type:'failed', error}
 * when it cannot start. Exits as soon as the parent goes away (IPC disconnect), whatever the parent died of.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { BARE, type ChildMessage } from './shared.ts';

const MAX_FRAME_BYTES = 64 * 1024; // as Parley's MAX_SOCKET_FRAME_BYTES

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

type Ack = (answer: { ok: boolean; error?: string }) => void;

/**
 * Visitors connect to /visitor with auth {ticket}; `msg` {clientMsgId, text} is relayed to the agents in the ticket's
 * room on /agent and acked to the sender. Agents connect to /agent and `open` {ticket} to join its room. Same event
 * loop work as Parley's path (one ack, one room emit) minus validation, storage and the desk-wide list updates.
 */
async function startBareRelay(): Promise<{ port: number; detail: string }> {
  const http = createServer();
  const io = new Server(http, { serveClient: false, maxHttpBufferSize: MAX_FRAME_BYTES, transports: ['websocket'] });
  const agents = io.of(BARE.agentNs);
  io.of(BARE.visitorNs).use((socket, next) => {
    const ticket: unknown = socket.handshake.auth?.ticket;
    if (typeof ticket !== 'string' || ticket.length > 64) return next(new Error('unauthorized'));
    socket.data = { ticket };
    next();
  });
  io.of(BARE.visitorNs).on('connection', (socket: Socket) => {
    const room = BARE.room((socket.data as { ticket: string }).ticket);
    socket.on(BARE.send, (payload: unknown, ack?: unknown) => {
      const answer = typeof ack === 'function' ? (ack as Ack) : () => {};
      if (typeof payload !== 'object' || payload === null) return answer({ ok: false, error: 'invalid_input' });
      agents.to(room).emit(BARE.send, payload);
      answer({ ok: true });
    });
  });
  agents.on('connection', (socket: Socket) => {
    socket.on(BARE.open, (payload: unknown, ack?: unknown) => {
      const answer = typeof ack === 'function' ? (ack as Ack) : () => {};
      const ticket = (payload as { ticket?: unknown } | null)?.ticket;
      if (typeof ticket !== 'string') return answer({ ok: false, error: 'invalid_input' });
      void socket.join(BARE.room(ticket));
      answer({ ok: true });
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  return { port: (http.address() as AddressInfo).port, detail: 'bare Socket.IO relay' };
}

async function startParleyNode(): Promise<{ port: number; detail: string }> {
  // Imported here so that the bare relay starts even while packages/server does not build.
  const { loadConfig, startParley } = await import('@parley/server');
  const parley = await startParley(loadConfig(process.env));
  return { port: parley.port, detail: `Parley, ${parley.store.adapter} store` };
}

async function main(): Promise<void> {
  // The parent owns this process: when it goes (exit, crash, SIGKILL), so do we.
  process.on('disconnect', () => process.exit(0));
  const kind = process.argv[2];
  if (kind !== 'bare' && kind !== 'parley') throw new Error(`usage: server-under-test.ts bare|parley (got ${kind ?? 'nothing'})`);
  const started = kind === 'bare' ? await startBareRelay() : await startParleyNode();
  await send({ type: 'ready', ...started });
}

main().catch((err: unknown) => {
  const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  console.error(error);
  void send({ type: 'failed', error }).then(() => process.exit(1));
});
