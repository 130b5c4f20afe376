import type { Browser, Locator, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { call, clientMsgId, connect, loginAgent, newVisitorToken } from '../support/clients.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

type Ticket = { id: string; number: number; version: number };

/** Finding tickets in the inbox: search by a word of a message and by number, a filter, live arrivals (Chromium). */
describe('inbox search and filters (Chromium)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let inbox: Page;
  let agent: Socket;
  const sockets: Socket[] = [];
  const pageErrors: string[] = [];
  const tickets: Record<string, Ticket> = {};

  const newTicket = async (key: string, text: string) => {
    const visitor = await connect(server.url, '/visitor', { token: await newVisitorToken(server.url) });
    sockets.push(visitor);
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text });
    const conversationId = (sent.message as { conversationId: string }).conversationId;
    tickets[key] = (await call(agent, 'agent:open', { conversationId })).conversation as Ticket;
  };
  const list = (): Locator => inbox.getByRole('list', { name: 'Conversations' });
  const rowNumbers = async () => (await list().getByRole('button').allInnerTexts()).map((text) => Number(/#(\d+)/.exec(text)?.[1]));
  const showsOnly = async (...keys: string[]) => {
    const want = keys.map((k) => tickets[k]!.number).sort();
    await expect.poll(async () => (await rowNumbers()).sort(), { timeout: 10_000 }).toEqual(want);
  };
  const search = () => inbox.getByRole('searchbox', { name: 'Search tickets' });

  beforeAll(async () => {
    server = await startServerUnderTest();
    agent = await connect(server.url, '/agent', { cookie: await loginAgent(server.url, ADMIN) });
    sockets.push(agent);
    await newTicket('refund', 'Hello, I asked for a refund two weeks ago');
    await newTicket('korean', '배송 조회 부탁드립니다');
    await newTicket('login', 'I cannot log in to my account');
    await newTicket('printer', 'The printer shows error 0x42');
    browser = await launchBrowser();
    inbox = await (await browser.newContext({ locale: 'en-US' })).newPage();
    inbox.on('pageerror', (err) => pageErrors.push(err.message));
    await inbox.goto(`${server.url}/inbox/`);
    await inbox.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
    await inbox.getByLabel('Password').fill(ADMIN.password);
    await inbox.getByRole('button', { name: 'Log in' }).click();
    await list().getByRole('button', { name: new RegExp(`#${tickets.printer!.number}\\b`) }).waitFor();
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('finds a ticket by a word of its message, in English and in Korean; "/" focuses the search', async () => {
    await showsOnly('refund', 'korean', 'login', 'printer');
    await inbox.locator('body').click({ position: { x: 5, y: 5 } });
    await inbox.keyboard.press('/');
    await expect.poll(() => search().evaluate((el) => el === document.activeElement)).toBe(true);
    await inbox.keyboard.type('refund');
    await showsOnly('refund');
    await search().fill('배송');
    await showsOnly('korean');
    expect(await list().getByRole('button').first().innerText()).toContain('배송 조회 부탁드립니다');
  });

  it('finds a ticket by its number, and says when nothing matches', async () => {
    await search().fill(`#${tickets.login!.number}`);
    await search().press('Enter');
    await showsOnly('login');
    await search().fill('nothing-like-this-anywhere');
    await inbox.getByText('No tickets match.').waitFor();
    await showsOnly();
    await search().press('Escape');
    await showsOnly('refund', 'korean', 'login', 'printer');
  });

  it('filters by priority, and Ctrl+K focuses the search', async () => {
    const printer = tickets.printer!;
    const urgent = await call(agent, 'agent:update', { conversationId: printer.id, version: printer.version, priority: 'urgent' });
    expect(urgent.ok).toBe(true);
    await inbox.getByRole('combobox', { name: 'Filter by priority' }).selectOption({ label: 'Urgent' });
    await showsOnly('printer');
    await inbox.getByRole('combobox', { name: 'Filter by priority' }).selectOption({ label: 'Priority: any' });
    await showsOnly('refund', 'korean', 'login', 'printer');
    await inbox.getByRole('combobox', { name: 'Filter by priority' }).focus();
    await inbox.keyboard.press('Control+k');
    await expect.poll(() => search().evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('shows a new matching ticket live, and not one that does not match', async () => {
    await search().fill('refund');
    await showsOnly('refund');
    await newTicket('other', 'Where is my parcel?');
    await newTicket('refund2', 'Refund please, the size is wrong');
    await showsOnly('refund', 'refund2');
    expect(pageErrors).toEqual([]);
  });
});
