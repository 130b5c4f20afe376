import type { Browser, BrowserContext, Page, WebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { asOtherSite, startShopSite, type ShopSite } from '../support/shop-site.ts';
import { call, clientMsgId, connect, loginAgent } from '../support/clients.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/** A stand-in for WebAudio on the host page, where the reply chime is played: counts the tones started. */
const COUNT_TONES = `if (window.top === window) {
  window.__tones = 0;
  window.AudioContext = class {
    state = 'running'; currentTime = 0; destination = {};
    resume() { return Promise.resolve(); }
    createGain() { return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect() {} }; }
    createOscillator() { return { frequency: {}, connect() {}, start() { window.__tones += 1; }, stop() {} }; }
  };
}`;

/**
 * A returning visitor browses the shop (another origin than Parley's, ALLOWED_ORIGINS empty) without opening the chat
 * on this page, and an agent replies: the page hears it live over the widget's own small WebSocket (no chat app, no
 * reload) and shows it as a chat opened and closed would: the badge, the `(1) ` title cue, `Parley.on('unread')` and
 * `Parley.on('message')`. A visitor who never chatted opens no WebSocket at all.
 */
describe('a returning visitor hears an agent’s reply on any page, with the chat closed (Chromium)', () => {
  let parley: ServerUnderTest;
  let parleyUrl: string;
  let site: ShopSite | undefined;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    parley = await startServerUnderTest();
    parleyUrl = asOtherSite(parley.url);
    site = await startShopSite((req) => {
      const page = new URL(req.url ?? '/', 'http://x').pathname === '/shoes' ? 'Shoes' : 'Shop';
      // the page's own listeners, registered before widget.js has loaded (the pre-load snippet)
      return `<!doctype html><html lang="en"><head><title>${page}</title></head><body><h1>${page}</h1>
        <script>
          window.heard = { unread: [], message: [] };
          window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
          Parley('on', 'unread', function (count) { heard.unread.push(count); });
          Parley('on', 'message', function (message) { heard.message.push(message.text); });
        </script>
        <script src="${parleyUrl}/widget.js" data-desk="default" data-locale="en" async></script></body></html>`;
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await parley?.stop();
    if (parley) await removeDir(parley.dataDir);
  });

  /** Every WebSocket the page opens, with the frames it receives (and `> ` those it sends); the pages' script errors. */
  const frames = new Map<WebSocket, string[]>();
  function watch(page: Page): WebSocket[] {
    const sockets: WebSocket[] = [];
    page.on('websocket', (ws) => {
      const seen: string[] = [];
      frames.set(ws, seen);
      ws.on('framereceived', ({ payload }) => seen.push(String(payload)));
      ws.on('framesent', ({ payload }) => seen.push(`> ${String(payload)}`));
      sockets.push(ws);
    });
    page.on('pageerror', (err) => errors.push(err.message));
    return sockets;
  }

  async function visit(page: Page, path: string, on = site!.origin): Promise<void> {
    await page.goto(`${on}${path}`);
    await page.getByRole('button', { name: /Open chat/ }).waitFor();
  }

  it('shows the reply on the badge, in the title and through the API within seconds, then opening the chat shows it', async () => {
    const context: BrowserContext = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.addInitScript(COUNT_TONES);
    const tones = () => page.evaluate(() => (window as unknown as { __tones: number }).__tones);
    const sockets = watch(page);
    await visit(page, '/');
    await page.getByRole('button', { name: 'Open chat' }).click();
    const chat = page.frameLocator('iframe[title="Chat"]');
    await chat.getByRole('textbox', { name: 'Message' }).fill('Do you have these in size 44?');
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat.getByRole('log', { name: 'Conversation' }).getByText('Do you have these in size 44?').waitFor();
    await page.waitForFunction(() => localStorage.getItem('parley:default:seen') !== null);
    const seen = JSON.parse((await page.evaluate(() => localStorage.getItem('parley:default:seen')))!) as { conversationId: string };

    // the next page of the shop, chat not opened there: the page's own listener connects to /visitor
    sockets.length = 0;
    await visit(page, '/shoes');
    await expect.poll(() => sockets.filter((ws) => ws.url().startsWith(`${parleyUrl.replace('http', 'ws')}/socket.io/`)).length, { timeout: 5000 }).toBe(1);
    const live = sockets[0]!;
    const said = frames.get(live)!;
    await expect.poll(() => said.some((f) => f.startsWith('40/visitor,')), { timeout: 5000 }).toBe(true);
    expect(said.filter((f) => f.startsWith('> 40/visitor,'))).toHaveLength(1); // the token, once
    expect(await page.title()).toBe('Shoes');
    expect(await page.locator('iframe').count()).toBe(0); // no chat app on this page
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

    const agent = await connect(parley.url, '/agent', { cookie: await loginAgent(parley.url) });
    const reply = async (text: string) => {
      const answer = await call(agent, 'agent:message', { conversationId: seen.conversationId, clientMsgId: clientMsgId(), text });
      expect(answer.ok, JSON.stringify(answer)).toBe(true);
    };
    await reply('Yes, size 44 is in stock.');

    const launcher = page.getByRole('button', { name: 'Open chat, 1 unread' });
    await launcher.waitFor({ timeout: 5000 });
    expect(await launcher.textContent()).toBe('1');
    await expect.poll(() => page.title(), { timeout: 5000 }).toBe('(1) Shoes');
    expect(await page.getByRole('status').textContent()).toBe('1 unread');
    const heard = await page.evaluate(() => (window as unknown as { heard: { unread: unknown[]; message: string[] } }).heard);
    expect(heard).toEqual({ unread: [1], message: ['Yes, size 44 is in stock.'] });
    // the same document: nothing reloaded, and still no chat app
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    expect(await page.locator('iframe').count()).toBe(0);
    expect(said.some((f) => f.startsWith('42/visitor,["message.created"'))).toBe(true);
    await expect.poll(tones).toBe(2); // the chime's two notes, as for a chat opened and closed

    // muted in the chat's menu (this browser's preference): the count goes on, the chime does not
    await page.evaluate(() => localStorage.setItem('parley:default:sound', 'off'));
    await reply('Shall I hold a pair for you?');
    await page.getByRole('button', { name: 'Open chat, 2 unread' }).waitFor({ timeout: 5000 });
    expect(await page.title()).toBe('(2) Shoes');
    await page.waitForTimeout(300);
    expect(await tones()).toBe(2);
    agent.close();

    // opening the chat shows the reply and clears it all; the chat's own socket takes over, the page's closes
    await page.getByRole('button', { name: 'Open chat, 2 unread' }).click();
    const log = page.frameLocator('iframe[title="Chat"]').getByRole('log', { name: 'Conversation' });
    await log.getByText('Yes, size 44 is in stock.').waitFor();
    await log.getByText('Shall I hold a pair for you?').waitFor();
    await page.getByRole('button', { name: 'Close chat' }).waitFor();
    expect(await page.title()).toBe('Shoes');
    await expect.poll(() => live.isClosed(), { timeout: 5000 }).toBe(true);
    expect((await page.evaluate(() => (window as unknown as { heard: { unread: unknown[] } }).heard)).unread).toEqual([1, 2, 0]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('under a page CSP without Parley’s ws: origin, knocks once and says once what is missing', async () => {
    const origin = parleyUrl;
    const strict = await startShopSite(
      () => `<!doctype html><html lang="en"><head><title>Strict</title></head><body><h1>Strict</h1>
        <script src="${origin}/widget.js" data-desk="default" data-locale="en" async></script></body></html>`,
      { 'content-security-policy': `default-src 'self'; script-src 'self' ${origin}; frame-src ${origin}; connect-src 'self' ${origin}` },
    );
    try {
      const context = await browser.newContext({ locale: 'en-US' });
      const page = await context.newPage();
      const sockets = watch(page);
      const warnings: string[] = [];
      page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
      await visit(page, '/', strict.origin);
      await page.getByRole('button', { name: 'Open chat' }).click();
      const chat = page.frameLocator('iframe[title="Chat"]');
      await chat.getByRole('textbox', { name: 'Message' }).fill('Hello from a strict page');
      await chat.getByRole('button', { name: 'Send' }).click();
      await chat.getByRole('log', { name: 'Conversation' }).getByText('Hello from a strict page').waitFor();
      await page.waitForFunction(() => localStorage.getItem('parley:default:seen') !== null);
      await visit(page, '/next', strict.origin);
      await expect.poll(() => warnings.length, { timeout: 5000 }).toBe(1);
      expect(warnings[0]).toBe(`[Parley] add ${origin.replace('http', 'ws')} to connect-src to show replies live`);
      await page.waitForTimeout(3000); // past the first retries' backoff: no second attempt
      expect(sockets.length).toBeLessThanOrEqual(1);
      expect(warnings).toHaveLength(1);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await strict.close();
    }
  });

  it('opens no WebSocket for a visitor who never chatted, even once the chat is loaded (closed)', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const sockets = watch(page);
    await visit(page, '/');
    await page.getByRole('button', { name: 'Open chat' }).hover(); // intent: the chat frame loads, closed
    await page.locator('iframe[title="Chat"]').waitFor({ state: 'attached' });
    await page.waitForTimeout(1500);
    expect(sockets.map((ws) => ws.url())).toEqual([]);
    await visit(page, '/shoes');
    await page.waitForTimeout(1000);
    expect(sockets.map((ws) => ws.url())).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
