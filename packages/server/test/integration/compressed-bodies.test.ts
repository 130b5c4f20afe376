import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { startParley, type Parley } from '../../src/server.ts';

/** Compressed JSON bodies are refused as the client's mistake: 400, nothing at error level, no stack in the answer. */
describe('compressed and corrupt request bodies', () => {
  const levels: number[] = [];
  let parley: Parley;
  let url: string;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'parley-bodies-'));
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) levels.push((JSON.parse(line) as { level: number }).level);
        done();
      },
    });
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_PASSWORD: 'bodies password 1' });
    parley = await startParley(config, { log: createLogger('debug', sink) });
    url = `http://127.0.0.1:${parley.port}`;
  });
  afterAll(async () => {
    await parley?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const post = (encoding: string, body: Buffer) =>
    fetch(`${url}/api/v1/widget/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body: new Uint8Array(body) });

  it.each([
    ['gzip', Buffer.from('not gzip at all')],
    ['deflate', Buffer.from('not deflate either')],
    ['br', Buffer.from('nor brotli')],
    ['gzip', gzipSync(JSON.stringify({ desk: 'default' }))],
  ])('answers a %s body with 400 invalid_input', async (encoding, body) => {
    const res = await post(encoding, body);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(answer.error.message).not.toMatch(/at |zlib|Error:/);
  });

  it('logs none of them at error level', () => {
    expect(levels.length).toBeGreaterThan(0);
    expect(levels.filter((l) => l >= 50)).toEqual([]);
  });
});
