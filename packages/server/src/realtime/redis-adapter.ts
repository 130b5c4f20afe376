import { createAdapter } from '@socket.io/redis-adapter';
import { createClient, type RedisClientType } from 'redis';
import type { Server } from 'socket.io';
import type { Logger } from '../lib/logger.ts';

export interface RedisLink {
  /** The command connection (also used by the rate limits). */
  readonly client: RedisClientType;
  health(): { ok: boolean; detail?: string };
  /** Shares room fan-out across nodes through Redis pub/sub. */
  attach(io: Server): void;
  /** Called each time the connection is ready again after having failed. */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}

/**
 * Connects to Redis; the clients reconnect by themselves and a node keeps serving its own sockets meanwhile.
 * While Redis is away nothing waits for it: commands (the rate limits) and publishes fail at once instead of
 * queueing until Redis returns (the rate limits fall back to memory; a lost cross-node emit is what `resync`
 * repairs), and a failed publish is counted and logged, never an unhandled rejection that would end the process.
 */
export async function connectRedis(url: string, log: Logger): Promise<RedisLink> {
  const reconnectStrategy = (retries: number) => Math.min(100 * 2 ** retries, 2000);
  const socket = { reconnectStrategy, connectTimeout: 3000 };
  const client: RedisClientType = createClient({ url, disableOfflineQueue: true, socket });
  const pub = client.duplicate();
  // The subscriber keeps the default offline queue: it re-subscribes by itself on every reconnect.
  const sub: RedisClientType = createClient({ url, socket });
  const clients = [client, pub, sub];
  let lastError: string | undefined;
  const reconnectListeners: Array<() => void> = [];
  let wasDown = false;
  let droppedPublishes = 0;
  for (const c of clients) {
    c.on('error', (err: Error) => {
      if (lastError !== err.message) log.warn({ err: err.message }, 'redis error');
      lastError = err.message;
    });
    c.on('ready', () => {
      if (lastError) log.info('redis connection ready again');
      lastError = undefined;
      if (wasDown && clients.every((x) => x.isReady)) {
        wasDown = false;
        if (droppedPublishes > 0) log.warn({ droppedPublishes }, 'cross-node emits were lost while redis was away');
        droppedPublishes = 0;
        reconnectListeners.forEach((l) => l());
      }
    });
    c.on('end', () => (wasDown = true));
    c.on('reconnecting', () => (wasDown = true));
  }
  await Promise.all(clients.map((c) => c.connect()));
  const safePub = withCaughtPublish(pub, () => droppedPublishes++);
  return {
    client,
    health: () => (clients.every((c) => c.isReady) ? { ok: true } : { ok: false, detail: lastError ?? 'connecting' }),
    attach(io) {
      io.adapter(createAdapter(safePub, sub));
    },
    onReconnect(listener) {
      reconnectListeners.push(listener);
    },
    async close() {
      await Promise.allSettled(clients.map((c) => c.quit()));
    },
  };
}

/**
 * The Socket.IO adapter publishes without awaiting the promise; a publish refused while Redis is away would be an
 * unhandled rejection, which ends a Node process. This view of the client catches it; everything else passes through.
 */
function withCaughtPublish(pub: RedisClientType, onDropped: () => void): RedisClientType {
  return new Proxy(pub, {
    get(target, prop) {
      if (prop === 'publish') {
        return (...args: Parameters<RedisClientType['publish']>) =>
          target.publish(...args).catch(() => {
            onDropped();
            return 0;
          });
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' && prop !== 'constructor' ? value.bind(target) : value;
    },
  });
}
