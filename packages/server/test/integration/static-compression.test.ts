import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickEncoding } from '../../src/http/precompressed.ts';
import { paths } from '../../src/paths.ts';
import { startNode, type TestNode } from '../support/parley.ts';

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A GET with exactly these headers (fetch() would add Accept-Encoding and decompress by itself). */
function get(url: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const decoded = (answer: RawAnswer): Buffer => {
  const encoding = answer.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(answer.body);
  if (encoding === 'gzip') return gunzipSync(answer.body);
  return answer.body;
};

describe('pickEncoding', () => {
  const both = { br: true, gzip: true };
  it('prefers brotli, honours q-values and refusals, and falls back to identity', () => {
    expect(pickEncoding('gzip, deflate, br, zstd', both)).toBe('br');
    expect(pickEncoding('gzip', both)).toBe('gzip');
    expect(pickEncoding('br;q=0.5, gzip', both)).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0', both)).toBe('identity');
    expect(pickEncoding('*', both)).toBe('br');
    expect(pickEncoding('*;q=0.1, br;q=0', both)).toBe('gzip');
    expect(pickEncoding('identity', both)).toBe('identity');
    expect(pickEncoding('', both)).toBe('identity');
    expect(pickEncoding(undefined, both)).toBe('identity');
    expect(pickEncoding('br', { br: false, gzip: true })).toBe('identity');
    expect(pickEncoding('BR;Q=1', both)).toBe('br');
  });
});

/** Needs the built front-ends (`pnpm build`, which `pnpm test` runs first): what production serves. */
describe('built front-ends over the wire: pre-compressed and cacheable', () => {
  let node: TestNode;
  beforeAll(async () => {
    if (!existsSync(path.join(paths.widgetDist, 'widget.js.br'))) throw new Error('build first: pnpm build (the widget is not pre-compressed)');
    node = await startNode('embedded');
  });
  afterAll(async () => {
    await node?.dispose();
  });

  it('sends the loader as brotli, gzip or identity by Accept-Encoding, with a short cache and an ETag', async () => {
    const raw = readFileSync(path.join(paths.widgetDist, 'widget.js'));
    const etags = new Set<string>();
    for (const [accept, encoding] of [['gzip, deflate, br', 'br'], ['gzip', 'gzip'], ['', undefined], ['identity', undefined]] as const) {
      const answer = await get(`${node.url}/widget.js`, accept ? { 'accept-encoding': accept } : {});
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding']).toBe(encoding);
      expect(answer.headers['vary']).toMatch(/Accept-Encoding/);
      expect(answer.headers['content-type']).toMatch(/^(text|application)\/javascript; charset=utf-8$/);
      expect(answer.headers['cache-control']).toBe('public, max-age=300');
      expect(answer.headers['access-control-allow-origin']).toBe('*');
      expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
      expect(decoded(answer).equals(raw)).toBe(true);
      if (encoding) expect(answer.body.length).toBeLessThan(raw.length);
      etags.add(answer.headers.etag!);
    }
    expect(etags.size).toBe(3); // one per encoding: a cache never mixes them up
    const etag = (await get(`${node.url}/widget.js`, { 'accept-encoding': 'br' })).headers.etag!;
    const revalidated = await get(`${node.url}/widget.js`, { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body.length).toBe(0);
  });

  it('sends the chat frame as no-cache HTML, and the app it names under content-hashed, immutable names', async () => {
    const frame = await get(`${node.url}/widget/frame.html`, { 'accept-encoding': 'br' });
    expect(frame.status).toBe(200);
    expect(frame.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(frame.headers['cache-control']).toBe('no-cache');
    expect(frame.headers['content-security-policy']).toMatch(/frame-ancestors/);
    const html = decoded(frame).toString('utf8');
    const assets = [...html.matchAll(/\/widget\/(app-[\w-]+\.(?:js|css))/g)].map((m) => m[1]!);
    expect(assets).toHaveLength(2);
    const panel = readdirSync(paths.widgetDist).find((name) => /^panel-[\w-]+\.js$/.test(name))!;
    for (const name of [...assets, panel]) {
      const raw = readFileSync(path.join(paths.widgetDist, name));
      for (const accept of ['br', 'gzip', '']) {
        const answer = await get(`${node.url}/widget/${name}`, accept ? { 'accept-encoding': accept } : {});
        expect(answer.status, name).toBe(200);
        expect(answer.headers['content-encoding']).toBe(accept || undefined);
        expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(answer.headers['vary']).toMatch(/Accept-Encoding/);
        expect(decoded(answer).equals(raw)).toBe(true);
      }
    }
    // the host page imports the panel chunk as a module: it must be readable cross-origin
    expect((await get(`${node.url}/widget/${panel}`)).headers['access-control-allow-origin']).toBe('*');
    expect((await get(`${node.url}/widget/nothing-here.js`)).status).toBe(404);
    expect((await get(`${node.url}/widget/frame.html.br`)).status).toBe(404); // a copy is sent only for its file
  });

  it('sends the inbox entry as no-cache HTML and its assets as immutable, compressed, with the inbox headers', async () => {
    const index = await get(`${node.url}/inbox/`, { 'accept-encoding': 'gzip' });
    expect(index.status).toBe(200);
    expect(index.headers['content-encoding']).toBe('gzip');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['x-frame-options']).toBe('DENY');
    expect(index.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    const deepLink = await get(`${node.url}/inbox/tickets/42`, { 'accept-encoding': 'br' });
    expect(deepLink.headers['content-encoding']).toBe('br');
    expect(decoded(deepLink).equals(decoded(index))).toBe(true);
    const html = decoded(index).toString('utf8');
    const script = /src="\/inbox\/(assets\/[\w.-]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const raw = readFileSync(path.join(paths.inboxDist, script!));
    const asset = await get(`${node.url}/inbox/${script}`, { 'accept-encoding': 'br, gzip' });
    expect(asset.headers['content-encoding']).toBe('br');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['x-frame-options']).toBe('DENY');
    expect(decoded(asset).equals(raw)).toBe(true);
    const plain = await get(`${node.url}/inbox/${script}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(raw)).toBe(true);
  });

  it('never serves what lies outside the built directories', async () => {
    for (const probe of ['/widget/..%2f..%2fpackage.json', '/widget/%2e%2e/package.json', '/inbox/..%2F..%2F..%2Fpackage.json']) {
      const answer = await get(`${node.url}${probe}`);
      expect(answer.body.toString('utf8'), probe).not.toMatch(/"name": "@parley/);
    }
  });
});
