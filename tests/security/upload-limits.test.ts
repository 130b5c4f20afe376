import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters, type StoreLocation } from '../support/adapters.ts';
import { call, clientMsgId, connect, loginAgent, newVisitorToken } from '../support/clients.ts';
import { waitFor } from '../support/node-process.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

const MiB = 1024 * 1024;

function upload(url: string, token: string, bytes: number, ip: string): Promise<Response> {
  return fetch(`${url}/api/v1/attachments`, {
    method: 'POST',
    headers: {
      'content-type': 'application/octet-stream',
      'x-filename': 'data.bin',
      authorization: `Bearer ${token}`,
      // Parley runs behind a proxy on loopback here (TRUST_PROXY=loopback): the client address is the forwarded one.
      'x-forwarded-for': ip,
    },
    body: new Uint8Array(bytes).fill(7),
  });
}

async function outcome(res: Response): Promise<string> {
  const body = (await res.json()) as { ok: boolean; error?: { code: string } };
  return body.ok ? `${res.status}` : `${res.status} ${body.error?.code}`;
}

describe.each(['memory', 'redis'] as const)('upload byte budgets (%s limiter)', (limiter) => {
  let redis: RedisServer | undefined;
  const servers: ServerUnderTest[] = [];

  beforeAll(async () => {
    if (limiter === 'redis') redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const s of servers) {
      await s.stop();
      await removeDir(s.dataDir);
    }
    await redis?.stop();
  });

  const start = async (env: Record<string, string>) => {
    const server = await startServerUnderTest({ TRUST_PROXY: 'loopback', ...(redis ? { REDIS_URL: redis.url } : {}), ...env });
    servers.push(server);
    return server.url;
  };

  it('refuses an IP that has uploaded its bytes for the hour with rate_limited, whatever visitor it uses', async () => {
    const url = await start({ UPLOAD_BYTES_PER_IP: String(5 * MiB) });
    const ip = '203.0.113.7';
    expect(await outcome(await upload(url, await newVisitorToken(url), 2 * MiB, ip))).toBe('201');
    expect(await outcome(await upload(url, await newVisitorToken(url), 2 * MiB, ip))).toBe('201');
    // fresh visitors are free: the budget follows the address
    const refused = await upload(url, await newVisitorToken(url), 2 * MiB, ip);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await outcome(refused)).toBe('429 rate_limited');
    // the bytes of a refused upload are not counted: a smaller one still fits
    expect(await outcome(await upload(url, await newVisitorToken(url), 1 * MiB - 1, ip))).toBe('201');
    // another address has its own budget
    expect(await outcome(await upload(url, await newVisitorToken(url), 2 * MiB, '203.0.113.8'))).toBe('201');
    // agents (staff, often many behind one office address) are bounded by their own and the desk's budgets only
    const cookie = await loginAgent(url);
    const agentUpload = await fetch(`${url}/api/v1/attachments`, {
      method: 'POST',
      headers: { 'x-filename': 'screenshot.bin', cookie, 'x-parley-csrf': '1', 'x-forwarded-for': ip },
      body: new Uint8Array(2 * MiB),
    });
    expect(await outcome(agentUpload)).toBe('201');
  });

  it('refuses a desk that has received its bytes for the day with rate_limited, whatever IP sends', async () => {
    const desk = `desk${Date.now().toString(36)}`;
    const url = await start({ UPLOAD_BYTES_PER_DESK: String(5 * MiB), DESK_ID: desk });
    const visitor = () => newVisitorToken(url, desk);
    expect(await outcome(await upload(url, await visitor(), 2 * MiB, '198.51.100.1'))).toBe('201');
    expect(await outcome(await upload(url, await visitor(), 2 * MiB, '198.51.100.2'))).toBe('201');
    expect(await outcome(await upload(url, await visitor(), 2 * MiB, '198.51.100.3'))).toBe('429 rate_limited');
    expect(await outcome(await upload(url, await visitor(), 1 * MiB - 1, '198.51.100.4'))).toBe('201');
  });
});

describe.each(adapters())('sweep of unreferenced uploads ($adapter)', ({ adapter, location }) => {
  let store: StoreLocation;
  let server: ServerUnderTest;

  beforeAll(async () => {
    store = await location('upload_sweep');
    server = await startServerUnderTest({ ...store.env, UPLOAD_GRACE_SECONDS: '1' }, store.env.DATA_DIR);
  });
  afterAll(async () => {
    await server?.stop();
    if (server) await removeDir(server.dataDir);
    await store?.dispose();
  });

  it('deletes an upload no message referenced within the grace period, and keeps one a message carries', async () => {
    const { url } = server;
    const token = await newVisitorToken(url);
    const send = async (name: string) => {
      const res = await fetch(`${url}/api/v1/attachments`, {
        method: 'POST',
        headers: { 'x-filename': name, authorization: `Bearer ${token}` },
        body: new Uint8Array(Buffer.from(`%PDF-1.7 ${name}`)),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { attachment: { id: string } }).attachment.id;
    };
    const orphan = await send('forgotten.pdf');
    const carried = await send('sent.pdf');
    const visitor = await connect(url, '/visitor', { token });
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'see file', attachmentIds: [carried] });
    visitor.close();
    expect(sent.ok, JSON.stringify(sent)).toBe(true);
    const download = (id: string) => fetch(`${url}/api/v1/attachments/${id}/x`).then(async (r) => (await r.arrayBuffer(), r.status));

    await waitFor('the unreferenced upload to be swept', async () => (await download(orphan)) === 404, 15_000, 250);
    expect(await download(carried)).toBe(200);
    if (adapter === 'embedded') {
      const files = await readdir(path.join(server.dataDir, 'attachments'));
      expect(files).toContain(carried);
      expect(files).not.toContain(orphan);
    }
    // a message can no longer take the swept upload
    const late = await connect(url, '/visitor', { token });
    const refused = await call(late, 'visitor:message', { clientMsgId: clientMsgId(), text: 'again', attachmentIds: [orphan] });
    late.close();
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
