import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { changeDeskSettings, loginAgent } from '../support/clients.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

const DESK = { name: 'Acme Help', greeting: { en: 'Welcome to Acme! Ask away.', ko: '아크미에 오신 것을 환영합니다!' } };

/**
 * A visitor whose network drops after the chat has loaded (pointed at: the frame loads closed and asks nothing) and
 * who opens the chat offline, before it could ask for the desk's name and greeting: the chat shows its own defaults
 * then, and says it is offline (not "Connecting…"). Once the network is back the desk's own name and greeting must replace the defaults, without a reload, in
 * either language.
 */
describe('the chat opened offline gets the desk’s name and greeting once back online (Chromium)', () => {
  let parley: ServerUnderTest;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    parley = await startServerUnderTest();
    const cookie = await loginAgent(parley.url);
    const saved = await changeDeskSettings(parley.url, cookie, { name: DESK.name, widget: { greeting: DESK.greeting } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
    if (parley) await removeDir(parley.dataDir);
  });

  for (const locale of ['en', 'ko'] as const) {
    it(`${locale}: defaults while offline, then the desk's own name and greeting`, async () => {
      const words =
        locale === 'en'
          ? { open: 'Open chat', frame: 'Chat', offline: 'You are offline', fallbackName: 'Support', message: 'Message' }
          : { open: '채팅 열기', frame: '채팅 상담', offline: '오프라인입니다', fallbackName: '고객지원', message: '메시지' };
      const context: BrowserContext = await browser.newContext({ locale: locale === 'en' ? 'en-US' : 'ko-KR' });
      const page: Page = await context.newPage();
      page.on('pageerror', (err) => errors.push(err.message));
      // The chat loads on intent, closed (it asks nothing yet); then the network drops, and the visitor opens it.
      const stringsLoaded = page.waitForEvent('requestfinished', { predicate: (request) => /\/widget\/strings-(en|ko)-/.test(request.url()) });
      await page.goto(`${parley.url}/`);
      const launcher = page.getByRole('button', { name: words.open });
      await launcher.hover();
      await stringsLoaded;
      await page.waitForTimeout(300);
      await context.setOffline(true);
      await launcher.click();

      const chat = page.frameLocator(`iframe[title="${words.frame}"]`);
      await chat.getByRole('textbox', { name: words.message }).waitFor();
      await chat.getByRole('heading', { name: words.fallbackName, exact: true }).waitFor(); // the chat's own default
      await page.waitForTimeout(1500); // the first session request has failed, and a retry: still the offline notice
      await chat.getByText(words.offline).first().waitFor({ timeout: 1000 });

      await context.setOffline(false);
      await chat.getByRole('heading', { name: DESK.name }).waitFor({ timeout: 10_000 });
      await chat.getByRole('log').getByText(DESK.greeting[locale]).waitFor();
      await page.screenshot({ path: `/tmp/parley-widget-offline-open-${locale}.png` });
      await context.close();
    });
  }

  it('raised no script errors', () => {
    expect(errors).toEqual([]);
  });
});
