import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, clientMsgId, connect, loginAgent, newVisitorToken } from '../support/clients.ts';
import { freshDatabase } from '../support/node-process.ts';
import { removeDir, startTestParley, type RunningParley } from '../support/parley.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a7d1a2d60000000049454e44ae426082', 'hex');
const HTML = Buffer.from('<!doctype html><script>parent.__xss && parent.__xss("attachment")</script><h1>hi</h1>');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>');

type Attachment = { id: string; name: string; contentType: string; size: number };

describe.each([
  { adapter: 'embedded', env: (): Record<string, string> => ({}) },
  { adapter: 'mongo', env: (): Record<string, string> => ({ MONGODB_URI: freshDatabase(inject('mongoUri'), 'sec_attach') }) },
])('attachments ($adapter)', ({ env }) => {
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
});
