import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { ADMIN, call, clientMsgId, connect, json, loginAgent } from '../support/clients.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/** Where the README's screenshots are written when PARLEY_DOCS_SCREENSHOT=1 (else only to /tmp). */
const DOCS = (name: string) =>
  process.env.PARLEY_DOCS_SCREENSHOT === '1' ? new URL(`../../docs/${name}`, import.meta.url).pathname : `/tmp/parley-${name}`;

type Ticket = { id: string; version: number; status: string; lastSeq: number };
type Line = { type: string; text: string; clientMsgId: string };

/**
 * The conversation as a visitor lives it (issue #11), in Chromium: messages typed offline go out once, in order,
 * when the network is back; the agent's typing and seen receipts reach the widget; a resolved conversation stays
 * readable and a new one can be started; a closed one stays listed; the desk's colour changes live.
 */
describe('the conversation in the widget (Chromium)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let context: BrowserContext;
  let site: Page;
  let chat: FrameLocator;
  let agent: Socket;
  let cookie: string;

  const tickets = async () => ((await call(agent, 'agent:conversations', { queue: 'all' })).conversations as Ticket[]) ?? [];
  const open = async (id: string) => {
    const answer = await call(agent, 'agent:open', { conversationId: id });
    return { ticket: answer.conversation as Ticket, messages: answer.messages as Line[] };
  };
  const setStatus = async (id: string, status: string) => {
    const { ticket } = await open(id);
    expect((await call(agent, 'agent:update', { conversationId: id, version: ticket.version, status })).ok).toBe(true);
  };
  const log = () => chat.getByRole('log', { name: 'Conversation' });
  const send = async (text: string) => {
    await chat.getByRole('textbox', { name: 'Message' }).fill(text);
    await chat.getByRole('button', { name: 'Send' }).click();
  };

  /** While the browser is offline: the state switches at once, three messages wait, the server has none of them. */
  const typeOffline = async () => {
    await chat.getByRole('status').filter({ hasText: 'You are offline' }).waitFor({ timeout: 3000 });
    for (const text of ['offline one', 'offline two', 'offline three']) await send(text);
    await expect.poll(() => log().getByText('Waiting for the network…').count()).toBe(3);
    const [ticket] = await tickets();
    expect((await open(ticket!.id)).messages.map((m) => m.text)).toEqual(['Hello, I have a question about my order']);
  };

  beforeAll(async () => {
    server = await startServerUnderTest({ RATE_LIMIT_SCALE: '1000' });
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1024, height: 760 } });
    site = await context.newPage();
    cookie = await loginAgent(server.url);
    agent = await connect(server.url, '/agent', { cookie });
    await site.goto(`${server.url}/`);
    await site.getByRole('button', { name: 'Open chat' }).click();
    chat = site.frameLocator('iframe[title="Chat"]');
    await send('Hello, I have a question about my order');
    await log().getByText('Sent', { exact: true }).waitFor(); // stored: the first message is not part of the outbox below
  });
  afterAll(async () => {
    agent?.close();
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it("keeps the desk's greeting at the top of the conversation once the visitor has written", async () => {
    const greeting = log().getByText('Hi! Ask us anything, we usually answer within a few minutes.');
    await greeting.waitFor();
    // the greeting first, then the visitor's message
    const order = await log().evaluate((el) => Array.from(el.querySelectorAll('.greeting, .messages li')).map((n) => n.textContent ?? ''));
    expect(order[0]).toBe('Hi! Ask us anything, we usually answer within a few minutes.');
    expect(order.slice(1).some((text) => text.includes('Hello, I have a question about my order'))).toBe(true);
    await site.screenshot({ path: '/tmp/widget-fix-greeting.png' });
  });

  it('queues three messages typed offline and sends them once, in order, when the network is back', async () => {
    await context.setOffline(true);
    try {
      await typeOffline();
    } finally {
      await context.setOffline(false);
    }
    const [ticket] = await tickets();
    await expect.poll(() => log().getByText('Waiting for the network…').count(), { timeout: 10_000 }).toBe(0);
    await expect
      .poll(async () => (await open(ticket!.id)).messages.map((m) => m.text), { timeout: 10_000 })
      .toEqual(['Hello, I have a question about my order', 'offline one', 'offline two', 'offline three']);
    await new Promise((r) => setTimeout(r, 500)); // no second copy arrives later
    const stored = (await open(ticket!.id)).messages;
    expect(new Set(stored.map((m) => m.clientMsgId)).size).toBe(4);
    expect(await log().getByText(/^offline (one|two|three)$/).allTextContents()).toEqual(['offline one', 'offline two', 'offline three']);
  });

  it("shows the agent's typing and marks the visitor's messages seen", async () => {
    const [ticket] = await tickets();
    await call(agent, 'agent:presence', { conversationId: ticket!.id, state: 'viewing', composing: 'reply' });
    const typing = chat.getByRole('status').filter({ hasText: /is typing…/ });
    await typing.waitFor({ timeout: 5000 });
    expect(await typing.textContent()).toMatch(/^.+ is typing…$/);
    expect(await log().getByText('Seen', { exact: true }).count()).toBe(0);
    expect(await log().getByText('Sent', { exact: true }).count()).toBe(4);

    await call(agent, 'agent:read', { conversationId: ticket!.id, seq: ticket!.lastSeq });
    await expect.poll(() => log().getByText('Seen', { exact: true }).count()).toBe(4);
    await site.screenshot({ path: DOCS('widget-open.png') });

    const reply = await call(agent, 'agent:message', { conversationId: ticket!.id, clientMsgId: clientMsgId(), text: 'Let me check that for you.' });
    expect(reply.ok).toBe(true);
    await log().getByText('Let me check that for you.').waitFor();
    await expect.poll(() => chat.getByText(/is typing…/).count()).toBe(0); // the reply ends the indicator
    await call(agent, 'agent:presence', { conversationId: ticket!.id, state: 'viewing', composing: null });
  });

  it('keeps a resolved conversation readable, starts a new one, and lists both', async () => {
    const [first] = await tickets();
    await setStatus(first!.id, 'resolved');
    await chat.getByText('This conversation is resolved. Write to continue it, or start a new one.').waitFor();
    await log().getByText('Let me check that for you.').waitFor(); // still readable

    await chat.getByRole('button', { name: 'New conversation' }).click();
    await log().getByText('Hi! Ask us anything, we usually answer within a few minutes.').waitFor();
    await send('A new question about shipping');
    await log().getByText('A new question about shipping').waitFor();
    expect(await log().getByText('Let me check that for you.').count()).toBe(0);
    await expect.poll(async () => (await tickets()).length).toBe(2);

    await chat.getByRole('button', { name: 'Conversations' }).click();
    const list = chat.getByRole('region', { name: 'Conversations' });
    const rows = list.getByRole('button', { name: /^Conversation #\d/ });
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('A new question about shipping');
    expect(await rows.nth(0).textContent()).toContain('Open');
    expect(await rows.nth(1).textContent()).toContain('Closed'); // New conversation closed the resolved one, as the inbox says
    expect(await rows.nth(1).textContent()).toContain('Let me check that for you.');
    await site.screenshot({ path: DOCS('widget-conversations.png') });

    await rows.nth(1).click(); // the old one, read only
    await log().getByText('offline three').waitFor();
    expect(await chat.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
    await chat.getByRole('button', { name: 'Back' }).click();
    await chat.getByRole('button', { name: 'Back' }).click();
    await log().getByText('A new question about shipping').waitFor();
  });

  it('after closed, a new conversation starts and the closed one stays listed', async () => {
    const [current] = await tickets();
    await setStatus(current!.id, 'closed');
    await chat.getByText('This conversation is closed.').waitFor();
    expect(await chat.getByRole('textbox', { name: 'Message' }).count()).toBe(0); // read only
    await chat.getByRole('button', { name: 'New conversation' }).click();
    await send('Third topic');
    await log().getByText('Third topic').waitFor();
    await expect.poll(async () => (await tickets()).length).toBe(3);
    const third = (await tickets()).find((t) => t.id !== current!.id && t.status === 'new');
    expect(third).toBeDefined();

    await chat.getByRole('button', { name: 'Conversations' }).click();
    const rows = chat.getByRole('region', { name: 'Conversations' }).getByRole('button', { name: /^Conversation #\d/ });
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.nth(1).textContent()).toContain('A new question about shipping');
    await chat.getByRole('button', { name: 'Back' }).click();
  });

  it('takes the colour saved in the desk settings without a reload', async () => {
    const header = chat.locator('.chat-header');
    const before = await header.evaluate((el) => getComputedStyle(el).backgroundColor);
    const headers = { cookie: await loginAgent(server.url, ADMIN), 'x-parley-csrf': '1' };
    const { settings } = (await json(`${server.url}/api/v1/settings/desk`, { headers })).body as { settings: { version: number } };
    const saved = await json(`${server.url}/api/v1/settings/desk`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ version: settings.version, widget: { color: '#0f766e', position: 'left' } }),
    });
    expect(saved.status).toBe(200);
    await expect.poll(() => header.evaluate((el) => getComputedStyle(el).backgroundColor), { timeout: 5000 }).toBe('rgb(15, 118, 110)');
    expect(before).not.toBe('rgb(15, 118, 110)');
    // the launcher on the host page follows, on the left
    const launcher = site.getByRole('button', { name: 'Close chat' }).first();
    await expect.poll(() => launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(15, 118, 110)');
    await expect.poll(() => launcher.evaluate((el) => el.getBoundingClientRect().left < 100)).toBe(true);
  });

  it('typing shows both ways between the widget and the inbox, and ends by itself', async () => {
    const agentContext = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    const inbox = await agentContext.newPage();
    await inbox.goto(`${server.url}/inbox/`);
    await inbox.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
    await inbox.getByLabel('Password').fill(ADMIN.password);
    await inbox.getByRole('button', { name: 'Log in' }).click();
    await inbox.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /Third topic/ }).click();
    await inbox.getByRole('log', { name: 'Timeline' }).getByText('Third topic').waitFor();

    await chat.getByRole('textbox', { name: 'Message' }).fill('I am writing som');
    await chat.getByRole('textbox', { name: 'Message' }).pressSequentially('ething');
    const customerTyping = inbox.getByRole('status').filter({ hasText: 'The customer is typing…' });
    await customerTyping.waitFor({ timeout: 5000 });
    await customerTyping.waitFor({ state: 'detached', timeout: 9000 }).catch(() => undefined);
    expect(await inbox.getByText('The customer is typing…').count()).toBe(0); // gone by itself, nothing was sent

    // the reply box (a combobox while it offers canned responses and mentions, a textbox before)
    const reply = inbox.getByRole('combobox', { name: 'Reply' }).or(inbox.getByRole('textbox', { name: 'Reply' }));
    await reply.pressSequentially('One moment');
    await chat.getByRole('status').filter({ hasText: /is typing…/ }).waitFor({ timeout: 8000 });
    await agentContext.close(); // the agent goes away: no indicator stays behind
    await expect.poll(() => chat.getByText(/is typing…/).count(), { timeout: 8000 }).toBe(0);
  });

  it('fits a phone (375×667) and speaks Korean', async () => {
    const phone = await browser.newContext({ locale: 'ko-KR', viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
    const page = await phone.newPage();
    await page.goto(`${server.url}/`);
    await page.evaluate(() => (window as unknown as { Parley: { open(): void } }).Parley.open());
    const ko = page.frameLocator('iframe[title="채팅 상담"]');
    await ko.getByRole('textbox', { name: '메시지' }).fill('배송 문의 드립니다');
    await ko.getByRole('button', { name: '보내기' }).click();
    const koLog = ko.getByRole('log', { name: '대화' });
    await koLog.getByText('배송 문의 드립니다').waitFor();
    await koLog.getByText('전송됨').waitFor();
    const frame = page.locator('parley-widget iframe');
    const box = await frame.boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 375, height: 667 });
    await page.screenshot({ path: DOCS('widget-mobile-ko.png') });
    await ko.getByRole('button', { name: '대화 목록' }).click();
    await ko.getByRole('region', { name: '대화 목록' }).getByRole('button', { name: /^대화 #\d/ }).first().waitFor();
    expect(await ko.getByRole('region', { name: '대화 목록' }).textContent()).toContain('진행 중');
    await phone.close();
  });
});
