import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { call, clientMsgId, connect, loginAgent } from '../support/clients.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/**
 * An agent's reply with a web address, as the visitor sees it: the address is a link that opens in a new tab
 * without an opener or a referrer, the sentence's full stop is not part of it, and a `javascript:` text stays text.
 * The visitor's own message with a link is linked the same way.
 */
describe('links in the chat (Chromium)', () => {
  let parley: ServerUnderTest;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    parley = await startServerUnderTest();
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (err) => errors.push(err.message));
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
    if (parley) await removeDir(parley.dataDir);
  });

  it("makes the addresses in an agent's reply and in the visitor's message clickable", async () => {
    await page.goto(`${parley.url}/`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const chat = page.frameLocator('iframe[title="Chat"]');
    const log = chat.getByRole('log', { name: 'Conversation' });
    await chat.getByRole('textbox', { name: 'Message' }).fill('I ordered from https://shop.example/orders/7 yesterday');
    await chat.getByRole('button', { name: 'Send' }).click();
    const own = log.getByRole('link', { name: 'https://shop.example/orders/7' });
    await own.waitFor({ timeout: 10_000 });
    expect(await own.getAttribute('href')).toBe('https://shop.example/orders/7');

    await page.waitForFunction(() => localStorage.getItem('parley:default:seen') !== null);
    const { conversationId } = JSON.parse((await page.evaluate(() => localStorage.getItem('parley:default:seen')))!) as { conversationId: string };
    const agent = await connect(parley.url, '/agent', { cookie: await loginAgent(parley.url) });
    const text = 'Our returns policy is at https://help.example/returns?lang=en. Please do not open javascript:alert(1).';
    const answer = await call(agent, 'agent:message', { conversationId, clientMsgId: clientMsgId(), text, lastSeenSeq: 1 });
    expect(answer.ok, JSON.stringify(answer)).toBe(true);
    agent.close();

    const link = log.getByRole('link', { name: 'https://help.example/returns?lang=en' });
    await link.waitFor({ timeout: 10_000 });
    expect(await link.getAttribute('href')).toBe('https://help.example/returns?lang=en');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    const reply = log.getByRole('listitem').filter({ hasText: 'Our returns policy' });
    expect(await reply.locator('.message-text').textContent()).toBe(text); // nothing lost or added around the link
    expect(await reply.getByRole('link').count()).toBe(1); // javascript: stays text
    await page.screenshot({ path: '/tmp/widget-links.png' });
  });

  it('raised no script errors', () => {
    expect(errors).toEqual([]);
  });
});
