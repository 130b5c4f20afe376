import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loadConfig, startParley, type Parley } from '@parley/server';
import { ADMIN, call, clientMsgId, connect, json, loginAgent } from '../support/clients.ts';
import { removeDir } from '../support/parley.ts';

const IDENTITY_SECRET = 'log-test-identity-secret-0123456789abcdefghij';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/**
 * A whole session against one node, its log captured at the most verbose level: not one of the secrets the session
 * used (password, wrong password, session cookie, visitor tokens, identity signature, attachment capability, the
 * Socket.IO session id, a token a caller put in a query string) may appear in it.
 */
describe('the log of a whole session holds none of its secrets', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  let parley: Parley;
  let url: string;
  let dataDir: string;
  const sockets: Socket[] = [];
  const secrets = new Map<string, string>();

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'parley-logs-'));
    const config = loadConfig({
      PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'trace', IDENTITY_SECRET, RATE_LIMIT_SCALE: '1000',
    });
    parley = await startParley(config, { log: createLogger('trace', sink) });
    url = `http://127.0.0.1:${parley.port}`;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await parley?.stop();
    await removeDir(dataDir);
  });

  it('after login, uploads, downloads, sockets over both transports and failures', async () => {
    secrets.set('admin password', ADMIN.password);
    secrets.set('identity secret', IDENTITY_SECRET);
    // a failed login: the wrong password is a secret too (often a typo of the right one)
    const wrong = 'correct horse battery staple?';
    secrets.set('wrong password', wrong);
    await json(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'x-parley-csrf': '1' }, body: JSON.stringify({ email: ADMIN.email, password: wrong }) });
    const cookie = await loginAgent(url);
    secrets.set('session cookie', cookie.split('=')[1]!);

    const hash = createHmac('sha256', IDENTITY_SECRET).update('user-7').digest('hex');
    secrets.set('identity signature', hash);
    const session = await json(`${url}/api/v1/widget/sessions`, {
      method: 'POST',
      body: JSON.stringify({ desk: 'default', identity: { userId: 'user-7', hash, email: 'kim@example.com', name: 'Kim' } }),
    });
    const token = session.body.token as string;
    secrets.set('visitor token', token);
    // the identity token (a JWT): neither it nor its signature, accepted or refused (expired)
    for (const [name, exp] of [['identity token', 4102444800], ['expired identity token', 1700000000]] as const) {
      const signed = [{ alg: 'HS256', typ: 'JWT' }, { sub: 'user-8', email: 'lee@example.com', exp }]
        .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
        .join('.');
      const signature = createHmac('sha256', IDENTITY_SECRET).update(signed).digest('base64url');
      secrets.set(`${name} signature`, signature);
      const answer = await json(`${url}/api/v1/widget/sessions`, {
        method: 'POST',
        body: JSON.stringify({ desk: 'default', identity: { token: `${signed}.${signature}` } }),
      });
      expect(answer.status).toBe(exp > 2e9 ? 201 : 403);
      if (answer.status === 201) secrets.set(`${name} visitor token`, answer.body.token as string);
    }

    const upload = await fetch(`${url}/api/v1/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-filename': 'shot.png', 'content-type': 'application/octet-stream' },
      body: PNG,
    });
    const attachment = ((await upload.json()) as { attachment: { id: string } }).attachment;
    secrets.set('attachment id', attachment.id);
    expect((await fetch(`${url}/api/v1/attachments/${attachment.id}/shot.png`)).status).toBe(200);
    // a caller that puts a credential in a query string
    const queryToken = 'query-string-secret-0123456789';
    secrets.set('query token', queryToken);
    await fetch(`${url}/api/v1/widget/config?desk=default&token=${queryToken}`);

    const visitor = await connect(url, '/visitor', { token });
    sockets.push(visitor);
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'hello', attachmentIds: [attachment.id] });
    expect(sent.ok).toBe(true);
    // polling: the engine's session id travels in the query string
    const polling = io(`${url}/visitor`, { transports: ['polling'], auth: { token }, reconnection: false, forceNew: true });
    sockets.push(polling);
    await new Promise<void>((resolve, reject) => (polling.once('connect', () => resolve()), polling.once('connect_error', reject)));
    secrets.set('engine session id', polling.io.engine.id);
    await call(polling, 'visitor:resume', {});

    const agent = await connect(url, '/agent', { cookie });
    sockets.push(agent);
    const list = await call(agent, 'agent:conversations', { queue: 'all' });
    expect(list.ok).toBe(true);
    await json(`${url}/api/v1/conversations?queue=all`, { headers: { cookie } });
    await json(`${url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie, 'x-parley-csrf': '1' } });

    expect(lines.length, 'the request log is on at this level').toBeGreaterThan(5);
    const log = lines.join('\n');
    for (const [what, secret] of secrets) expect(log.includes(secret), `the log contains the ${what}`).toBe(false);
  });
});
