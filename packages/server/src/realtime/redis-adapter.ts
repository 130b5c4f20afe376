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

/** Connects to Redis; the clients reconnect by themselves and a node keeps serving its own sockets meanwhile. */
export async function connectRedis(url: string, log: Logger): Promise<RedisLink> {
  const reconnectStrategy = (retries: number) => Math.min(100 * 2 ** retries, 2000);
  const client: RedisClientType = createClient({ url, socket: { reconnectStrategy, connectTimeout: 3000 } });
  const sub = client.duplicate();
  let lastError: string | undefined;
  const reconnectListeners: Array<() => void> = [];
  let wasDown = false;
  for (const c of [client, sub]) {
    c.on('error', (err: Error) => {
      if (lastError !== err.message) log.warn({ err: err.message }, 'redis error');
      lastError = err.message;
    });
    c.on('ready', () => {
      if (lastError) log.info('redis connection ready again');
      lastError = undefined;
      if (wasDown && client.isReady && sub.isReady) {
        wasDown = false;
        reconnectListeners.forEach((l) => l());
      }
    });
    c.on('end', () => (wasDown = true));
    c.on('reconnecting', () => (wasDown = true));
  }
  await Promise.all([client.connect(), sub.connect()]);
  return {
    client,
    health: () => (client.isReady && sub.isReady ? { ok: true } : { ok: false, detail: lastError ?? 'connecting' }),
    attach(io) {
      io.adapter(createAdapter(client, sub));
    },
    onReconnect(listener) {
      reconnectListeners.push(listener);
    },
    async close() {
      await Promise.allSettled([client.quit(), sub.quit()]);
    },
  };
}
