import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { batchSocketWrites } from '../../src/realtime/write-batching.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A Socket.IO server (with or without write batching) and one WebSocket client connected to it. */
async function pair(batched: boolean): Promise<{ server: ServerSocket; client: Socket }> {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  if (batched) batchSocketWrites(io);
  const connected = new Promise<ServerSocket>((resolve) => io.on('connection', resolve));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'], forceNew: true, reconnection: false });
  closers.push(async () => {
    client.close();
    await new Promise<void>((resolve) => void io.close(() => resolve()));
  });
  return { server: await connected, client };
}

/** Counts the writes that reach the server side's TCP socket (each one a system call when it is flushed). */
function countTcpWrites(server: ServerSocket): () => number {
  const tcp = (server.conn as unknown as { transport: { socket: { _socket: Duplex & { _writev?: unknown; _write: unknown } } } }).transport.socket._socket;
  let writes = 0;
  for (const name of ['_write', '_writev'] as const) {
    const original = tcp[name] as ((...args: unknown[]) => unknown) | undefined;
    if (typeof original !== 'function') continue;
    (tcp as unknown as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
      writes++;
      return original.apply(this, args);
    };
  }
  return () => writes;
}

async function burst(batched: boolean): Promise<{ received: number[]; writes: number }> {
  const { server, client } = await pair(batched);
  const writes = countTcpWrites(server);
  const received: number[] = [];
  const all = new Promise<void>((resolve) =>
    client.on('n', (n: number) => {
      received.push(n);
      if (received.length === 100) resolve();
    }),
  );
  // One turn of the event loop: the first frame goes out at once, the 99 after it wait for that write and are handed
  // over together (what an agent's socket gets when a group commit of the ticket's messages is published).
  for (let n = 0; n < 100; n++) server.emit('n', n);
  await all;
  return { received, writes: writes() };
}

describe('socket writes: frames handed over together leave in one write', () => {
  it('delivers a burst of 100 events complete and in order, in a handful of writes instead of one per frame', async () => {
    const batched = await burst(true);
    expect(batched.received).toEqual(Array.from({ length: 100 }, (_, n) => n));
    const plain = await burst(false);
    expect(plain.received).toEqual(batched.received);
    expect(plain.writes).toBeGreaterThanOrEqual(90);
    expect(batched.writes).toBeLessThanOrEqual(5);
  });
});
