import type { RedisClientType } from 'redis';
import type { PresenceBoard, PresenceEntry } from './board.ts';

const ticketKey = (conversationId: string) => `parley:presence:t:${conversationId}`;
const deskKey = (deskId: string) => `parley:presence:d:${deskId}`;
/** Keys outlive their entries by this much, so that a desk nobody sweeps any more cleans itself up. */
const KEY_TTL_MS = 60_000;

function parse(raw: string): PresenceEntry | null {
  try {
    return JSON.parse(raw) as PresenceEntry;
  } catch {
    return null;
  }
}

/**
 * Presence shared by every node: one hash per ticket (a field per tab, its JSON carrying its expiry) and one set per
 * desk of the tickets that have presence. Expired fields are removed by whichever node sweeps first: HDEL's count
 * tells it that it was the one, so each expiry is announced once.
 */
export class RedisPresenceBoard implements PresenceBoard {
  constructor(private readonly redis: RedisClientType) {}

  async put(deskId: string, conversationId: string, tab: string, entry: PresenceEntry): Promise<boolean> {
    const [added] = await Promise.all([
      this.redis.hSet(ticketKey(conversationId), tab, JSON.stringify(entry)),
      this.redis.pExpire(ticketKey(conversationId), KEY_TTL_MS),
      this.redis.sAdd(deskKey(deskId), conversationId),
      this.redis.pExpire(deskKey(deskId), KEY_TTL_MS),
    ]);
    return added > 0;
  }

  async remove(_deskId: string, conversationId: string, tab: string): Promise<boolean> {
    return (await this.redis.hDel(ticketKey(conversationId), tab)) > 0;
  }

  async list(conversationId: string, now: number): Promise<PresenceEntry[]> {
    const fields = await this.redis.hGetAll(ticketKey(conversationId));
    return Object.values(fields)
      .map(parse)
      .filter((e): e is PresenceEntry => e !== null && e.expiresAt > now);
  }

  async tickets(deskId: string, now: number): Promise<Map<string, PresenceEntry[]>> {
    const ids = await this.redis.sMembers(deskKey(deskId));
    const lists = await Promise.all(ids.map((id) => this.list(id, now)));
    const out = new Map<string, PresenceEntry[]>();
    ids.forEach((id, i) => {
      if (lists[i]!.length > 0) out.set(id, lists[i]!);
    });
    return out;
  }

  async expire(deskId: string, now: number): Promise<string[]> {
    const ids = await this.redis.sMembers(deskKey(deskId));
    const changed: string[] = [];
    await Promise.all(
      ids.map(async (id) => {
        const fields = await this.redis.hGetAll(ticketKey(id));
        const expired = Object.entries(fields)
          .filter(([, raw]) => (parse(raw)?.expiresAt ?? 0) <= now)
          .map(([tab]) => tab);
        if (expired.length > 0 && (await this.redis.hDel(ticketKey(id), expired)) > 0) changed.push(id);
        if (expired.length === Object.keys(fields).length) await this.redis.sRem(deskKey(deskId), id);
      }),
    );
    return changed;
  }
}
