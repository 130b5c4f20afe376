import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken } from '../support/clients.ts';
import { ADMIN, freshDatabase, startNodeProcess, type NodeProcess } from '../support/node-process.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';

const MINA = { name: 'Mina Park', email: 'mina@two-nodes.test', password: 'mina password 1' };

/**
 * Collision detection across nodes (issue #9): Admin's inbox on node A, Mina's on node B, one MongoDB and one Redis.
 * Mina sees Admin viewing and replying; her reply started before his answer is stopped and then sent anyway; the
 * visitor gets both replies once.
 */
describe('two agents on two nodes (Chromium, MongoDB + Redis)', () => {
  let redis: RedisServer;
  let a: NodeProcess;
  let b: NodeProcess;
  let browser: Browser;
  let admin: Page;
  let mina: Page;
  let visitor: Socket;

  async function logIn(page: Page, url: string, creds: { email: string; password: string }) {
    await page.goto(`${url}/inbox/`);
    await page.getByRole('textbox', { name: 'Email' }).fill(creds.email);
    await page.getByLabel('Password').fill(creds.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /#1\b/ }).click();
    await page.getByRole('log', { name: 'Timeline' }).getByText('Is my refund on its way?').waitFor({ timeout: 10_000 });
  }

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = { MONGODB_URI: freshDatabase(inject('mongoUri'), 'e2e_two_nodes'), REDIS_URL: redis.url };
    a = await startNodeProcess('A', env);
    b = await startNodeProcess('B', env);
    const cookie = await loginAgent(a.url, ADMIN);
    const created = await json(`${a.url}/api/v1/agents`, { method: 'POST', headers: { cookie, 'x-parley-csrf': '1' }, body: JSON.stringify(MINA) });
    expect(created.status, JSON.stringify(created.body)).toBeLessThan(300);
    visitor = await connect(a.url, '/visitor', { token: await newVisitorToken(a.url) });
    expect((await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Is my refund on its way?' })).ok).toBe(true);
    browser = await launchBrowser();
    admin = await (await browser.newContext({ locale: 'en-US' })).newPage();
    mina = await (await browser.newContext({ locale: 'en-US' })).newPage();
  }, 60_000);
  afterAll(async () => {
    visitor?.close();
    await browser?.close();
    await Promise.all([a?.kill(), b?.kill()]);
    await redis?.stop();
  });

  it('shows presence across nodes and stops the blind reply; the visitor gets each reply once', async () => {
    onTestFailed(() => console.log([a.output(), b.output()].join('\n')));
    await logIn(admin, a.url, ADMIN);
    await logIn(mina, b.url, MINA);
    const bar = mina.getByRole('list', { name: 'Also on this ticket' });
    await bar.getByText('Admin').waitFor({ timeout: 2000 });

    await mina.getByRole('textbox', { name: 'Reply' }).fill('Let me check the refund for you.');
    await admin.getByRole('textbox', { name: 'Reply' }).fill('Your refund was sent yesterday.');
    await mina.getByText('Admin is replying…').waitFor({ timeout: 2000 });
    await admin.getByRole('button', { name: 'Send' }).click();
    await mina.getByRole('log', { name: 'Timeline' }).getByText('Your refund was sent yesterday.').waitFor({ timeout: 5000 });

    await mina.getByRole('button', { name: 'Send' }).click();
    const banner = mina.getByRole('alert').filter({ hasText: 'New messages arrived while you were typing' });
    await banner.waitFor({ timeout: 5000 });
    expect(await mina.getByRole('textbox', { name: 'Reply' }).inputValue()).toBe('Let me check the refund for you.');
    await banner.getByRole('button', { name: 'Send anyway' }).click();
    await admin.getByRole('log', { name: 'Timeline' }).getByText('Let me check the refund for you.').waitFor({ timeout: 5000 });

    const history = (await call(visitor, 'visitor:resume', {})).messages as Array<{ text: string }>;
    expect(history.map((m) => m.text)).toEqual(['Is my refund on its way?', 'Your refund was sent yesterday.', 'Let me check the refund for you.']);
  }, 60_000);
});
