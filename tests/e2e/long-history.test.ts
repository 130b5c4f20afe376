import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { call, clientMsgId, connect } from '../support/clients.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/**
 * History answers are pages of 50 messages: the widget must still show a long conversation whole after a reload,
 * asking for page after page by itself.
 */
describe('a long conversation in the widget (Chromium)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let site: Page;

  beforeAll(async () => {
    server = await startServerUnderTest({ RATE_LIMIT_SCALE: '1000' });
    browser = await launchBrowser();
    site = await (await browser.newContext({ locale: 'en-US' })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('shows all 130 messages after a reload, oldest to newest', async () => {
    await site.goto(`${server.url}/`);
    await site.getByRole('button', { name: 'Open chat' }).click();
    const chat = site.frameLocator('iframe[title="Chat"]');
    await chat.getByRole('textbox', { name: 'Message' }).fill('message 1');
    await chat.getByRole('button', { name: 'Send' }).click();
    const log = chat.getByRole('log', { name: 'Conversation' });
    await log.getByText('message 1', { exact: true }).waitFor();

    // the same visitor (the widget's own token) writes 129 more from another device
    const token = await site.evaluate(() => localStorage.getItem('parley:default:token'));
    const other = await connect(server.url, '/visitor', { token: token! });
    for (let i = 2; i <= 130; i++) expect((await call(other, 'visitor:message', { clientMsgId: clientMsgId(), text: `message ${i}` })).ok).toBe(true);
    other.close();

    await site.reload();
    await site.getByRole('button', { name: 'Open chat' }).click();
    await log.getByText('message 130', { exact: true }).waitFor({ timeout: 15_000 });
    const texts = await log.getByText(/^message \d+$/).allTextContents();
    expect(texts).toEqual(Array.from({ length: 130 }, (_, i) => `message ${i + 1}`));
    await site.screenshot({ path: '/tmp/parley-long-history.png' });
  });
});
