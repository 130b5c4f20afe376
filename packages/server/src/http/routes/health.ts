import { Router } from 'express';
import type { RedisLink } from '../../realtime/redis-adapter.ts';
import type { Store } from '../../store/port.ts';

/** 200 when every configured dependency answers, 503 (with which one) otherwise. */
export function healthRoutes(store: Store, redis: () => RedisLink | undefined): Router {
  const r = Router();
  r.get('/healthz', (_req, res, next) => {
    store.health().then((storeHealth) => {
      const link = redis();
      const redisHealth = link?.health();
      const ok = storeHealth.ok && (redisHealth?.ok ?? true);
      res.status(ok ? 200 : 503).json({ ok, store: storeHealth, ...(redisHealth ? { redis: redisHealth } : {}) });
    }, next);
  });
  return r;
}
