import { createClient, type RedisClientType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PresenceBoard, PresenceEntry } from '../../src/realtime/presence/board.ts';
import { MemoryPresenceBoard } from '../../src/realtime/presence/memory-board.ts';
import { RedisPresenceBoard } from '../../src/realtime/presence/redis-board.ts';

const REDIS_URL = process.env.PARLEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let n = 0;
const unique = (p: string) => `${p}-${process.pid}-${Date.now().toString(36)}-${n++}`;
const entry = (agentId: string, expiresAt: number, over: Partial<PresenceEntry> = {}): PresenceEntry => ({
  agentId,
  name: agentId.toUpperCase(),
  state: 'viewing',
  composing: null,
  expiresAt,
  ...over,
});

function boardContract(name: string, open: () => Promise<{ board: PresenceBoard; other?: PresenceBoard }>): void {
  describe(`presence board: ${name}`, () => {
    let board: PresenceBoard;
    let other: PresenceBoard;
    beforeAll(async () => {
      const opened = await open();
      board = opened.board;
      other = opened.other ?? opened.board;
    });

    it('lists live tabs, drops expired ones, and removes a tab on request', async () => {
      const desk = unique('desk');
      const ticket = unique('t');
      expect(await board.put(desk, ticket, 'tab1', entry('a', 2000))).toBe(true);
      expect(await board.put(desk, ticket, 'tab1', entry('a', 2000))).toBe(false);
      await board.put(desk, ticket, 'tab2', entry('b', 1000, { composing: 'reply' }));
      expect((await board.list(ticket, 500)).map((e) => e.agentId).sort()).toEqual(['a', 'b']);
      expect((await board.list(ticket, 1500)).map((e) => e.agentId)).toEqual(['a']);
      expect(await board.remove(desk, ticket, 'tab1')).toBe(true);
      expect(await board.remove(desk, ticket, 'tab1')).toBe(false);
      expect(await board.list(ticket, 500)).toHaveLength(1);
    });

    it('reports each expiry once, to one sweeper, and forgets tickets left empty', async () => {
      const desk = unique('desk');
      const [t1, t2] = [unique('t'), unique('t')];
      await board.put(desk, t1, 'x', entry('a', 1000));
      await board.put(desk, t2, 'y', entry('b', 5000));
      expect(await board.expire(desk, 500)).toEqual([]);
      const sweeps = await Promise.all([board.expire(desk, 1500), other.expire(desk, 1500)]);
      expect(sweeps.flat()).toEqual([t1]);
      expect([...(await board.tickets(desk, 1500)).keys()]).toEqual([t2]);
      expect([...(await other.tickets(desk, 1500)).keys()]).toEqual([t2]);
    });
  });
}

boardContract('memory', async () => ({ board: new MemoryPresenceBoard() }));

const clients: RedisClientType[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
});
boardContract('Redis (two nodes)', async () => {
  const connect = async () => {
    const client: RedisClientType = createClient({ url: REDIS_URL });
    await client.connect().catch((err: unknown) => {
      throw new Error(`this test needs Redis at ${REDIS_URL} (set PARLEY_TEST_REDIS_URL): ${String(err)}`);
    });
    clients.push(client);
    return client;
  };
  return { board: new RedisPresenceBoard(await connect()), other: new RedisPresenceBoard(await connect()) };
});
