import { createClient, type RedisClientType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/app-error.ts';
import { createRateGuard, LIMITS, type RateGuard } from '../../src/security/rate-limits.ts';
import { startRedisServer, type RedisServer } from '../../../../tests/support/redis-server.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How `consume` answered: `ok`, or the refusal's Retry-After in seconds. */
const spend = (guard: RateGuard, key: string) =>
  guard.consume('visitPerVisitor', key).then(
    () => 'ok' as const,
    (err: unknown) => {
      if (!(err instanceof AppError) || err.code !== 'rate_limited') throw err;
      return (err.details as { retryAfterSeconds: number }).retryAfterSeconds;
    },
  );

/**
 * A limit with a burst (page tracking, `visitPerVisitor`): its own point a second, then the burst's five, then a
 * refusal whose Retry-After is the wait for its own next point; the same in memory and shared through Redis.
 */
describe.each(['memory', 'redis'] as const)('a rate limit with a burst (%s)', (kind) => {
  let redis: RedisServer | undefined;
  let client: RedisClientType | undefined;
  let guard: RateGuard;

  beforeAll(async () => {
    if (kind === 'redis') {
      redis = await startRedisServer();
      client = createClient({ url: redis.url });
      await client.connect();
    }
    guard = createRateGuard({ redis: client });
  });
  afterAll(async () => {
    await client?.quit();
    await redis?.stop();
  });

  it('lets a burst through, then one a second, each refusal saying when', async () => {
    expect(LIMITS.visitPerVisitor).toMatchObject({ points: 1, duration: 1, burst: { points: 5, duration: 10 } });
    const answers = [];
    for (let i = 0; i < 10; i += 1) answers.push(await spend(guard, 'visitor-a'));
    expect(answers).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 1, 1, 1, 1]);
    await expect(guard.check('visitPerVisitor', 'visitor-a')).rejects.toMatchObject({ code: 'rate_limited' });
    expect(await spend(guard, 'visitor-b'), 'another visitor has a budget of their own').toBe('ok');

    await sleep(1100); // the limit's own point is back; the burst is spent for 10 s
    await guard.check('visitPerVisitor', 'visitor-a');
    expect([await spend(guard, 'visitor-a'), await spend(guard, 'visitor-a')]).toEqual(['ok', 1]);

    await guard.reset('visitPerVisitor', 'visitor-a'); // both forgotten
    const again = [];
    for (let i = 0; i < 7; i += 1) again.push(await spend(guard, 'visitor-a'));
    expect(again).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 1]);
  });

  it('scales the burst with the other budgets (tests)', async () => {
    const scaled = createRateGuard({ redis: client, scale: 2 });
    const answers = [];
    for (let i = 0; i < 13; i += 1) answers.push(await spend(scaled, 'visitor-c'));
    expect(answers.filter((a) => a === 'ok')).toHaveLength(12);
  });
});

/** Several limits spent by one action (a visitor's message): the same answers in memory and through Redis. */
describe.each(['memory', 'redis'] as const)('limits spent together (%s)', (kind) => {
  let redis: RedisServer | undefined;
  let client: RedisClientType | undefined;

  beforeAll(async () => {
    if (kind === 'redis') {
      redis = await startRedisServer();
      client = createClient({ url: redis.url });
      await client.connect();
    }
  });
  afterAll(async () => {
    await client?.quit();
    await redis?.stop();
  });

  it('spends every pair even when one refuses, and answers with the first refusal', async () => {
    const guard = createRateGuard({ redis: client, budgets: { messagesPerVisitor: 1, messagesPerIp: 2 } });
    const ip = `ip-${kind}-${Date.now()}`;
    const send = (visitor: string) =>
      guard.consumeAll([
        ['messagesPerVisitor', visitor],
        ['messagesPerIp', ip],
      ]);
    await send(`${ip}-v1`);
    await expect(send(`${ip}-v1`)).rejects.toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: 30 } });
    // the refused message still spent the address's second point: a new visitor there is refused too
    await expect(send(`${ip}-v2`)).rejects.toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: 60 } });
  });

  it('gives refused byte points back, and refunds what an upload did not use', async () => {
    const guard = createRateGuard({ redis: client, budgets: { uploadBytesPerIp: 100 } });
    const ip = `bytes-${kind}-${Date.now()}`;
    await guard.consumePoints('uploadBytesPerIp', ip, 80);
    await expect(guard.consumePoints('uploadBytesPerIp', ip, 30)).rejects.toMatchObject({ code: 'rate_limited' });
    await guard.consumePoints('uploadBytesPerIp', ip, 20); // the refused 30 were given back
    await guard.refund('uploadBytesPerIp', ip, 50);
    await guard.consumePoints('uploadBytesPerIp', ip, 50);
    await expect(guard.check('uploadBytesPerIp', ip)).rejects.toMatchObject({ code: 'rate_limited' });
  });
});
