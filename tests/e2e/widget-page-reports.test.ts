import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactVisit } from '@parley/protocol';
import { launchBrowser } from '../support/browser.ts';
import { asOtherSite, startShopSite, type ShopSite } from '../support/shop-site.ts';
import { call, connect, loginAgent } from '../support/clients.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/** A shop of plain pages (every click loads a page), each with the widget, titled by its path. */
const shopPage = (parleyUrl: string, path: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop ${path}</title></head>
<body><h1>${path}</h1><script src="${parleyUrl}/widget.js" data-desk="default" data-locale="en" async></script></body></html>`;

/** A visitor (one browser context) who has chatted, on the shop, with an agent who has their ticket open. */
interface Visitor {
  page: Page;
  /** The console's errors of every page the visitor loaded. */
  problems: string[];
  /** Every page report the pages sent: its path, the answer's status and Retry-After. */
  reports: Array<{ path: string; status: number; retryAfter: string | null }>;
  /** Every page the agent heard of (`contact.visit`), with the time. */
  heard: Array<{ path: string; at: number }>;
}

/**
 * Page tracking with the production budgets, as a visitor using the site fast and an agent watching the contact
 * sidebar see it: each page load reports its page at once, the agent sees the page the visitor is on now, and a
 * refusal is never a storm of retries nor an error of the widget's on the host page's console.
 */
describe('page reports keep up with a visitor clicking through a site (Chromium, production budgets)', () => {
  let parley: ServerUnderTest;
  let site: ShopSite | undefined;
  let browser: Browser;
  let cookie: string;
  const contexts: BrowserContext[] = [];
  const agents: Socket[] = [];

  beforeAll(async () => {
    parley = await startServerUnderTest({ RATE_LIMIT_SCALE: '1' });
    const parleyUrl = asOtherSite(parley.url);
    site = await startShopSite((request) => shopPage(parleyUrl, new URL(request.url ?? '/', 'http://shop').pathname));
    browser = await launchBrowser();
    cookie = await loginAgent(parley.url);
  });
  afterAll(async () => {
    for (const agent of agents) agent.close();
    await browser?.close();
    await site?.close();
    await parley?.stop();
    if (parley) await removeDir(parley.dataDir);
  });

  const pathOf = (url: string) => new URL(url).pathname;

  async function returningVisitor(): Promise<Visitor> {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1000, height: 720 } });
    contexts.push(context);
    const page = await context.newPage();
    const visitor: Visitor = { page, problems: [], reports: [], heard: [] };
    page.on('console', (m) => m.type() === 'error' && visitor.problems.push(m.text()));
    page.on('pageerror', (err) => visitor.problems.push(err.message));
    page.on('response', (response) => {
      if (!response.url().includes('/api/v1/widget/context') || response.request().method() !== 'POST') return;
      const body = JSON.parse(response.request().postData() ?? '{}') as { pages?: Array<{ url: string }> };
      visitor.reports.push({ path: pathOf(body.pages?.at(-1)?.url ?? 'http://x/'), status: response.status(), retryAfter: response.headers()['retry-after'] ?? null });
    });
    await page.goto(`${site!.origin}/`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const chat = page.frameLocator('iframe[title="Chat"]');
    await chat.getByRole('textbox', { name: 'Message' }).fill('Do you have this in size 42?');
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat.getByRole('log', { name: 'Conversation' }).getByText('Sent').waitFor();
    // the agent opens the visitor's ticket (the seen mark names it) and watches the contact sidebar
    await expect.poll(() => page.evaluate(() => localStorage.getItem('parley:default:seen'))).not.toBeNull();
    const { conversationId } = JSON.parse((await page.evaluate(() => localStorage.getItem('parley:default:seen')))!) as { conversationId: string };
    const agent = await connect(parley.url, '/agent', { cookie });
    agents.push(agent);
    expect((await call(agent, 'agent:open', { conversationId })).ok).toBe(true);
    agent.on('contact.visit', ({ visit }: { visit: ContactVisit }) => visitor.heard.push({ path: pathOf(visit.page!.url), at: Date.now() }));
    // the first page's report went with the token; the visitor reads a moment before going on
    await expect.poll(() => visitor.reports.length).toBeGreaterThan(0);
    await page.waitForTimeout(1500);
    return visitor;
  }

  /** Loads each path in turn (a click on a link), `every` ms apart; resolves with the time the last one had loaded. */
  async function clickThrough(page: Page, paths: string[], every: number): Promise<number> {
    let landed = 0;
    for (const path of paths) {
      await page.goto(`${site!.origin}${path}`);
      landed = Date.now();
      await page.waitForTimeout(every);
    }
    return landed;
  }

  it('shows the agent each page at once as the visitor clicks through six pages, with no refusal', async () => {
    const visitor = await returningVisitor();
    const paths = ['/shoes', '/shoes/trail', '/shoes/trail/42', '/socks', '/cart', '/checkout'];
    const landed = await clickThrough(visitor.page, paths, 400);
    await expect.poll(() => visitor.heard.at(-1)?.path, { timeout: 5000 }).toBe('/checkout');
    expect(visitor.heard.at(-1)!.at - landed, 'the agent sees the page the visitor is on now').toBeLessThan(1500);
    expect(visitor.heard.map((h) => h.path)).toEqual(expect.arrayContaining(paths));
    expect(visitor.reports.filter((r) => r.status !== 200)).toEqual([]);
    expect(visitor.problems).toEqual([]);
  });

  it('reports a page that loops trackPage() at most once a second, the last page included', async () => {
    const visitor = await returningVisitor();
    const before = visitor.reports.length;
    await visitor.page.evaluate(async () => {
      const parley = (window as unknown as { Parley: (name: string, ...args: unknown[]) => void }).Parley;
      for (let i = 0; i < 60; i += 1) {
        parley('trackPage', { url: `/loop/${i}`, title: `Loop ${i}` });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    const looped = Date.now();
    await expect.poll(() => visitor.heard.at(-1)?.path, { timeout: 5000 }).toBe('/loop/59');
    expect(visitor.heard.at(-1)!.at - looped).toBeLessThan(1500);
    const sent = visitor.reports.slice(before);
    expect(sent.length, '3 s of a loop: a report a second').toBeLessThanOrEqual(5);
    expect(sent.filter((r) => r.status !== 200)).toEqual([]);
    expect(visitor.problems).toEqual([]);
  });

  it('waits out Retry-After when a visitor loads pages faster than the budget: no storm, and the agent still gets the last page', async () => {
    const visitor = await returningVisitor();
    const before = visitor.reports.length;
    const paths = Array.from({ length: 20 }, (_, i) => `/fast/${i}`);
    const landed = await clickThrough(visitor.page, paths, 100);
    await expect.poll(() => visitor.heard.at(-1)?.path, { timeout: 8000 }).toBe('/fast/19');
    expect(visitor.heard.at(-1)!.at - landed, 'the last page after Retry-After (1 s) at most').toBeLessThan(2500);
    await visitor.page.waitForTimeout(3000); // nothing more goes
    const sent = visitor.reports.slice(before);
    const refused = sent.filter((r) => r.status !== 200);
    expect(refused.length, 'the visitor’s budget was reached').toBeGreaterThan(0);
    // a page load reports once, and again only after a refusal's Retry-After: never more than twice a page
    for (const path of paths) expect(sent.filter((r) => r.path === path).length, path).toBeLessThanOrEqual(2);
    expect(sent.length).toBeLessThanOrEqual(paths.length + 2);
    for (const report of refused) expect(report).toMatchObject({ status: 429, retryAfter: '1' });
    // the widget says nothing itself: the only console lines are the browser's own, one per refused request
    expect(visitor.problems.filter((p) => !/status of 429/.test(p))).toEqual([]);
    expect(visitor.problems.length).toBeLessThanOrEqual(refused.length);
  });
});
