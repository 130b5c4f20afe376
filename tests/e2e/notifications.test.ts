import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToInbox } from '../support/browser.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken } from '../support/clients.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

const MINA = { name: 'Mina Park', email: 'mina@notify.test', password: 'mina password 1' };

/**
 * Notifications in Chromium: the admin is looking at one ticket when a colleague mentions them in a note on another,
 * and a customer writes on a ticket assigned to them. The page title and the button count both; the list names them;
 * choosing one opens its ticket and clears it.
 */
describe('notifications (Chromium)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let page: Page;
  let mina: Socket;
  const visitors: Socket[] = [];
  const tickets: string[] = [];
  const pageErrors: string[] = [];
  let adminId: string;

  beforeAll(async () => {
    server = await startServerUnderTest();
    const cookie = await loginAgent(server.url, ADMIN);
    const headers = { cookie, 'x-parley-csrf': '1' };
    adminId = ((await json(`${server.url}/api/v1/auth/me`, { headers })).body.agent as { id: string }).id;
    await json(`${server.url}/api/v1/agents`, { method: 'POST', headers, body: JSON.stringify(MINA) });
    mina = await connect(server.url, '/agent', { cookie: await loginAgent(server.url, { email: MINA.email, password: MINA.password }) });
    for (const text of ['First customer', 'Second customer']) {
      const visitor = await connect(server.url, '/visitor', { token: await newVisitorToken(server.url) });
      visitors.push(visitor);
      const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text });
      tickets.push((sent.message as { conversationId: string }).conversationId);
    }
    // The second ticket is the admin's.
    const second = (await call(mina, 'agent:open', { conversationId: tickets[1] })).conversation as { version: number };
    expect((await call(mina, 'agent:update', { conversationId: tickets[1], version: second.version, assigneeId: adminId })).ok).toBe(true);

    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await logInToInbox(page, server.url, ADMIN);
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /#1\b/ }).click();
    await page.getByRole('log', { name: 'Timeline' }).getByText('First customer').waitFor();
  });
  afterAll(async () => {
    mina?.close();
    visitors.forEach((v) => v.close());
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('counts a mention and a new message on my ticket in the title and the button', async () => {
    expect(await page.getByRole('button', { name: 'Notifications' }).count()).toBe(1);
    await call(mina, 'agent:message', { conversationId: tickets[1], clientMsgId: clientMsgId(), type: 'note', text: '@Admin can you check the refund?', mentions: [adminId] });
    await page.getByRole('button', { name: 'Notifications, 1 new' }).waitFor({ timeout: 5000 });
    await call(visitors[1]!, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Any news?' });
    await page.getByRole('button', { name: 'Notifications, 2 new' }).waitFor({ timeout: 5000 });
    // The title follows in an effect after the render that relabels the button: a moment later, not in the same frame.
    await expect.poll(() => page.title(), { timeout: 5000 }).toBe('(2) Parley Inbox');
    // The ticket that moved is marked unread in the list (in words for screen readers too); the one on screen is not.
    const rows = page.getByRole('list', { name: 'Conversations' });
    await rows.getByRole('button', { name: /#2\b.*\(unread\)/ }).waitFor({ timeout: 5000 });
    expect(await rows.getByRole('button', { name: /#1\b.*\(unread\)/ }).count()).toBe(0);
    // Messages on the ticket on screen count for nothing.
    await call(visitors[0]!, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Still there?' });
    await page.getByRole('log', { name: 'Timeline' }).getByText('Still there?').waitFor();
    expect(await page.title()).toBe('(2) Parley Inbox');
  });

  it('lists them; choosing one opens its ticket and clears it', async () => {
    await page.getByRole('button', { name: 'Notifications, 2 new' }).click();
    const panel = page.getByRole('region', { name: 'Notifications' });
    await panel.getByText('New: You were mentioned on #2').waitFor();
    await panel.getByText('Mina Park: @Admin can you check the refund?').waitFor();
    await panel.getByText('New message on #2').waitFor();
    // The new message's own words, not the ticket's first message.
    const item = panel.getByRole('button', { name: /New message on #2/ });
    await item.getByText('Any news?').waitFor();
    expect(await item.getByText('Second customer').count()).toBe(0);
    await page.screenshot({ path: '/tmp/parley-notifications-preview.png' });
    // Escape closes the list (the focus is still on the button that opened it) and leaves the focus on the button;
    // from inside the list too.
    const bell = page.getByRole('button', { name: /^Notifications/ });
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await bell.getAttribute('aria-expanded')).toBe('false');
    expect(await focused()).toMatch(/^Notifications/);
    await bell.click();
    await item.focus();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await bell.getAttribute('aria-expanded')).toBe('false');
    expect(await focused()).toMatch(/^Notifications/);
    await bell.click();
    await item.waitFor();
    await page.screenshot({ path: process.env.PARLEY_DOCS_SCREENSHOT ? 'docs/notifications.png' : '/tmp/parley-notifications.png' });
    await panel.getByRole('button', { name: /New message on #2/ }).click();
    await page.getByRole('log', { name: 'Timeline' }).getByText('Any news?').waitFor();
    // Read now: back on ticket #1, #2 is no longer unread.
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /#1\b/ }).click();
    await page.getByRole('log', { name: 'Timeline' }).getByText('First customer').waitFor();
    expect(await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /\(unread\)/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor({ timeout: 5000 });
    await expect.poll(() => page.title(), { timeout: 5000 }).toBe('Parley Inbox');
    expect(pageErrors).toEqual([]);
  });

  it('opens the ticket when a notification is chosen on a Settings page', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Your profile' }).waitFor();
    await call(visitors[1]!, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Hello again from the second customer' });
    await page.getByRole('button', { name: 'Notifications, 1 new' }).click();
    await page.getByRole('region', { name: 'Notifications' }).getByRole('button', { name: /New message on #2/ }).click();
    await page.getByRole('log', { name: 'Timeline' }).getByText('Hello again from the second customer').waitFor({ timeout: 5000 });
    expect(await page.getByRole('heading', { name: 'Your profile' }).count()).toBe(0);
    expect(new URL(page.url()).hash).toBe(`#/c/${tickets[1]}`);
    expect(pageErrors).toEqual([]);
  });
});
