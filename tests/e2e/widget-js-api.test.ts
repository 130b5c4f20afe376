import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToInbox } from '../support/browser.ts';
import { asOtherSite, startShopSite, type ShopSite } from '../support/shop-site.ts';
import { call, clientMsgId, connect, loginAgent } from '../support/clients.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/** `window.Parley` as the page sees it (the widget declares it for its own sources only). */
interface OnPage {
  Parley: ((name: string, ...args: unknown[]) => void) & Record<'open' | 'hide' | 'show' | 'reset', () => void> & { setLocale(locale: string): void };
}

/** Where the README's screenshot is written when PARLEY_DOCS_SCREENSHOT=1 (else only to /tmp). */
const DOCS_SCREENSHOT = fileURLToPath(new URL('../../docs/contact-visit.png', import.meta.url));

/**
 * A single-page app on another origin than Parley's, written as a site owner would: the pre-load snippet queues calls
 * (listeners, the site's attributes) before widget.js has loaded; the app changes routes with history.pushState.
 */
function spaPage(parleyUrl: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Home · Shop</title>
<script>
window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
window.heard = [];
Parley('on', 'ready', function () { heard.push('ready'); });
Parley('on', 'open', function () { heard.push('open'); });
Parley('on', 'close', function () { heard.push('close'); });
Parley('on', 'message', function () { throw new Error('a bug in the page’s listener'); });
Parley('on', 'message', function (m) { heard.push('message: ' + m.text); });
Parley('setAttributes', { plan: 'pro', seats: 3 });
window.go = function (path, title) { history.pushState({}, '', path); document.title = title; document.getElementById('view').textContent = title; };
</script></head>
<body><main id="view">Home</main>
<script src="${parleyUrl}/widget.js" data-desk="default" data-locale="en" async></script></body></html>`;
}

/**
 * The widget's JavaScript API in Chromium: calls queued before the loader, page tracking of a single-page app seen
 * live by the agent in the contact sidebar, events, setLocale, hide/show and reset.
 */
describe('the widget JavaScript API on a single-page app (Chromium)', () => {
  let parley: ServerUnderTest;
  let parleyUrl: string;
  let site: ShopSite | undefined;
  let siteUrl: string;
  let browser: Browser;
  let shop: Page;
  let inbox: Page;
  const errors: string[] = [];
  const reports: string[] = [];
  const heard = () => shop.evaluate(() => (window as unknown as { heard: string[] }).heard);
  const go = (path: string, title: string) => shop.evaluate(([p, t]) => (window as unknown as { go: (p: string, t: string) => void }).go(p!, t!), [path, title]);
  const sidebar = () => inbox.getByRole('complementary', { name: 'Contact' });

  beforeAll(async () => {
    parley = await startServerUnderTest();
    parleyUrl = asOtherSite(parley.url);
    site = await startShopSite(() => spaPage(parleyUrl)); // every path is the app (client-side routes)
    siteUrl = site.origin;
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Asia/Seoul', viewport: { width: 1280, height: 900 } });
    shop = await context.newPage();
    shop.on('pageerror', (err) => errors.push(err.message));
    shop.on('request', (request) => {
      if (request.url().includes('/api/v1/widget/context') && request.method() === 'POST') reports.push(request.postData() ?? '');
    });
    await shop.goto(`${siteUrl}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await parley?.stop();
    if (parley) await removeDir(parley.dataDir);
  });

  it('runs the calls queued before the loader, and keeps the pages in memory only until the visitor opens the chat', async () => {
    await expect.poll(heard).toEqual(['ready']);
    await go('/pricing', 'Pricing · Shop');
    await shop.waitForTimeout(600); // the route settles
    expect(reports).toEqual([]);
    expect(await shop.evaluate(() => localStorage.length)).toBe(0);
    expect(await shop.context().cookies()).toEqual([]);

    await shop.evaluate(() => (window as unknown as OnPage).Parley.open());
    const chat = shop.frameLocator('iframe[title="Chat"]');
    await chat.getByRole('textbox', { name: 'Message' }).fill('Which plan fits a team of three?');
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat.getByRole('log', { name: 'Conversation' }).getByText('Which plan fits a team of three?').waitFor();
    expect(await heard()).toEqual(['ready', 'open']);
    // the token is stored now: what waited in memory goes in one report
    await expect.poll(() => reports.length, { timeout: 10_000 }).toBe(1);
    const first = JSON.parse(reports[0]!) as { pages: Array<{ url: string; title: string }>; attributes: unknown; timeZone: string; utcOffset: number };
    expect(first.pages.map((p) => p.title)).toEqual(['Home · Shop', 'Pricing · Shop']);
    expect(first).toMatchObject({ attributes: { plan: 'pro', seats: 3 }, timeZone: 'Asia/Seoul', utcOffset: 540 });
  });

  it('shows the agent the current page live, the recent pages, the local time and the site’s attributes', async () => {
    await go('/pricing/team', 'Team plan · Shop');
    inbox = await browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    inbox.on('pageerror', (err) => errors.push(err.message));
    await logInToInbox(inbox, parley.url, ADMIN);
    await inbox.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /#1\b/ }).click();
    await inbox.getByRole('log', { name: 'Timeline' }).getByText('Which plan fits a team of three?').waitFor();
    const visit = sidebar().getByRole('region', { name: 'On the site' });
    await visit.getByRole('link', { name: 'Team plan · Shop' }).waitFor({ timeout: 10_000 });
    expect(await visit.getByRole('link', { name: 'Team plan · Shop' }).getAttribute('href')).toBe(`${siteUrl}/pricing/team`);
    expect(await visit.getByRole('list', { name: 'Recent pages' }).getByRole('link').allInnerTexts()).toEqual(['Pricing · Shop', 'Home · Shop']);
    await visit.getByText(/\d{1,2}:\d{2}\s?[AP]M \(UTC\+9\)/).waitFor();
    const site = visit.getByRole('definition').filter({ hasText: 'pro' });
    await site.waitFor();
    expect(await visit.getByRole('term').allInnerTexts()).toEqual(expect.arrayContaining(['plan', 'seats']));

    // a route change while the agent looks: the sidebar follows without a reload
    await go('/checkout', 'Checkout · Shop');
    await visit.getByRole('link', { name: 'Checkout · Shop' }).waitFor({ timeout: 10_000 });
    expect(await visit.getByRole('list', { name: 'Recent pages' }).getByRole('link').allInnerTexts()).toEqual(['Team plan · Shop', 'Pricing · Shop', 'Home · Shop']);
    if (process.env.PARLEY_DOCS_SCREENSHOT === '1') await sidebar().screenshot({ path: DOCS_SCREENSHOT });
  });

  it("tells the page of the agent's reply, even when another listener of the page throws", async () => {
    const agent = await connect(parley.url, '/agent', { cookie: await loginAgent(parley.url, ADMIN) });
    const list = await call(agent, 'agent:conversations', { queue: 'all' });
    const conversationId = (list.conversations as Array<{ id: string }>)[0]!.id;
    const answer = await call(agent, 'agent:message', { conversationId, clientMsgId: clientMsgId(), text: 'The Team plan, with three seats.', lastSeenSeq: 1 });
    expect(answer.ok, JSON.stringify(answer)).toBe(true);
    agent.close();
    await expect.poll(heard).toEqual(['ready', 'open', 'message: The Team plan, with three seats.']);
  });

  it('switches the launcher and the chat to Korean, hides and shows the launcher', async () => {
    await shop.evaluate(() => (window as unknown as OnPage).Parley.setLocale('ko'));
    await shop.getByRole('button', { name: '채팅 닫기' }).waitFor();
    const chat = shop.frameLocator('iframe[title="채팅 상담"]');
    await chat.getByRole('textbox', { name: '메시지' }).waitFor();
    await chat.getByRole('log').getByText('The Team plan, with three seats.').waitFor(); // the same conversation

    await shop.evaluate(() => (window as unknown as OnPage).Parley('close'));
    const launcher = shop.getByRole('button', { name: '채팅 열기' });
    await launcher.waitFor();
    expect(await heard()).toContain('close');
    await shop.evaluate(() => (window as unknown as OnPage).Parley.hide());
    await launcher.waitFor({ state: 'hidden' });
    await shop.evaluate(() => (window as unknown as OnPage).Parley.show());
    await launcher.waitFor({ state: 'visible' });
  });

  it('forgets the visitor on reset: token, stored conversation, and a new anonymous visitor after it', async () => {
    const before = await shop.evaluate(() => localStorage.getItem('parley:default:token'));
    expect(before).toBeTruthy();
    await shop.evaluate(() => (window as unknown as OnPage).Parley.reset());
    await shop.evaluate(() => (window as unknown as OnPage).Parley.open());
    const chat = shop.frameLocator('iframe[title="채팅 상담"]');
    await chat.getByRole('textbox', { name: '메시지' }).waitFor();
    await expect.poll(() => shop.evaluate(() => localStorage.getItem('parley:default:token'))).not.toBe(before);
    expect(await chat.getByRole('log').getByText('Which plan fits a team of three?').count()).toBe(0);
    expect(await shop.evaluate(() => localStorage.getItem('parley:default:seen'))).toBeNull();
  });

  it('raised no script errors', () => {
    expect(errors).toEqual([]);
  });
});
