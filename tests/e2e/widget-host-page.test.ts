import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToInbox } from '../support/browser.ts';
import { asOtherSite, startShopSite, type ShopSite } from '../support/shop-site.ts';
import { ADMIN, call, clientMsgId, connect, changeDeskSettings, loginAgent } from '../support/clients.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/** Where the README's screenshot is written when PARLEY_DOCS_SCREENSHOT=1 (else only to /tmp). */
const DOCS_SCREENSHOT = process.env.PARLEY_DOCS_SCREENSHOT === '1' ? new URL('../../docs/widget-dark.png', import.meta.url).pathname : '/tmp/parley-widget-dark.png';

/** Every CSP violation in any frame of the page is said on the console, where the test collects it. */
const REPORT_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (e) =>
  console.error('CSP violation: ' + e.effectiveDirective + ' ' + e.blockedURI + ' in ' + location.origin));`;

/** A stand-in for WebAudio on the host page, where the loader plays the reply chime: counts the tones started. */
const COUNT_TONES = `if (window.top === window) {
  window.__tones = 0;
  window.AudioContext = class {
    state = 'running'; currentTime = 0; destination = {};
    resume() { return Promise.resolve(); }
    createGain() { return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect() {} }; }
    createOscillator() { return { frequency: {}, connect() {}, start() { window.__tones += 1; }, stop() {} }; }
  };
}`;

/** Transition and animation durations of every element of a document or shadow root (all "0s" when nothing moves). */
const DURATIONS = (root: Document | ShadowRoot): string[] =>
  Array.from(root.querySelectorAll('*')).flatMap((el) => {
    const style = getComputedStyle(el);
    return [style.transitionDuration, style.animationDuration];
  });

/**
 * The widget on a customer's page, as the README's "Strict Content-Security-Policy" section tells them to set it up:
 * the site on one origin with exactly the directives documented, Parley on another. The visitor's system
 * preferences: a dark scheme and reduced motion. The desk's typing preview, seen in the inbox, and the reply chime.
 */
describe('the widget on the host page (Chromium)', () => {
  let parley: ServerUnderTest;
  let site: ShopSite | undefined;
  let siteUrl: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    parley = await startServerUnderTest();
    const origin = asOtherSite(parley.url);
    // The README's policy, word for word but for the origin.
    const csp = `default-src 'self'; script-src 'self' ${origin}; frame-src ${origin}; connect-src 'self' ${origin} ${origin.replace(/^http/, 'ws')}`;
    site = await startShopSite(
      () => `<!doctype html><html lang="en"><head><title>Shop</title></head>
        <body><h1>Shop</h1><script src="${origin}/widget.js" data-desk="default" data-locale="en" async></script></body></html>`,
      { 'content-security-policy': `${csp}; style-src 'self'; img-src 'self'; base-uri 'none'` },
    );
    siteUrl = `${site.origin}/`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await parley?.stop();
    if (parley) await removeDir(parley.dataDir);
  });

  async function openPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext(options);
    contexts.push(context);
    await context.addInitScript(REPORT_VIOLATIONS);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (err) => problems.push(err.message));
    return { page, problems };
  }

  const chatFrame = (page: Page): Frame => {
    const frame = page.frames().find((f) => f.url().includes('/widget/frame.html'));
    if (!frame) throw new Error('no chat frame');
    return frame;
  };

  it('loads, opens, chats and reports the unread count and the pages under a strict CSP, with no violation', async () => {
    const { page, problems } = await openPage({ viewport: { width: 1000, height: 720 } });
    await page.goto(siteUrl);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const chat = page.frameLocator('iframe[title="Chat"]');
    await chat.getByRole('textbox', { name: 'Message' }).fill('Where is my order?');
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat.getByRole('log', { name: 'Conversation' }).getByText('Sent').waitFor();
    // A light system: the chat is light (the dark test below sees the other side).
    expect(await chatFrame(page).evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(255, 255, 255)');

    // A returning visitor: the badge's unread check and the page report are the host page's own requests.
    const unread = page.waitForResponse((r) => r.url().includes('/api/v1/widget/unread'));
    const report = page.waitForResponse((r) => r.url().includes('/api/v1/widget/context'));
    await page.reload();
    expect((await unread).status()).toBe(200);
    expect((await report).status()).toBeLessThan(300);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await chat.getByRole('log', { name: 'Conversation' }).getByText('Where is my order?').waitFor();
    expect(problems).toEqual([]);
  });

  it('adds no global but Parley and shifts nothing on the host page, from load to an open chat', async () => {
    const { page, problems } = await openPage({ viewport: { width: 1000, height: 720 } });
    // Before any script of the page: the window's own names, and every layout shift (kept on `document`, not in a global).
    await page.addInitScript(() => {
      const seen = { names: Object.getOwnPropertyNames(window), shift: 0 };
      Object.defineProperty(document, 'parleyTestSeen', { value: seen });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) seen.shift += (entry as unknown as { value: number }).value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(siteUrl);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const chat = page.frameLocator('iframe[title="Chat"]');
    await chat.getByRole('textbox', { name: 'Message' }).fill('Any globals?');
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat.getByRole('log', { name: 'Conversation' }).getByText('Sent').waitFor();
    const { added, shift } = await page.evaluate(() => {
      const seen = (document as unknown as { parleyTestSeen: { names: string[]; shift: number } }).parleyTestSeen;
      const before = new Set(seen.names);
      return { added: Object.getOwnPropertyNames(window).filter((n) => !before.has(n)), shift: seen.shift };
    });
    expect(added).toEqual(['Parley']);
    expect(shift).toBe(0);
    expect(problems).toEqual([]);
  });

  it('is dark in a dark system and still in reduced motion', async () => {
    const { page, problems } = await openPage({ colorScheme: 'dark', reducedMotion: 'reduce', viewport: { width: 1000, height: 720 } });
    await page.goto(siteUrl);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const chat = page.frameLocator('iframe[title="Chat"]');
    await chat.getByRole('textbox', { name: 'Message' }).fill('Is it dark in here?');
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat.getByRole('log', { name: 'Conversation' }).getByText('Sent').waitFor();
    const frame = chatFrame(page);
    const look = await frame.evaluate(() => {
      const style = getComputedStyle(document.documentElement);
      return { background: style.backgroundColor, text: style.color, scheme: style.colorScheme };
    });
    expect(look).toEqual({ background: 'rgb(28, 31, 38)', text: 'rgb(230, 233, 239)', scheme: 'dark' });
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('parley-widget')!.shadowRoot!.querySelector('iframe')!).backgroundColor)).toBe(
      'rgb(28, 31, 38)',
    );
    // Nothing moves: neither the launcher and the frame on the host page nor anything in the chat.
    const launcherDurations = await page.evaluate(`(${DURATIONS.toString()})(document.querySelector('parley-widget').shadowRoot)`);
    const chatDurations = await frame.evaluate(`(${DURATIONS.toString()})(document)`);
    expect(new Set([...(launcherDurations as string[]), ...(chatDurations as string[])])).toEqual(new Set(['0s']));
    await page.screenshot({ path: DOCS_SCREENSHOT, clip: { x: 590, y: 52, width: 410, height: 668 } });
    expect(problems).toEqual([]);
  });

  it("shows agents the visitor's unsent draft once an admin turns the typing preview on", async () => {
    const cookie = await loginAgent(parley.url);
    expect((await changeDeskSettings(parley.url, cookie, { widget: { typingPreview: true } })).status).toBe(200);

    const { page, problems } = await openPage();
    await page.goto(siteUrl);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const chat = page.frameLocator('iframe[title="Chat"]');
    const box = chat.getByRole('textbox', { name: 'Message' });
    await box.fill('A question about my parcel');
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat.getByRole('log', { name: 'Conversation' }).getByText('Sent').waitFor();

    const inbox = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } })).newPage();
    await logInToInbox(inbox, parley.url, ADMIN);
    await inbox.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /A question about my parcel/ }).click();
    await inbox.getByRole('log', { name: 'Timeline' }).getByText('A question about my parcel').waitFor();
    await box.fill('It was sent to the wrong');
    await box.pressSequentially(' address');
    await inbox.getByRole('status').filter({ hasText: 'The customer is typing:' }).waitFor({ timeout: 5000 });
    // the last draft of the burst arrives (about a second after the first), as text
    await inbox.getByText('It was sent to the wrong address', { exact: true }).waitFor({ timeout: 5000 });
    await inbox.context().close();
    expect(problems).toEqual([]);
  });

  it('chimes for a reply while the chat is closed, and no more once the visitor muted it in the menu', async () => {
    const { page, problems } = await openPage();
    await page.addInitScript(COUNT_TONES);
    const tones = () => page.evaluate(() => (window as unknown as { __tones: number }).__tones);
    await page.goto(siteUrl);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const chat = page.frameLocator('iframe[title="Chat"]');
    await chat.getByRole('textbox', { name: 'Message' }).fill('Any news about the chime?');
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat.getByRole('log', { name: 'Conversation' }).getByText('Sent').waitFor();
    const agent = await connect(parley.url, '/agent', { cookie: await loginAgent(parley.url) });
    try {
      const list = await call(agent, 'agent:conversations', { queue: 'all' });
      const ticket = (list.conversations as { id: string; lastMessagePreview: string }[]).find((c) => c.lastMessagePreview === 'Any news about the chime?');
      const reply = async (text: string) => expect((await call(agent, 'agent:message', { conversationId: ticket!.id, clientMsgId: clientMsgId(), text })).ok).toBe(true);

      await reply('While the chat is open: no chime');
      await chat.getByText('While the chat is open: no chime').waitFor();
      await page.getByRole('button', { name: 'Close chat' }).click();
      await reply('Your parcel is on its way');
      await expect.poll(tones).toBe(2); // two notes

      // the chat's menu: the switch is on; off, it is remembered in the page's storage
      await page.getByRole('button', { name: /^Open chat/ }).click();
      await chat.getByRole('button', { name: 'Conversations' }).click();
      const sound = chat.getByRole('checkbox', { name: 'Sound for new replies' });
      expect(await sound.isChecked()).toBe(true);
      await sound.uncheck();
      await expect.poll(() => page.evaluate(() => localStorage.getItem('parley:default:sound'))).toBe('off');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: /^Open chat/ }).waitFor();
      await reply('Muted: no chime');
      await page.getByRole('button', { name: 'Open chat, 1 unread' }).waitFor();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await tones()).toBe(2);
    } finally {
      agent.close();
    }
    expect(problems).toEqual([]);
  });
});
