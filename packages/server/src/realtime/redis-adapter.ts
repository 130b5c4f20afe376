import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server } from 'socket.io';
import type { Logger } from '../lib/logger.ts';

export interface RedisLink {
  health(): { ok: boolean; detail?: string };
  close(): Promise<void>;
}

/** Shares room fan-out across nodes through Redis pub/sub. Reconnects by itself; a node keeps serving its own clients meanwhile. */
export async function attachRedisAdapter(io: Server, url: string, log: Logger): Promise<RedisLink> {
  const reconnectStrategy = (retries: number) => Math.min(100 * 2 ** retries, 2000);
  const pub = createClient({ url, socket: { reconnectStrategy, connectTimeout: 3000 } });
  const sub = pub.duplicate();
  let lastError: string | undefined;
  for (const client of [pub, sub]) {
    client.on('error', (err: Error) => {
      if (lastError !== err.message) log.warn({ err: err.message }, 'redis error');
      lastError = err.message;
    });
    client.on('ready', () => {
      if (lastError) log.info('redis reconnected');
      lastError = undefined;
    });
  }
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
  return {
    health: () => (pub.isReady && sub.isReady ? { ok: true } : { ok: false, detail: lastError ?? 'connecting' }),
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
