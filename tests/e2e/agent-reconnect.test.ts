import type { Browser, BrowserContext, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToInbox } from '../support/browser.ts';
import { call, clientMsgId, newVisitorToken } from '../support/clients.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/**
 * An agent's reply across a dropped connection, in Chromium: it is not reported "Not sent" while the connection is
 * away; it goes out once the connection is back, the customer gets it once, and the composer is cleared. (It said
 * "Not sent" and kept the text, so the agent sent it again, often edited: the customer got it twice.)
 */
describe("agent's reply across a dropped connection (Chromium)", () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let visitor: Socket;
  const received: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServerUnderTest();
    visitor = io(`${server.url}/visitor`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: await newVisitorToken(server.url) } });
    await new Promise<void>((resolve) => visitor.once('connect', () => resolve()));
    await call(visitor, 'visitor:resume', {});
    visitor.on('message.created', (payload: { message?: { text?: string } }) => received.push(payload.message?.text ?? ''));
    expect((await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Is my parcel lost?' })).ok).toBe(true);
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await logInToInbox(page, server.url, ADMIN);
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /#1\b/ }).click();
    await page.getByRole('log', { name: 'Timeline' }).getByText('Is my parcel lost?').waitFor();
  });
  afterAll(async () => {
    visitor?.close();
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('waits for the connection instead of saying "Not sent", then delivers the reply once and clears the composer', async () => {
    await context.setOffline(true);
    await page.getByText(/Connection lost/).waitFor({ timeout: 10_000 });
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.fill('It is on its way, tracking number 7741');
    await reply.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Sending' }).waitFor({ timeout: 5000 });
    await page.waitForTimeout(1500);
    expect(await page.getByText(/^Not sent/).count()).toBe(0);
    await context.setOffline(false);
    await page.getByRole('log', { name: 'Timeline' }).getByText('It is on its way, tracking number 7741').waitFor({ timeout: 15_000 });
    await expect.poll(() => reply.inputValue(), { timeout: 5000 }).toBe('');
    await expect.poll(() => received.filter((t) => t === 'It is on its way, tracking number 7741').length, { timeout: 5000 }).toBe(1);
    await page.waitForTimeout(1000);
    expect(received.filter((t) => t === 'It is on its way, tracking number 7741')).toHaveLength(1);
    expect(await page.getByText(/^Not sent/).count()).toBe(0);
    await page.screenshot({ path: '/tmp/parley-agent-reconnect.png' });
  });

  it('takes back "cannot be reached" about a ticket change once the connection is back', async () => {
    await context.setOffline(true);
    await page.getByText(/Connection lost/).waitFor({ timeout: 10_000 });
    await page.getByRole('combobox', { name: 'Priority', exact: true }).selectOption('high');
    const failed = page.getByRole('alert').filter({ hasText: 'Could not update the ticket' });
    await failed.waitFor({ timeout: 5000 });
    await context.setOffline(false);
    await page.getByText(/Connection lost/).waitFor({ state: 'hidden', timeout: 15_000 });
    await failed.waitFor({ state: 'detached', timeout: 5000 });
    expect(pageErrors).toEqual([]);
  });
});
