import type { AppError } from '../lib/app-error.ts';
import type { LimitBudget, LimitName, RateGuard } from './rate-limits.ts';
import { refusal } from './rate-refusal.ts';
import { WindowCounters } from './window-counters.ts';

const DONE: Promise<void> = Promise.resolve();
const settled = (refused: AppError | null): Promise<void> => (refused ? Promise.reject(refused) : DONE);

/**
 * The limits of a node without Redis, counted in memory by plain synchronous counters: every visitor message spends
 * three of them, and rate-limiter-flexible's memory limiter costs a promise, a result object and a closure per point
 * (measured: an eighth of the server's allocations at 4,000 messages a second). The rules are the Redis guard's.
 */
export function createMemoryRateGuard(budgets: ReadonlyMap<LimitName, LimitBudget>): RateGuard {
  const limits = new Map<LimitName, WindowCounters>();
  const bursts = new Map<LimitName, WindowCounters>();
  for (const [name, b] of budgets) {
    limits.set(name, new WindowCounters(b.points, b.duration, b.block));
    if (b.burst) bursts.set(name, new WindowCounters(b.burst.points, b.burst.duration, 0));
  }
  const limit = (name: LimitName) => limits.get(name)!;
  /** Spends the points, from the limit's burst when its own are gone; the refusal, or null. */
  const spend = (name: LimitName, key: string, points = 1): AppError | null => {
    const wait = limit(name).consume(key, points);
    if (wait === 0) return null;
    const burst = bursts.get(name);
    return burst && burst.consume(key, points) === 0 ? null : refusal(wait);
  };
  /** The ms until `key` has a point of `counters` again when it has none left, else null. */
  const exhausted = (counters: WindowCounters, key: string): number | null => {
    const state = counters.peek(key);
    return state && state.used >= counters.points ? state.msLeft : null;
  };
  return {
    consume(name, ...keys) {
      for (const key of keys) {
        const refused = spend(name, key);
        if (refused) return settled(refused);
      }
      return DONE;
    },
    consumeAll(pairs) {
      // Every pair is spent, as the Redis guard's pipelined call does, and the first refusal answers.
      let refused: AppError | null = null;
      for (const [name, key] of pairs) {
        const answer = spend(name, key);
        refused ??= answer;
      }
      return settled(refused);
    },
    check(name, key) {
      const wait = exhausted(limit(name), key);
      if (wait === null) return DONE;
      const burst = bursts.get(name);
      return settled(burst && exhausted(burst, key) === null ? null : refusal(wait)); // a burst with points left lets it by
    },
    reset(name, key) {
      limit(name).forget(key);
      bursts.get(name)?.forget(key);
      return DONE;
    },
    consumePoints(name, key, points) {
      const refused = spend(name, key, points);
      // Refused points count too: a refused upload must not use up the budget.
      if (refused) limit(name).refund(key, points);
      return settled(refused);
    },
    refund(name, key, points) {
      if (points > 0) limit(name).refund(key, points);
      return DONE;
    },
  };
}
