import type { Browser, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToInbox } from '../support/browser.ts';
import { call, clientMsgId, changeDeskSettings, json, loginAgent, newVisitorToken } from '../support/clients.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/**
 * The contact sidebar in Chromium: the browser and language the customer chats from, every ticket of theirs (an old
 * one opens on click, every line follows its ticket live), an e-mail the customer leaves in the chat appearing
 * live, and an agent completing the contact (phone, an attribute) with a bad value named at its field.
 */
describe('contact sidebar (Chromium)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let page: Page;
  let visitor: Socket;
  let cookie: string;
  const pageErrors: string[] = [];
  const sidebar = () => page.getByRole('complementary', { name: 'Contact' });

  beforeAll(async () => {
    server = await startServerUnderTest();
    const token = await newVisitorToken(server.url);
    visitor = io(`${server.url}/visitor`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token }, extraHeaders: { 'user-agent': UA, 'accept-language': 'ko-KR,ko;q=0.9' } });
    await new Promise<void>((resolve) => visitor.once('connect', () => resolve()));
    await call(visitor, 'visitor:resume', {});
    // An earlier ticket, closed, then today's.
    const first = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'My old question' });
    const firstId = (first.message as { conversationId: string }).conversationId;
    cookie = await loginAgent(server.url, ADMIN);
    const agent = io(`${server.url}/agent`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
    await new Promise<void>((resolve) => agent.once('connect', () => resolve()));
    const old = (await call(agent, 'agent:open', { conversationId: firstId })).conversation as { version: number };
    expect((await call(agent, 'agent:update', { conversationId: firstId, version: old.version, status: 'closed' })).ok).toBe(true);
    agent.close();
    await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'A new question today' });
    expect((await json(`${server.url}/healthz`)).status).toBe(200);

    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } })).newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await logInToInbox(page, server.url, ADMIN);
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /#2\b/ }).click();
    await page.getByRole('log', { name: 'Timeline' }).getByText('A new question today').waitFor();
  });
  afterAll(async () => {
    visitor?.close();
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it("shows the customer's browser, language and every ticket of theirs", async () => {
    await sidebar().getByText('Chrome 131 on macOS').waitFor({ timeout: 5000 });
    await sidebar().getByText('Korean (South Korea)').waitFor();
    const history = sidebar().getByRole('region', { name: 'Tickets (2)' });
    await history.waitFor();
    expect(await history.getByRole('link').allInnerTexts()).toEqual([expect.stringContaining('#1 My old question')]);
  });

  it("keeps the open ticket's line in the history live: the reply that opens it shows there", async () => {
    const current = sidebar().getByRole('region', { name: 'Tickets (2)' }).locator('li.history-current .history-meta');
    expect(await current.innerText()).toMatch(/^New ·/);
    await page.getByRole('textbox', { name: 'Reply' }).fill('We are looking into it');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('log', { name: 'Timeline' }).getByText('We are looking into it').waitFor({ timeout: 5000 });
    await current.filter({ hasText: /^Open ·/ }).waitFor({ timeout: 5000 });
  });

  it('shows an e-mail the customer leaves in the chat while the agent has their ticket open, without a reload', async () => {
    expect((await changeDeskSettings(server.url, cookie, { forms: { emailPrompt: true } })).status).toBe(200);
    expect(await sidebar().getByText('minji@example.com').count()).toBe(0);
    expect((await call(visitor, 'visitor:profile', { form: 'email', email: 'minji@example.com' })).ok).toBe(true);
    await sidebar().getByRole('link', { name: 'minji@example.com' }).waitFor({ timeout: 5000 });
    await sidebar().getByText(/^Asked for in the chat/).waitFor({ timeout: 5000 });
  });

  it('lets the agent add a phone and an attribute, naming a bad value at its field', async () => {
    await sidebar().getByRole('button', { name: 'Edit contact' }).click();
    const form = sidebar().getByRole('form', { name: 'Edit the contact' });
    await form.getByLabel('Phone').fill('call me');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Digits, spaces and + ( ) . / - only').waitFor({ timeout: 5000 });
    await form.getByLabel('Phone').fill('+82 10-1234-5678');
    await form.getByRole('button', { name: 'Add an attribute' }).click();
    await form.getByLabel('Name of attribute 1').fill('plan');
    await form.getByLabel('Value of attribute 1').fill('Pro');
    await form.getByRole('button', { name: 'Save' }).click();
    await sidebar().getByText('+82 10-1234-5678').waitFor({ timeout: 5000 });
    await sidebar().getByText('Pro', { exact: true }).waitFor();
    await page.screenshot({ path: process.env.PARLEY_DOCS_SCREENSHOT ? 'docs/contact-sidebar.png' : '/tmp/parley-contact-sidebar.png' });
  });

  it('opens an earlier ticket from the history', async () => {
    await sidebar().getByRole('link', { name: /#1 My old question/ }).click();
    await page.getByRole('log', { name: 'Timeline' }).getByText('My old question').waitFor({ timeout: 5000 });
  });

  it("keeps the customer's other tickets live too: a colleague resolves one, the customer's follow-up reopens it", async () => {
    const other = sidebar().getByRole('region', { name: 'Tickets (2)' }).locator('li', { has: page.getByRole('link', { name: /#2 A new question today/ }) }).locator('.history-meta');
    expect(await other.innerText()).toMatch(/^Open ·/);
    const colleague = io(`${server.url}/agent`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
    try {
      await new Promise<void>((resolve) => colleague.once('connect', () => resolve()));
      const conversationId = (await call(visitor, 'visitor:resume', {})).conversation as { id: string } | null;
      const current = (await call(colleague, 'agent:open', { conversationId: conversationId!.id })).conversation as { version: number };
      expect((await call(colleague, 'agent:update', { conversationId: conversationId!.id, version: current.version, status: 'resolved' })).ok).toBe(true);
      await other.filter({ hasText: /^Resolved ·/ }).waitFor({ timeout: 5000 });
      expect((await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'One more thing' })).ok).toBe(true);
      await other.filter({ hasText: /^Open ·/ }).waitFor({ timeout: 5000 });
    } finally {
      colleague.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
