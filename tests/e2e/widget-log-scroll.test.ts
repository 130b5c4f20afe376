import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/**
 * The conversation stays at its newest message when what is around it takes room: the chips of picked files above
 * the message box, or a phone's on-screen keyboard that shortens the page (and the full-screen chat with it).
 */
describe('the conversation keeps its newest message in view (Chromium)', () => {
  let parley: ServerUnderTest;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    parley = await startServerUnderTest();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
    if (parley) await removeDir(parley.dataDir);
  });

  /** A visitor who has written enough for the conversation to scroll. */
  async function longConversation(viewport: { width: number; height: number }): Promise<{ page: Page; chat: FrameLocator }> {
    const page = await browser.newPage({ locale: 'en-US', viewport });
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${parley.url}/`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const chat = page.frameLocator('iframe[title="Chat"]');
    const box = chat.getByRole('textbox', { name: 'Message' });
    for (let i = 1; i <= 8; i++) {
      await box.fill(`Question number ${i} about my order`);
      await box.press('Enter');
    }
    await chat.getByRole('log', { name: 'Conversation' }).getByText('Question number 8 about my order').waitFor();
    await page.waitForTimeout(300);
    return { page, chat };
  }
  /** How far the newest message's bottom is below the log's visible bottom (0 or less: in view). */
  const hiddenBelow = (chat: FrameLocator) =>
    chat.getByRole('log', { name: 'Conversation' }).evaluate((log) => {
      const last = log.querySelector('.messages > li:last-child')!;
      return Math.round(last.getBoundingClientRect().bottom - log.getBoundingClientRect().bottom);
    });

  it('when files are picked: their chips do not cover the newest message', async () => {
    const { page, chat } = await longConversation({ width: 1280, height: 800 });
    expect(await hiddenBelow(chat)).toBeLessThanOrEqual(0);
    await chat.locator('input[type=file]').setInputFiles([
      { name: 'receipt.txt', mimeType: 'text/plain', buffer: Buffer.from('order 1234\n') },
      { name: 'invoice-with-a-rather-long-name.txt', mimeType: 'text/plain', buffer: Buffer.from('invoice\n') },
    ]);
    await chat.getByRole('list', { name: 'Attachments' }).getByText('receipt.txt').waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: '/tmp/widget-log-scroll-chips.png' });
    expect(await hiddenBelow(chat)).toBeLessThanOrEqual(0);

    // a visitor who scrolled up to read stays where they are
    const log = chat.getByRole('log', { name: 'Conversation' });
    await log.evaluate((element) => element.scrollTo({ top: 0 }));
    await page.waitForTimeout(100);
    await chat.locator('input[type=file]').setInputFiles([{ name: 'photo-of-the-parcel.txt', mimeType: 'text/plain', buffer: Buffer.from('parcel\n') }]);
    await chat.getByRole('list', { name: 'Attachments' }).getByText('photo-of-the-parcel.txt').waitFor();
    await page.waitForTimeout(300);
    expect(await log.evaluate((element) => element.scrollTop)).toBe(0);
    await page.close();
  });

  it("on a phone, when the on-screen keyboard shortens the page", async () => {
    const { page, chat } = await longConversation({ width: 375, height: 667 });
    expect(await hiddenBelow(chat)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 375, height: 380 }); // what a keyboard leaves
    await page.waitForTimeout(300);
    await page.screenshot({ path: '/tmp/widget-log-scroll-keyboard.png' });
    expect(await hiddenBelow(chat)).toBeLessThanOrEqual(0);
    await page.close();
  });

  it('raised no script errors', () => {
    expect(errors).toEqual([]);
  });
});
