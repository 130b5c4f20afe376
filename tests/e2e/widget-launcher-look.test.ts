import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { changeDeskSettings, loginAgent } from '../support/clients.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

const PINK = 'rgb(194, 24, 91)'; // #c2185b

/**
 * Before any script of the page: every animation frame in which the launcher is visible, where it is and in which
 * colour (kept on `document`, not in a global), so a launcher shown on the wrong side or in the wrong colour for a
 * single frame is caught.
 */
const RECORD_LAUNCHER = `(() => {
  const frames = [];
  Object.defineProperty(document, 'parleyLauncherFrames', { value: frames });
  const watch = () => {
    const button = document.querySelector('parley-widget')?.shadowRoot?.querySelector('button');
    if (button && getComputedStyle(button).visibility === 'visible') {
      const rect = button.getBoundingClientRect();
      if (rect.width > 0) frames.push({ left: Math.round(rect.left), color: getComputedStyle(button).backgroundColor, title: button.title });
    }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
})();`;

type Seen = { left: number; color: string; title: string };

/**
 * The desk's look on the launcher from the first paint of the host page (the demo page Parley serves at `/`): the
 * colour, the side and the label set in Settings → Desk, before the chat is opened or loaded, again after a reload,
 * and without ever moving.
 */
describe("the launcher in the desk's look (Chromium)", () => {
  let parley: ServerUnderTest;
  let browser: Browser;

  beforeAll(async () => {
    parley = await startServerUnderTest();
    const cookie = await loginAgent(parley.url);
    const saved = await changeDeskSettings(parley.url, cookie, { widget: { color: '#c2185b', position: 'left', launcherLabel: { en: 'Ask Acme', ko: '아크미에 물어보세요' } } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
    if (parley) await removeDir(parley.dataDir);
  });

  const launcherFrames = (page: Page) => page.evaluate(() => (document as unknown as { parleyLauncherFrames: Seen[] }).parleyLauncherFrames.slice());
  const frameLeft = (page: Page) =>
    page.evaluate(() => Math.round(document.querySelector('parley-widget')!.shadowRoot!.querySelector('iframe')!.getBoundingClientRect().left));
  const chatLoaded = (page: Page) => page.evaluate(() => Boolean(document.querySelector('parley-widget')?.shadowRoot?.querySelector('iframe')));

  it('shows the launcher in the colour, on the side and with the label of the desk before the chat loads, and after a reload', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1000, height: 720 } });
    await context.addInitScript(RECORD_LAUNCHER);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (err) => problems.push(err.message));

    for (const visit of ['first visit', 'reload']) {
      if (visit === 'first visit') await page.goto(`${parley.url}/`);
      else await page.reload();
      const launcher = page.getByRole('button', { name: 'Open chat' });
      await launcher.waitFor({ state: 'visible' });
      await page.waitForTimeout(300); // a few frames more: the launcher must not move once shown
      expect(await chatLoaded(page), visit).toBe(false); // the loader alone: no chat frame yet
      expect(await launcher.evaluate((b) => getComputedStyle(b).backgroundColor), visit).toBe(PINK);
      expect(await launcher.getAttribute('title'), visit).toBe('Ask Acme');
      const box = (await launcher.boundingBox())!;
      expect(box.x, visit).toBe(20); // bottom left
      const frames = await launcherFrames(page);
      expect(frames.length, visit).toBeGreaterThan(0);
      // from the first frame it was shown in: the desk's side, colour and label, never the default ones
      expect(new Set(frames.map((f) => `${f.left} ${f.color} ${f.title}`)), visit).toEqual(new Set([`20 ${PINK} Ask Acme`]));
      await page.screenshot({ path: `/tmp/widget-fix-look-${visit === 'reload' ? 'reload' : 'first'}.png` });
    }

    // Opened: the chat opens on the same side, and the launcher stays where it was.
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.frameLocator('iframe[title="Chat"]').getByRole('textbox', { name: 'Message' }).waitFor();
    await page.waitForTimeout(300);
    expect(await frameLeft(page)).toBe(20);
    expect(new Set((await launcherFrames(page)).map((f) => `${f.left} ${f.color}`))).toEqual(new Set([`20 ${PINK}`]));
    await page.screenshot({ path: '/tmp/widget-fix-look-open.png' });
    expect(problems).toEqual([]);
    await context.close();
  });

  it("labels the launcher in the visitor's language, and opens the chat full screen on a phone", async () => {
    const context = await browser.newContext({ locale: 'ko-KR', viewport: { width: 375, height: 667 } });
    const page = await context.newPage();
    await page.goto(`${parley.url}/`);
    const launcher = page.getByRole('button', { name: '채팅 열기' });
    await launcher.waitFor({ state: 'visible' });
    expect(await launcher.getAttribute('title')).toBe('아크미에 물어보세요');
    expect((await launcher.boundingBox())!.x).toBe(20);
    await launcher.click();
    await page.frameLocator('iframe[title="채팅 상담"]').getByRole('textbox').first().waitFor();
    const frame = (await page.locator('iframe[title="채팅 상담"]').boundingBox())!;
    expect([frame.x, frame.y, frame.width, frame.height]).toEqual([0, 0, 375, 667]);
    await page.screenshot({ path: '/tmp/widget-fix-look-phone-ko.png' });
    await context.close();
  });
});
