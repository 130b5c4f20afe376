import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Frame, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { asOtherSite, startShopSite, type ShopSite } from '../support/shop-site.ts';
import { call, clientMsgId, connect, loginAgent } from '../support/clients.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

const BADGE_SCREENSHOT = fileURLToPath(new URL('../../docs/widget-badge.png', import.meta.url));

/**
 * The loader alone, as a visitor meets it on a customer's site (another origin than Parley's): a returning visitor
 * sees the badge for the replies that came while they were away before the chat app is loaded, and a visitor who
 * never chatted costs no request about them (only the desk's look, the same public answer for every visitor, without
 * credentials) and leaves nothing in the browser.
 */
describe('the launcher before the chat is opened (Chromium)', () => {
  let parley: ServerUnderTest;
  let parleyUrl: string;
  let site: ShopSite | undefined;
  let siteUrl: string;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    parley = await startServerUnderTest();
    parleyUrl = asOtherSite(parley.url);
    site = await startShopSite((req) => {
      const locale = new URL(req.url ?? '/', 'http://x').searchParams.get('lang') === 'ko' ? 'ko' : 'en';
      return `<!doctype html><html lang="${locale}"><head><title>Shop</title></head>
        <body><h1>Shop</h1><script src="${parleyUrl}/widget.js" data-desk="default" data-locale="${locale}" async></script></body></html>`;
    });
    siteUrl = `${site.origin}/`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await parley?.stop();
    if (parley) await removeDir(parley.dataDir);
  });

  /** A page of the shop that records every request it makes (frames included) and its script errors. */
  async function shopPage(context: BrowserContext, query = ''): Promise<{ page: Page; requests: string[]; finished: string[]; sent: Request[] }> {
    const page = await context.newPage();
    const requests: string[] = [];
    const finished: string[] = [];
    const sent: Request[] = [];
    page.on('request', (request: Request) => {
      requests.push(request.url());
      sent.push(request);
    });
    page.on('requestfinished', (request: Request) => finished.push(request.url()));
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(siteUrl + query);
    await page.getByRole('button', { name: /Open chat|채팅 열기/ }).waitFor();
    return { page, requests, finished, sent };
  }

  const appRequests = (requests: string[]) =>
    requests.filter((url) => /\/widget\/(frame\.html|app-)|\/socket\.io\/|\/api\/v1\/widget\/(sessions|config)/.test(url));

  it('shows a returning visitor the unread badge for replies that came while they were away, before the app loads', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const first = await shopPage(context);
    await first.page.getByRole('button', { name: 'Open chat' }).click();
    const chat = first.page.frameLocator('iframe[title="Chat"]');
    await chat.getByRole('textbox', { name: 'Message' }).fill('Where is my order?');
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat.getByRole('log', { name: 'Conversation' }).getByText('Where is my order?').waitFor();
    // the seen mark is written while the visitor looks at their message
    await first.page.waitForFunction(() => localStorage.getItem('parley:default:seen') !== null);
    const seen = JSON.parse((await first.page.evaluate(() => localStorage.getItem('parley:default:seen')))!) as { conversationId: string; seq: number };
    expect(seen.seq).toBe(1);
    await first.page.close();

    // two agent replies while the visitor is away
    const agent = await connect(parley.url, '/agent', { cookie: await loginAgent(parley.url) });
    for (const [text, lastSeenSeq] of [['It left our warehouse today.', 1], ['Here is the tracking number: 42.', 2]] as const) {
      const answer = await call(agent, 'agent:message', { conversationId: seen.conversationId, clientMsgId: clientMsgId(), text, lastSeenSeq });
      expect(answer.ok, JSON.stringify(answer)).toBe(true);
    }
    agent.close();

    // a fresh page load: the badge, its name and the title cue, and nothing of the app
    const back = await shopPage(context);
    const launcher = back.page.getByRole('button', { name: 'Open chat, 2 unread' });
    await launcher.waitFor();
    expect(await launcher.textContent()).toBe('2');
    expect(await back.page.title()).toBe('(2) Shop');
    expect(await back.page.getByRole('status').textContent()).toBe('2 unread');
    expect(back.requests.filter((url) => url.includes('/api/v1/widget/unread'))).toHaveLength(1);
    expect(appRequests(back.requests)).toEqual([]);
    expect(await back.page.locator('iframe').count()).toBe(0);
    const { width, height } = back.page.viewportSize()!;
    await back.page.screenshot({ path: BADGE_SCREENSHOT, clip: { x: width - 320, y: height - 200, width: 320, height: 200 } });

    // in Korean: the same count, named in Korean
    const korean = await shopPage(context, '?lang=ko');
    await korean.page.getByRole('button', { name: '채팅 열기, 읽지 않은 메시지 2개' }).waitFor();
    expect(await korean.page.title()).toBe('(2) Shop');
    await korean.page.close();

    // opening the chat shows the replies and clears the badge and the cue; the next page load asks again: nothing unread
    await launcher.click();
    const log = back.page.frameLocator('iframe[title="Chat"]').getByRole('log', { name: 'Conversation' });
    await log.getByText('Here is the tracking number: 42.').waitFor();
    await back.page.getByRole('button', { name: 'Close chat' }).waitFor();
    expect(await back.page.title()).toBe('Shop');
    await back.page.waitForFunction(() => (JSON.parse(localStorage.getItem('parley:default:seen') ?? '{}') as { seq?: number }).seq === 3);
    await back.page.close();

    const later = await shopPage(context);
    await expect.poll(() => later.finished.filter((url) => url.includes('/api/v1/widget/unread') && !url.startsWith('OPTIONS')).length).toBe(1);
    await later.page.waitForTimeout(200); // let the loader apply the answer
    await later.page.getByRole('button', { name: 'Open chat', exact: true }).waitFor();
    expect(await later.page.title()).toBe('Shop');
    expect(appRequests(later.requests)).toEqual([]);
    await context.close();
  });

  it('makes no request and stores nothing for a visitor who never chatted, until they open the chat', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const { page, requests, sent } = await shopPage(context);
    const look = `${parleyUrl}/api/v1/widget/look?desk=default`;
    expect(requests.filter((url) => url.startsWith(parleyUrl))).toEqual([`${parleyUrl}/widget.js`, look]);
    // the desk's look: the same public answer for every visitor, asked with no cookie and no token
    const lookHeaders = await sent.find((request) => request.url() === look)!.allHeaders();
    expect([lookHeaders['cookie'], lookHeaders['authorization']]).toEqual([undefined, undefined]);
    // intent loads the chat app, closed; it still stores nothing and asks the server nothing
    await page.getByRole('button', { name: 'Open chat' }).hover();
    const frame = await frameOf(page);
    await frame.waitForLoadState('load');
    await page.waitForTimeout(500);

    expect(requests.filter((url) => url.includes('/api/v1/'))).toEqual([look]);
    expect(requests.filter((url) => url.includes('/socket.io/'))).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    const state = await context.storageState({ indexedDB: true });
    expect(state.origins).toEqual([]); // no localStorage or IndexedDB on any origin
    for (const target of [page.mainFrame(), frame]) expect(await storedIn(target)).toEqual({ local: 0, session: 0, databases: 0 });

    // the first open is when the visitor's identity is created and kept (here first-party, on the shop's origin)
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.frameLocator('iframe[title="Chat"]').getByRole('textbox', { name: 'Message' }).waitFor();
    await page.waitForFunction(() => localStorage.getItem('parley:default:token') !== null);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it('raised no script errors', () => {
    expect(errors).toEqual([]);
  });
});

async function frameOf(page: Page): Promise<Frame> {
  await page.locator('iframe[title="Chat"]').waitFor({ state: 'attached' });
  for (let i = 0; i < 100; i++) {
    const frame = page.frames().find((f) => f.url().includes('/widget/frame.html'));
    if (frame) return frame;
    await page.waitForTimeout(50);
  }
  throw new Error('no chat frame');
}

/** What a window can see of its origin's storage (a blocked storage counts as empty: nothing could be written). */
function storedIn(target: Frame): Promise<{ local: number; session: number; databases: number }> {
  return target.evaluate(async () => {
    const count = (read: () => number): number => {
      try {
        return read();
      } catch {
        return 0;
      }
    };
    let databases = 0;
    try {
      databases = (await indexedDB.databases()).length;
    } catch {
      // blocked
    }
    return { local: count(() => localStorage.length), session: count(() => sessionStorage.length), databases };
  });
}

