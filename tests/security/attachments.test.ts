import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, clientMsgId, connect, loginAgent, newVisitorToken } from '../support/clients.ts';
import { freshDatabase, sleep, waitFor } from '../support/node-process.ts';
import { stalledRequest, uploadExpectingContinue, within } from '../support/raw-http.ts';
import { removeDir, startTestParley, type RunningParley } from '../support/parley.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a7d1a2d60000000049454e44ae426082', 'hex');
const HTML = Buffer.from('<!doctype html><script>parent.__xss && parent.__xss("attachment")</script><h1>hi</h1>');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>');

type Attachment = { id: string; name: string; contentType: string; size: number };

const MAX = 10 * 1024 * 1024;

/** Files in the embedded store's attachment directory (none for MongoDB, whose bytes live in GridFS). */
async function storedFiles(dataDir: string): Promise<string[]> {
  return readdir(path.join(dataDir, 'attachments')).catch(() => []);
}

describe.each([
  { adapter: 'embedded', env: (): Record<string, string> => ({}) },
  { adapter: 'mongo', env: (): Record<string, string> => ({ MONGODB_URI: freshDatabase(inject('mongoUri'), 'sec_attach') }) },
])('attachments ($adapter)', ({ adapter, env }) => {
  let server: RunningParley;
  let url: string;

  const upload = (auth: { token?: string; cookie?: string }, name: string, body: Buffer, headers: Record<string, string> = {}) =>
    fetch(`${url}/api/v1/attachments`, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'x-filename': encodeURIComponent(name),
        ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
        ...(auth.cookie ? { cookie: auth.cookie, 'x-parley-csrf': '1' } : {}),
        ...headers,
      },
      body: new Uint8Array(body),
    });
  const uploaded = async (res: Response): Promise<Attachment> => {
    const body = (await res.json()) as { ok: boolean; attachment: Attachment };
    expect(res.status, JSON.stringify(body)).toBe(201);
    return body.attachment;
  };

  beforeAll(async () => {
    server = await startTestParley(env());
    url = server.url;
  });
  afterAll(async () => {
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('stores an upload, decides its type from the content, and a message carries it to the agent', async () => {
    const token = await newVisitorToken(url);
    const file = await uploaded(await upload({ token }, 'screenshot.png', PNG, { 'content-type': 'text/html' }));
    expect(file).toMatchObject({ name: 'screenshot.png', contentType: 'image/png', size: PNG.length });
    const visitor = await connect(url, '/visitor', { token });
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), attachmentIds: [file.id] });
    expect(sent.ok, JSON.stringify(sent)).toBe(true);
    const agent = await connect(url, '/agent', { cookie: await loginAgent(url) });
    const conversationId = (sent.message as { conversationId: string }).conversationId;
    const opened = await call(agent, 'agent:open', { conversationId });
    expect((opened.messages as Array<{ attachments: Attachment[] }>)[0]?.attachments).toEqual([file]);
    expect((opened.conversation as { lastMessagePreview: string }).lastMessagePreview).toContain('screenshot.png');
    const download = await fetch(`${url}/api/v1/attachments/${file.id}/screenshot.png`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
    visitor.close();
    agent.close();
  });

  it.each([
    ['an HTML page', 'invoice.html', HTML],
    ['an SVG image', 'logo.svg', SVG],
  ])('serves %s as a download, never as a page', async (_what, name, data) => {
    const file = await uploaded(await upload({ token: await newVisitorToken(url) }, name, data, { 'content-type': 'text/html' }));
    expect(file.contentType).toBe('application/octet-stream');
    const res = await fetch(`${url}/api/v1/attachments/${file.id}/${name}`);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('neutralises hostile file names in storage and in the download header', async () => {
    const hostile = '../../etc/passwd\r\nSet-Cookie: x=1\u202Egnp.exe"; ok';
    const file = await uploaded(await upload({ token: await newVisitorToken(url) }, hostile, PNG));
    expect(file.name).not.toMatch(/[/\\\r\n\u202e]/);
    const res = await fetch(`${url}/api/v1/attachments/${file.id}/x`);
    expect(res.headers.get('set-cookie')).toBeNull();
    const disposition = res.headers.get('content-disposition') ?? '';
    expect(disposition).not.toMatch(/[\r\n]/);
    expect(disposition).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''/);
  });

  it("cannot attach someone else's upload to a message (visitor or agent)", async () => {
    const aliceToken = await newVisitorToken(url);
    const bobToken = await newVisitorToken(url);
    const alicesFile = await uploaded(await upload({ token: aliceToken }, 'private.pdf', Buffer.from('%PDF-1.7 secret')));
    expect(alicesFile.contentType).toBe('application/pdf');
    const bob = await connect(url, '/visitor', { token: bobToken });
    const stolen = await call(bob, 'visitor:message', { clientMsgId: clientMsgId(), text: 'look', attachmentIds: [alicesFile.id] });
    expect(stolen).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const unknown = await call(bob, 'visitor:message', { clientMsgId: clientMsgId(), text: 'look', attachmentIds: ['doesNotExist'] });
    expect(unknown.error?.message).toBe(stolen.error?.message.replace(alicesFile.id, 'doesNotExist'));
    const first = await call(bob, 'visitor:message', { clientMsgId: clientMsgId(), text: 'hello' });
    const agent = await connect(url, '/agent', { cookie: await loginAgent(url) });
    const agentTry = await call(agent, 'agent:message', {
      conversationId: (first.message as { conversationId: string }).conversationId,
      clientMsgId: clientMsgId(),
      text: 'here',
      attachmentIds: [alicesFile.id],
    });
    expect(agentTry).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    bob.close();
    agent.close();
  });

  it('refuses uploads without an identity, from another origin, without CSRF header, empty or too large', async () => {
    const token = await newVisitorToken(url);
    expect((await upload({}, 'a.png', PNG)).status).toBe(401);
    expect((await upload({ token: 'not-a-token' }, 'a.png', PNG)).status).toBe(401);
    expect((await upload({ token }, 'a.png', PNG, { origin: 'https://evil.example' })).status).toBe(403);
    const cookie = await loginAgent(url);
    const noCsrf = await fetch(`${url}/api/v1/attachments`, { method: 'POST', headers: { cookie, 'x-filename': 'a.png' }, body: new Uint8Array(PNG) });
    expect(noCsrf.status).toBe(403);
    expect((await upload({ token }, 'empty.txt', Buffer.alloc(0))).status).toBe(400);
    expect((await upload({ token }, '', PNG)).status).toBe(400);
    const big = await upload({ token }, 'big.bin', Buffer.alloc(10 * 1024 * 1024 + 1));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    expect((await fetch(`${url}/api/v1/attachments/doesNotExist/x`)).status).toBe(404);
    expect((await fetch(`${url}/api/v1/attachments/%7B%22%24gt%22%3A1%7D/x`)).status).toBe(400);
  });

  const unreferencedCount = async () => (await server.parley.store.listUnreferencedAttachments(new Date(Date.now() + 60_000).toISOString(), 10_000)).length;
  const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

  it('refuses a compressed upload with unsupported_encoding, storing nothing', async () => {
    const token = await newVisitorToken(url);
    const before = await unreferencedCount();
    for (const encoding of ['gzip', 'deflate', 'br', 'identity, gzip']) {
      const res = await upload({ token }, 'bomb.bin', gzipSync(Buffer.alloc(1024 * 1024)), { 'content-encoding': encoding });
      expect(res.status, encoding).toBe(415);
      expect(await errorCode(res)).toBe('unsupported_encoding');
    }
    expect(await unreferencedCount()).toBe(before);
    // identity is what fetch sends anyway
    await uploaded(await upload({ token }, 'plain.png', PNG, { 'content-encoding': 'identity' }));
  });

  it('refuses an oversize upload with an honest Content-Length before reading it: 413 while the body is still coming, nothing stored', async () => {
    const token = await newVisitorToken(url);
    const before = await unreferencedCount();
    const filesBefore = await storedFiles(server.dataDir);
    const port = Number(new URL(url).port);
    // Declares one byte over the cap, sends 64 KB of it and stalls: the answer cannot wait for the body.
    const request = stalledRequest(
      port,
      `POST /api/v1/attachments HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nX-Filename: big.bin\r\nContent-Length: ${MAX + 1}\r\n\r\n`,
      64 * 1024,
    );
    try {
      const answer = await within(5000, request.status);
      expect(answer).toEqual({ value: 'HTTP/1.1 413 Payload Too Large' });
      await within(1000, waitFor('the answer body', () => request.received().includes('payload_too_large'), 1000, 20));
      expect(request.received()).toContain('"code":"payload_too_large"');
    } finally {
      request.close();
    }
    expect(await unreferencedCount()).toBe(before);
    expect(await storedFiles(server.dataDir)).toEqual(filesBefore);
  });

  it('says 100 Continue to an upload only once it is accepted: a refused client never sends its body', async () => {
    const port = Number(new URL(url).port);
    const head = (auth: string, length: number) =>
      `POST /api/v1/attachments HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filename: a.png\r\nContent-Length: ${length}\r\nExpect: 100-continue\r\n${auth}\r\n`;
    expect(await uploadExpectingContinue(port, head('', PNG.length), PNG)).toEqual(['HTTP/1.1 401 Unauthorized']);
    const token = await newVisitorToken(url);
    const bearer = `Authorization: Bearer ${token}\r\n`;
    expect(await uploadExpectingContinue(port, head(bearer, MAX + 1), PNG)).toEqual(['HTTP/1.1 413 Payload Too Large']);
    expect(await uploadExpectingContinue(port, head(bearer + 'Content-Encoding: gzip\r\n', PNG.length), PNG)).toEqual(['HTTP/1.1 415 Unsupported Media Type']);
    expect(await uploadExpectingContinue(port, head(bearer, PNG.length), PNG)).toEqual(['HTTP/1.1 100 Continue', 'HTTP/1.1 201 Created']);
    // every other route is told to continue at once, as before
    const session = await uploadExpectingContinue(
      port,
      `POST /api/v1/widget/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 18\r\nExpect: 100-continue\r\n\r\n`,
      Buffer.from('{"desk":"default"}'),
    );
    expect(session[0]).toBe('HTTP/1.1 100 Continue');
    expect(session[1]).toMatch(/^HTTP\/1\.1 20\d /);
  });

  it('keeps nothing of an upload whose client goes away half-way', async () => {
    const token = await newVisitorToken(url);
    const before = await unreferencedCount();
    const filesBefore = await storedFiles(server.dataDir);
    const port = Number(new URL(url).port);
    const request = stalledRequest(
      port,
      `POST /api/v1/attachments HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nX-Filename: half.bin\r\nContent-Length: ${4 * 1024 * 1024}\r\n\r\n`,
      2 * 1024 * 1024,
    );
    if (adapter === 'embedded') {
      await waitFor('the upload in progress', async () => (await storedFiles(server.dataDir)).some((f) => f.endsWith('.part')), 5000, 50);
    } else {
      await sleep(500);
    }
    request.close();
    await waitFor('the partial upload to be removed', async () => (await storedFiles(server.dataDir)).length === filesBefore.length, 5000, 50);
    expect(await storedFiles(server.dataDir)).toEqual(filesBefore);
    expect(await unreferencedCount()).toBe(before);
  });

  it('streams an upload without Content-Length to storage and cuts it off once it crosses the cap: 413, no partial file left', async () => {
    const token = await newVisitorToken(url);
    const before = await unreferencedCount();
    const filesBefore = await storedFiles(server.dataDir);
    const chunk = new Uint8Array(256 * 1024).fill(0x41);
    let pushMore: (bytes: number) => void = () => undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        pushMore = (bytes) => {
          for (let sent = 0; sent < bytes; sent += chunk.length) controller.enqueue(chunk);
          if (bytes === Infinity) controller.close();
        };
      },
    });
    const answer = fetch(`${url}/api/v1/attachments`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-filename': 'endless.bin', authorization: `Bearer ${token}` },
      body,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    pushMore(5 * 1024 * 1024);
    if (adapter === 'embedded') {
      // Half-way, the bytes are in a .part file on disk, not in the server's memory.
      const partial = await waitFor(
        'a .part file of the upload in progress',
        async () => {
          for (const f of (await storedFiles(server.dataDir)).filter((f) => f.endsWith('.part'))) {
            const { size } = await stat(path.join(server.dataDir, 'attachments', f));
            if (size >= 4 * 1024 * 1024) return f;
          }
          return null;
        },
        5000,
        50,
      );
      expect(partial).toMatch(/\.part$/);
    }
    pushMore(6 * 1024 * 1024);
    const res = await answer;
    expect(res.status).toBe(413);
    expect(await errorCode(res)).toBe('payload_too_large');
    expect(await unreferencedCount()).toBe(before);
    const files = await storedFiles(server.dataDir);
    expect(files.filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(files).toEqual(filesBefore);
  });
});
