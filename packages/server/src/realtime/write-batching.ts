import type { Server } from 'socket.io';

interface Corkable {
  cork(): void;
  uncork(): void;
}

/** The parts of an engine.io transport this module relies on; anything else is left alone. */
interface EngineTransport {
  name?: unknown;
  send?: unknown;
  socket?: { _socket?: unknown } | null;
}

const isCorkable = (value: unknown): value is Corkable =>
  typeof value === 'object' && value !== null && typeof (value as Corkable).cork === 'function' && typeof (value as Corkable).uncork === 'function';

const batched = new WeakSet<object>();

/**
 * Frames that engine.io flushes to one WebSocket together go to the kernel in one write, not one write per frame.
 * engine.io sends a packet at once when the connection is idle and buffers the ones that come while that write is
 * under way, then hands them over together; `ws` writes each as its own frame, each a system call. Under load that
 * is the common case on an agent's socket, which gets a whole group commit's messages in the same turn of the event
 * loop (measured on this machine: one system call costs about 20 µs of the server's main thread, as much as the rest
 * of a message's socket work). Holding the TCP socket corked for the hand-over makes it one `writev`.
 * Relies on engine.io's WebSocket transport keeping its `ws` socket in `socket` (and ws its TCP socket in
 * `_socket`); where it does not, nothing changes.
 */
export function batchSocketWrites(io: Server): void {
  // engine.io's socket: its transport now, and the one it upgrades to (a client that starts with long polling).
  io.engine.on('connection', (connection: { transport: EngineTransport; on(event: 'upgrade', listener: (transport: EngineTransport) => void): void }) => {
    batchTransport(connection.transport);
    connection.on('upgrade', batchTransport);
  });
}

/** Wraps one WebSocket transport's `send(packets)`: several packets are written corked. */
function batchTransport(transport: EngineTransport): void {
  if (transport.name !== 'websocket' || typeof transport.send !== 'function' || batched.has(transport)) return;
  const tcp = transport.socket?._socket;
  if (!isCorkable(tcp)) return;
  const send = transport.send as (packets: unknown[]) => void;
  batched.add(transport);
  transport.send = (packets: unknown[]) => {
    if (!Array.isArray(packets) || packets.length < 2) return send.call(transport, packets);
    tcp.cork();
    try {
      send.call(transport, packets);
    } finally {
      tcp.uncork();
    }
  };
}
