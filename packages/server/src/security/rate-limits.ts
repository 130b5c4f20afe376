import type { RedisClientType } from 'redis';
import { createMemoryRateGuard } from './memory-rate-guard.ts';
import { createRedisRateGuard } from './redis-rate-guard.ts';

/**
 * Each limit: `points` actions per `duration` seconds for one key; `block` seconds of lock-out once exceeded. A limit
 * with a `burst` takes an action its own points refuse from the burst's points (their own window) while they last;
 * Retry-After is then the limit's own wait, after which it has a point again.
 */
export const LIMITS = {
  /** Logins attempted from one IP address. */
  loginPerIp: { points: 30, duration: 15 * 60, block: 15 * 60 },
  /**
   * Failed logins for one account from one IP: the brake on guessing a password, which a stranger elsewhere cannot
   * pull for the account's owner. Cleared by a success from that IP.
   */
  loginFailuresPerAccountIp: { points: 5, duration: 15 * 60, block: 15 * 60 },
  /** Failed logins for one account from anywhere: a far slower curve against guessing spread over many IPs. */
  loginFailuresPerAccount: { points: 100, duration: 60 * 60, block: 15 * 60 },
  /** New visitor identities from one IP address. */
  visitorSessionsPerIp: { points: 30, duration: 60, block: 60 },
  /** New conversations (tickets) per visitor, per IP and per desk. */
  conversationsPerVisitor: { points: 5, duration: 60 * 60, block: 0 },
  conversationsPerIp: { points: 30, duration: 60 * 60, block: 0 },
  conversationsPerDesk: { points: 600, duration: 60, block: 0 },
  /** Messages per visitor, per IP and per desk. */
  messagesPerVisitor: { points: 30, duration: 30, block: 0 },
  messagesPerIp: { points: 300, duration: 60, block: 0 },
  messagesPerDesk: { points: 6000, duration: 60, block: 0 },
  /** Reads of history by a visitor (resume, sync) per visitor and per IP: each answers up to a page of messages. */
  visitorReadsPerVisitor: { points: 120, duration: 60, block: 0 },
  visitorReadsPerIp: { points: 1200, duration: 60, block: 0 },
  /**
   * Typing signals (both ways, never stored): the clients send at most one every ~2 s (~1 s with the desk's typing
   * preview); this bounds a hostile one.
   */
  typingPerVisitor: { points: 120, duration: 60, block: 0 },
  /**
   * Page tracking (`POST /api/v1/widget/context`): one write per visitor per second, plus a burst of 5 more per 10 s
   * for a visitor clicking through pages (every page load reports at once), so the agent sees the page they are on
   * now. The widget sends at most one report a second from a page and waits out Retry-After. A flood gets at most
   * 1.5 writes a second per visitor (and the per-IP budget, spent before any lookup).
   */
  visitPerVisitor: { points: 1, duration: 1, block: 0, burst: { points: 5, duration: 10 } },
  visitPerIp: { points: 600, duration: 60, block: 0 },
  typingPerAgent: { points: 120, duration: 60, block: 0 },
  /** Socket events of one agent (list, open, sync, update, send...). */
  agentEventsPerAgent: { points: 1200, duration: 60, block: 0 },
  /** Uploads per visitor and per agent. */
  uploadsPerVisitor: { points: 20, duration: 60 * 60, block: 0 },
  uploadsPerAgent: { points: 200, duration: 60 * 60, block: 0 },
  /** Uploads per IP and per desk: visitors cost nothing to create, so per-visitor budgets alone do not bound the disk. */
  uploadsPerIp: { points: 60, duration: 60 * 60, block: 0 },
  uploadsPerDesk: { points: 2000, duration: 60 * 60, block: 0 },
  /** Bytes uploaded per IP (200 MiB an hour) and per desk (5 GiB a day): one point per byte. */
  uploadBytesPerIp: { points: 200 * 1024 * 1024, duration: 60 * 60, block: 0 },
  uploadBytesPerDesk: { points: 5 * 1024 * 1024 * 1024, duration: 24 * 60 * 60, block: 0 },
} as const;

export type LimitName = keyof typeof LIMITS;

export interface RateGuard {
  /** Spends one point of `name` for each key; throws `rate_limited` (with retryAfterSeconds) when any is exhausted. */
  consume(name: LimitName, ...keys: string[]): Promise<void>;
  /**
   * Spends one point of each (limit, key) pair at once: in memory without I/O, through Redis as one pipelined round
   * trip (the client sends commands issued in the same tick together). Throws `rate_limited` when any is exhausted.
   */
  consumeAll(pairs: ReadonlyArray<readonly [LimitName, string]>): Promise<void>;
  /** Throws `rate_limited` when the key is exhausted or locked out, without spending a point. */
  check(name: LimitName, key: string): Promise<void>;
  /** Forgets a key (e.g. an account's failures after a successful login). */
  reset(name: LimitName, key: string): Promise<void>;
  /** Spends `points` of `name` for `key` at once (byte budgets); throws `rate_limited` when they are not left. */
  consumePoints(name: LimitName, key: string, points: number): Promise<void>;
  /** Gives back `points` spent earlier (an upload that stored fewer bytes than it reserved, or none). */
  refund(name: LimitName, key: string, points: number): Promise<void>;
}

/** A limit as a guard applies it: its points (scaled, or the operator's budget), window and lock-out in seconds. */
export interface LimitBudget {
  points: number;
  duration: number;
  block: number;
  /** The extra points a limit with a burst takes from, in their own window. */
  burst?: { points: number; duration: number };
}

/**
 * Limits shared by every node through Redis when there is one (with an in-memory fallback while Redis is down,
 * so an outage never locks everyone out), in memory otherwise. `scale` multiplies every budget (tests).
 */
export function createRateGuard(
  opts: { redis?: RedisClientType | undefined; scale?: number; budgets?: Partial<Record<LimitName, number | undefined>> } = {},
): RateGuard {
  const scale = opts.scale ?? 1;
  const scaled = (points: number) => Math.max(1, Math.round(points * scale));
  const budgets = new Map<LimitName, LimitBudget>();
  for (const [name, l] of Object.entries(LIMITS) as Array<[LimitName, (typeof LIMITS)[LimitName]]>) {
    // A budget set by the operator (budgets) is taken as it is; the built-in ones scale.
    const points = opts.budgets?.[name] ?? scaled(l.points);
    budgets.set(name, {
      points,
      duration: l.duration,
      block: l.block,
      ...('burst' in l ? { burst: { points: scaled(l.burst.points), duration: l.burst.duration } } : {}),
    });
  }
  return opts.redis ? createRedisRateGuard(budgets, opts.redis) : createMemoryRateGuard(budgets);
}
