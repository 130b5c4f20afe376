import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMongoServer, type MongoServer } from '../mongo-server/harness.ts';
import { call, clientMsgId, connect, json, newVisitorToken } from '../support/clients.ts';
import { freshDatabase, waitFor } from '../support/node-process.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

type Msg = { seq: number; text: string; clientMsgId: string };

/** The database goes away under a running node: degraded, clear errors, nothing half-written, self-healing. */
describe('MongoDB outage under a running node', () => {
  let db: MongoServer;
  let node: ServerUnderTest | undefined;

  beforeAll(async () => {
    db = await startMongoServer(); // private: the shared test server must not go down under other files
    if (db.external) return;
    node = await startServerUnderTest({ MONGODB_URI: freshDatabase(db.uri, 'faults_mongo') });
  });
  afterAll(async () => {
    await node?.stop();
    if (node) await removeDir(node.dataDir);
    await db?.dispose();
  });

  it('reports degraded health, refuses writes with `unavailable`, and recovers by itself', async (ctx) => {
    if (db.external) {
      console.warn('\n⚠️  SKIPPED: the MongoDB outage test needs a server it can stop; MONGODB_URI points to an external one.\n');
      return ctx.skip();
    }
    const url = node!.url;
    const visitor = await connect(url, '/visitor', { token: await newVisitorToken(url) });
    const first = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'before the outage' });
    expect(first.ok).toBe(true);

    await db.stop({ crash: true });
    await waitFor('healthz to report the store down', async () => (await json(`${url}/healthz`)).status === 503, 15_000);
    const health = await json(`${url}/healthz`);
    expect(health.body).toMatchObject({ ok: false, store: { ok: false, adapter: 'mongo' } });

    const during = { clientMsgId: clientMsgId(), text: 'during the outage' };
    const refused = await call(visitor, 'visitor:message', during);
    expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } });

    await db.restart();
    await waitFor('healthz to recover', async () => (await json(`${url}/healthz`)).status === 200, 30_000);
    // the client retries with the same id, as the widget does
    const retried = await call(visitor, 'visitor:message', during);
    expect(retried.ok).toBe(true);
    const again = await call(visitor, 'visitor:message', during);
    expect((again.message as Msg).seq).toBe((retried.message as Msg).seq);
    const history = await call(visitor, 'visitor:resume', {});
    expect((history.messages as Msg[]).map((m) => [m.seq, m.text])).toEqual([
      [1, 'before the outage'],
      [2, 'during the outage'],
    ]);
    visitor.close();
  });
});
