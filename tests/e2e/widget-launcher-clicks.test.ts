import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/**
 * Clicks on the launcher before the chat's script has loaded: the chat is closed then, whatever the visitor did, so
 * every such click means "open". A click that could not load the chat (offline) and the click that retries it, or
 * two clicks on a slow network, must open the chat, not open and close it at once.
 */
describe('clicking the launcher before the chat has loaded (Chromium)', () => {
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

  async function visitor(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${parley.url}/`);
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    return { context, page };
  }
  /** The chat is open and stays so: the frame shown, the launcher says so, the composer is there. */
  async function expectOpen(page: Page): Promise<void> {
    await page.frameLocator('iframe[title="Chat"]').getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    expect(await page.getByRole('button', { name: 'Close chat' }).getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('iframe[title="Chat"]').isVisible()).toBe(true);
  }

  it('opens the chat by itself once back online after a click made offline could not load it', async () => {
    const { context, page } = await visitor();
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.waitForTimeout(1000); // the panel's script failed to load: nothing opened
    expect(await page.locator('iframe').count()).toBe(0);
    await context.setOffline(false); // no second click: the first one was kept
    await expectOpen(page);
    await page.screenshot({ path: '/tmp/widget-launcher-clicks-retry.png' });

    await page.keyboard.press('Escape'); // and the launcher goes on toggling
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    await page.getByRole('button', { name: 'Open chat' }).click();
    await expectOpen(page);
    await context.close();
  });

  it('opens the chat when the visitor clicks twice while its script is still loading', async () => {
    const { context, page } = await visitor();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/widget\/panel-\w+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    const launcher = page.getByRole('button', { name: 'Open chat' });
    await launcher.click();
    await launcher.click();
    release();
    await expectOpen(page);
    await context.close();
  });

  it('raised no script errors', () => {
    expect(errors).toEqual([]);
  });
});
