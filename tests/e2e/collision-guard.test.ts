import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken } from '../support/clients.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

const MINA = { name: 'Mina Park', email: 'mina@guard.test', password: 'mina password 1' };
type Msg = { text: string; seq: number };
/** Where the README's screenshot (docs/guard.png) is written when PARLEY_DOCS_SCREENSHOT=1 (else only to /tmp). */
const GUARD_SCREENSHOT = process.env.PARLEY_DOCS_SCREENSHOT === '1' ? new URL('../../docs/guard.png', import.meta.url).pathname : '/tmp/parley-guard-stale.png';

/**
 * The guard against replying blind (issue #9), in Chromium: Mina starts a reply, Admin answers first; Mina's send is
 * stopped with Admin's reply shown and her text kept; "Send anyway" sends it; the visitor gets both replies once.
 * Her next draft waits on the server for her other device; a ticket resolved under a draft stops its send too.
 */
describe('no blind double answers (Chromium, two agents)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let admin: Page;
  let mina: Page;
  let visitor: Socket;
  let conversationId: string;
  const pageErrors: string[] = [];

  async function logIn(page: Page, creds: { email: string; password: string }) {
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${server.url}/inbox/`);
    await page.getByRole('textbox', { name: 'Email' }).fill(creds.email);
    await page.getByLabel('Password').fill(creds.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /#1\b/ }).click();
    await page.getByRole('log', { name: 'Timeline' }).getByText('Where is my order?').waitFor();
  }
  const replyBox = (page: Page) => page.getByRole('textbox', { name: 'Reply' });

  beforeAll(async () => {
    server = await startServerUnderTest();
    const cookie = await loginAgent(server.url, ADMIN);
    const created = await json(`${server.url}/api/v1/agents`, { method: 'POST', headers: { cookie, 'x-parley-csrf': '1' }, body: JSON.stringify(MINA) });
    expect(created.status).toBeLessThan(300);
    visitor = await connect(server.url, '/visitor', { token: await newVisitorToken(server.url) });
    const first = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Where is my order?' });
    conversationId = (first.message as { conversationId: string }).conversationId;
    browser = await launchBrowser();
    admin = await (await browser.newContext({ locale: 'en-US' })).newPage();
    mina = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await logIn(admin, ADMIN);
    await logIn(mina, MINA);
  });
  afterAll(async () => {
    visitor?.close();
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('stops a reply started before a colleague answered, keeps it, and sends it on "Send anyway"', async () => {
    await replyBox(mina).fill('Hi! Let me look up your order.');
    await replyBox(admin).fill('Hello, your order left our warehouse today.');
    await admin.getByRole('button', { name: 'Send' }).click();
    // Mina sees Admin's reply arrive while her draft is open; her send is still checked against where she started
    await mina.getByRole('log', { name: 'Timeline' }).getByText('Hello, your order left our warehouse today.').waitFor({ timeout: 5000 });
    await mina.getByRole('button', { name: 'Send' }).click();

    const banner = mina.getByRole('alert').filter({ hasText: 'New messages arrived while you were typing' });
    await banner.waitFor({ timeout: 5000 });
    await banner.getByText('Hello, your order left our warehouse today.').waitFor();
    expect(await replyBox(mina).inputValue()).toBe('Hi! Let me look up your order.');
    // the reply she had not seen is highlighted in the timeline too
    const highlighted = mina.getByRole('log', { name: 'Timeline' }).locator('.msg-missed');
    expect(await highlighted.count()).toBe(1);
    expect(await highlighted.innerText()).toContain('New while you were writing');
    expect(await highlighted.innerText()).toContain('Hello, your order left our warehouse today.');
    await mina.screenshot({ path: GUARD_SCREENSHOT });

    await banner.getByRole('button', { name: 'Send anyway' }).click();
    await mina.getByRole('log', { name: 'Timeline' }).getByText('Hi! Let me look up your order.').waitFor({ timeout: 5000 });
    await banner.waitFor({ state: 'detached' });
    expect(await replyBox(mina).inputValue()).toBe('');
    expect(await mina.getByRole('log', { name: 'Timeline' }).locator('.msg-missed').count()).toBe(0);

    const history = (await call(visitor, 'visitor:resume', {})).messages as Msg[];
    expect(history.map((m) => m.text)).toEqual(['Where is my order?', 'Hello, your order left our warehouse today.', 'Hi! Let me look up your order.']);
  });

  it('keeps an unsent draft on the server for the agent\'s other device', async () => {
    await replyBox(mina).fill('I will call the courier and get back to you');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the server copy follows the last edit by 0.8 s
    const laptop = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await logIn(laptop, MINA);
    await expect.poll(() => replyBox(laptop).inputValue(), { timeout: 5000 }).toBe('I will call the courier and get back to you');
    await laptop.context().close();
  });

  it('asks before answering a colleague\'s ticket, and stops a reply to a ticket resolved while it was being written', async () => {
    await replyBox(mina).fill('One more thing about the courier');
    const ticket = (await call(await connect(server.url, '/agent', { cookie: await loginAgent(server.url, ADMIN) }), 'agent:open', { conversationId })) as unknown as {
      conversation: { version: number };
    };
    const adminSocket = await connect(server.url, '/agent', { cookie: await loginAgent(server.url, ADMIN) });
    const resolved = await call(adminSocket, 'agent:update', { conversationId, version: ticket.conversation.version, status: 'resolved' });
    expect(resolved.ok, JSON.stringify(resolved.error)).toBe(true);
    adminSocket.close();
    await mina.getByRole('button', { name: 'Send' }).click();
    // Admin's ticket (his reply claimed it): Mina is asked first
    const ask = mina.getByRole('alert').filter({ hasText: 'This ticket is assigned to Admin' });
    await ask.waitFor({ timeout: 5000 });
    await mina.screenshot({ path: '/tmp/parley-guard-others.png' });
    await ask.getByRole('button', { name: 'Reply anyway' }).click();
    const banner = mina.getByRole('alert').filter({ hasText: 'It was resolved while you were writing.' });
    await banner.waitFor({ timeout: 5000 });
    expect(await replyBox(mina).inputValue()).toBe('One more thing about the courier');
    await mina.screenshot({ path: '/tmp/parley-guard-resolved.png' });
  });

  it('raised no script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
