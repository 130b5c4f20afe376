import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClientType } from 'redis';
import { AppError } from '../lib/app-error.ts';
import type { LimitBudget, LimitName, RateGuard } from './rate-limits.ts';
import { refusal } from './rate-refusal.ts';

/**
 * The limits counted in Redis, shared by every node (rate-limiter-flexible), each with an in-memory insurance limiter
 * that counts alone while Redis is down, so that an outage never locks everyone out.
 */
export function createRedisRateGuard(budgets: ReadonlyMap<LimitName, LimitBudget>, redis: RedisClientType): RateGuard {
  const limiters = new Map<LimitName, RateLimiterAbstract>();
  const bursts = new Map<LimitName, RateLimiterAbstract>();
  const create = (keyPrefix: string, points: number, duration: number, blockDuration: number): RateLimiterAbstract => {
    const base = { keyPrefix, points, duration, blockDuration };
    return new RateLimiterRedis({ ...base, storeClient: redis, useRedisPackage: true, insuranceLimiter: new RateLimiterMemory(base) });
  };
  for (const [name, b] of budgets) {
    limiters.set(name, create(`parley:rl:${name}`, b.points, b.duration, b.block));
    if (b.burst) bursts.set(name, create(`parley:rl:${name}:burst`, b.burst.points, b.burst.duration, 0));
  }
  const limiter = (name: LimitName) => limiters.get(name)!;
  /** Takes what a limit's own points refused from its burst's points while they last; false when it has none left. */
  const spendBurst = async (name: LimitName, key: string, points: number): Promise<boolean> => {
    const burst = bursts.get(name);
    if (!burst) return false;
    try {
      await burst.consume(key, points);
      return true;
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      return false;
    }
  };
  const spend = async (name: LimitName, key: string, points = 1) => {
    try {
      await limiter(name).consume(key, points);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      if (!(await spendBurst(name, key, points))) throw refusal(err.msBeforeNext);
    }
  };
  /** The key's state when it has no point left in `l`, else null. */
  const exhausted = async (l: RateLimiterAbstract, key: string): Promise<RateLimiterRes | null> => {
    const state = await l.get(key);
    return state && state.consumedPoints >= l.points ? state : null;
  };
  return {
    async consume(name, ...keys) {
      for (const key of keys) await spend(name, key);
    },
    async consumeAll(pairs) {
      const results = await Promise.allSettled(pairs.map(([name, key]) => spend(name, key)));
      const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (refused) throw refused.reason;
    },
    async check(name, key) {
      const state = await exhausted(limiter(name), key);
      if (!state) return;
      const burst = bursts.get(name);
      if (burst && !(await exhausted(burst, key))) return; // the burst has points left
      throw refusal(state.msBeforeNext);
    },
    async reset(name, key) {
      await limiter(name).delete(key);
      await bursts.get(name)?.delete(key);
    },
    async consumePoints(name, key, points) {
      try {
        await spend(name, key, points);
      } catch (err) {
        // rate-limiter-flexible counts a refused consumption too: a refused upload must not use up the budget.
        if (err instanceof AppError) await limiter(name).reward(key, points);
        throw err;
      }
    },
    async refund(name, key, points) {
      if (points > 0) await limiter(name).reward(key, points);
    },
  };
}
