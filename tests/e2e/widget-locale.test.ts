import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { changeDeskSettings, loginAgent } from '../support/clients.ts';
import { asOtherSite, startShopSite, type ShopSite } from '../support/shop-site.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

const LABEL = { en: 'Ask Acme', ko: '아크미에 물어보세요' };

/** `window.Parley` as the page sees it. */
interface OnPage {
  Parley: { setLocale(locale: string): void; open(): void; close(): void };
}

/**
 * The shop's pages (on another origin than Parley's), each in English (`data-locale="en"`) that the page switches to
 * Korean before the widget has loaded: in the pre-load snippet's queue, or in a script right after the tag.
 */
function shopPage(path: string, parleyUrl: string): string {
  const tag = (async: boolean) => `<script src="${parleyUrl}/widget.js" data-desk="default" data-locale="en"${async ? ' async' : ''}></script>`;
  const snippet = `<script>window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };</script>`;
  const body =
    path === '/queued'
      ? `${snippet}<script>Parley('setLocale', 'ko');</script>${tag(true)}`
      : path === '/right-after'
        ? `${tag(false)}<script>Parley.setLocale('ko');</script>`
        : tag(true);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><main>Shop</main>${body}</body></html>`;
}

/**
 * `Parley.setLocale()` and the launcher on the host page: its name (what a screen reader says) and its tooltip (the
 * desk's launcher label, in that language), whether the page calls it before the widget has loaded or after, with
 * the chat closed or open, and back to English.
 */
describe('Parley.setLocale() and the launcher (Chromium)', () => {
  let parley: ServerUnderTest;
  let site: ShopSite | undefined;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    parley = await startServerUnderTest();
    const cookie = await loginAgent(parley.url);
    const saved = await changeDeskSettings(parley.url, cookie, { widget: { launcherLabel: LABEL } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const parleyUrl = asOtherSite(parley.url);
    site = await startShopSite((request) => shopPage(request.url ?? '/', parleyUrl));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await parley?.stop();
    if (parley) await removeDir(parley.dataDir);
  });

  async function visit(path: string): Promise<Page> {
    const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (m) => m.type() === 'warning' && m.text().startsWith('[Parley]') && errors.push(m.text()));
    await page.goto(`${site!.origin}${path}`);
    return page;
  }
  const setLocale = (page: Page, locale: string) => page.evaluate((l) => (window as unknown as OnPage).Parley.setLocale(l), locale);
  /** The launcher's name and tooltip once it says `name`, and again a moment later (nothing turns it back). */
  async function expectLauncher(page: Page, name: string, title: string): Promise<void> {
    const launcher = page.getByRole('button', { name, exact: true });
    await launcher.waitFor({ state: 'visible' });
    await expect.poll(() => launcher.getAttribute('title'), { timeout: 5000 }).toBe(title);
    await page.waitForTimeout(500);
    expect(await launcher.getAttribute('aria-label')).toBe(name);
    expect(await launcher.getAttribute('title')).toBe(title);
  }

  for (const [path, when] of [
    ['/queued', 'in the pre-load snippet’s queue'],
    ['/right-after', 'right after the script tag, before the launcher appears'],
  ] as const) {
    it(`speaks Korean when the page asked for it ${when}, before the chat was ever opened`, async () => {
      const page = await visit(path);
      await expectLauncher(page, '채팅 열기', LABEL.ko);
      await page.screenshot({ path: `/tmp/widget-locale${path.replace('/', '-')}.png` });
      expect(await page.locator('iframe').count()).toBe(0); // nothing but the launcher loaded for it

      // the visitor opens the chat: all of it in Korean
      await page.getByRole('button', { name: '채팅 열기' }).click();
      await page.frameLocator('iframe[title="채팅 상담"]').getByRole('textbox', { name: '메시지' }).waitFor();
      await expectLauncher(page, '채팅 닫기', LABEL.ko);
      await page.close();
    });
  }

  it('switches the closed launcher to Korean and back to English after it has loaded, and with the chat open', async () => {
    const page = await visit('/');
    await expectLauncher(page, 'Open chat', LABEL.en);
    await setLocale(page, 'ko');
    await expectLauncher(page, '채팅 열기', LABEL.ko);
    await setLocale(page, 'en');
    await expectLauncher(page, 'Open chat', LABEL.en);

    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.frameLocator('iframe[title="Chat"]').getByRole('textbox', { name: 'Message' }).waitFor();
    await setLocale(page, 'ko');
    await expectLauncher(page, '채팅 닫기', LABEL.ko);
    await page.frameLocator('iframe[title="채팅 상담"]').getByRole('textbox', { name: '메시지' }).waitFor();
    await page.keyboard.press('Escape');
    await expectLauncher(page, '채팅 열기', LABEL.ko);
    await setLocale(page, 'en');
    await expectLauncher(page, 'Open chat', LABEL.en);
    await page.close();
  });

  it('raised no script errors or warnings', () => {
    expect(errors).toEqual([]);
  });
});
