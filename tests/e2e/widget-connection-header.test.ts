import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlServerReach, launchBrowser, type ServerReach } from '../support/browser.ts';
import { connect, loginAgent } from '../support/clients.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/**
 * The chat header's availability line ("Online") says whether someone would answer now: while the chat itself has no
 * connection (the browser offline, or the server out of reach) it says nothing, and it is back, live, on reconnect.
 */
describe("the chat header's availability while the chat has no connection (Chromium)", () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let agent: Socket;
  let reach: ServerReach;

  const chat = () => page.frameLocator('iframe[title="Chat"]');
  const header = () => chat().getByRole('banner');
  const availability = () => header().getByRole('status');
  const notice = (text: string) => chat().getByRole('status').filter({ hasText: text });

  beforeAll(async () => {
    server = await startServerUnderTest();
    agent = await connect(server.url, '/agent', { cookie: await loginAgent(server.url) }); // an agent is online
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1024, height: 760 } });
    reach = await controlServerReach(context);
    page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: /^Open chat/ }).click();
    await chat().getByRole('textbox', { name: 'Message' }).waitFor();
  });

  afterAll(async () => {
    agent?.disconnect();
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('hides "Online" while the browser is offline and shows it again once back online', async () => {
    await expect.poll(() => availability().allTextContents()).toEqual(['Online']);
    await context.setOffline(true);
    await notice('You are offline').waitFor();
    await chat().getByRole('textbox', { name: 'Message' }).fill('Anyone there?');
    await chat().getByRole('textbox', { name: 'Message' }).press('Enter');
    await chat().getByText('Waiting for the network…').waitFor();
    expect(await header().getByText('Online').count()).toBe(0);
    await page.screenshot({ path: '/tmp/widget-fix2-offline.png' });
    await context.setOffline(false);
    await expect.poll(() => availability().allTextContents(), { timeout: 10_000 }).toEqual(['Online']);
    await chat().getByText('Sent', { exact: true }).waitFor({ timeout: 10_000 });
  });

  it('hides "Online" while the server is out of reach ("Reconnecting…") and shows it again once reconnected', async () => {
    await expect.poll(() => availability().allTextContents()).toEqual(['Online']);
    await reach.cut();
    await notice('Reconnecting…').waitFor({ timeout: 10_000 });
    expect(await header().getByText('Online').count()).toBe(0);
    await page.screenshot({ path: '/tmp/widget-fix2-reconnecting.png' });
    reach.restore();
    await expect.poll(() => availability().allTextContents(), { timeout: 15_000 }).toEqual(['Online']);
    expect(await notice('Reconnecting…').count()).toBe(0);
  });
});
