import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { changeDeskSettings, loginAgent } from '../support/clients.ts';
import { asOtherSite, startShopSite, type ShopSite } from '../support/shop-site.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

const LABEL = { en: 'Ask Acme', ko: '아크미에 물어보세요' };

/** What the launcher said each time it changed, from the page's first frame: its name, tooltip and visibility. */
interface Seen {
  name: string | null;
  title: string;
  visible: boolean;
}

/**
 * A shop whose page asks for Korean through the README's pre-load snippet, before widget.js: the launcher must say
 * Korean from the moment it shows (its name and the desk's label as its tooltip), not English until the panel and
 * host chunks have loaded. The chunks are slowed down here, as on a real network, so an English launcher would show.
 */
describe('Parley("setLocale") queued before widget.js: no English launcher first (Chromium)', () => {
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
    const snippet = `<script>window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };</script>`;
    site = await startShopSite(
      () =>
        `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>Shop</title>${snippet}` +
        `<script>Parley('setLocale', 'ko');</script></head><body><main>Shop</main>` +
        `<script src="${parleyUrl}/widget.js" data-desk="default" async></script></body></html>`,
    );
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await parley?.stop();
    if (parley) await removeDir(parley.dataDir);
  });

  async function visit(): Promise<Page> {
    // an English browser: only the page's call says Korean
    const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (m) => m.type() === 'warning' && m.text().startsWith('[Parley]') && errors.push(m.text()));
    // the panel and host chunks arrive late, as they may on a phone's network
    await page.route(/\/widget\/(panel|host)-[^/]+\.js$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 700));
      await route.continue();
    });
    await page.addInitScript(() => {
      const seen: Seen[] = [];
      (window as unknown as { seen: Seen[] }).seen = seen;
      const watch = (): void => {
        const button = document.querySelector('parley-widget')?.shadowRoot?.querySelector('button');
        if (button) {
          const now = { name: button.getAttribute('aria-label'), title: button.title, visible: getComputedStyle(button).visibility === 'visible' };
          const last = seen[seen.length - 1];
          if (!last || last.name !== now.name || last.title !== now.title || last.visible !== now.visible) seen.push(now);
        }
        requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    });
    const parleyOrigin = new URL(asOtherSite(parley.url)).origin;
    page.on('request', (request) => {
      if (request.url().startsWith(parleyOrigin) && request.url().includes('/api/v1/widget/look')) looks.push(request.url());
    });
    await page.goto(site!.origin);
    return page;
  }
  const looks: string[] = [];

  it('shows the launcher in Korean from its first visible frame, and the chat opens in Korean', async () => {
    const page = await visit();
    const launcher = page.getByRole('button', { name: '채팅 열기', exact: true });
    await launcher.waitFor({ state: 'visible' });
    await expect.poll(() => launcher.getAttribute('title'), { timeout: 5000 }).toBe(LABEL.ko);
    // the chunks have loaded and applied the call by now: nothing changes any more
    await page.waitForTimeout(1500);
    const seen = await page.evaluate(() => (window as unknown as { seen: Seen[] }).seen);
    const shown = seen.filter((s) => s.visible);
    expect(shown.length, JSON.stringify(seen)).toBeGreaterThan(0);
    expect(shown, JSON.stringify(seen)).toEqual(shown.map(() => ({ name: '채팅 열기', title: LABEL.ko, visible: true })));
    expect(looks.length, 'the look is asked once, for Korean').toBe(1);

    await launcher.click();
    const chat = page.frameLocator('iframe[title="채팅 상담"]');
    await chat.getByRole('textbox', { name: '메시지' }).waitFor();
    await page.getByRole('button', { name: '채팅 닫기' }).waitFor();
    await page.close();
  });

  it('raised no script errors or warnings', () => {
    expect(errors).toEqual([]);
  });
});
