import type { Browser, FrameLocator, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToInbox } from '../support/browser.ts';
import { ADMIN, call, connect, json, loginAgent } from '../support/clients.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

type Ticket = { id: string; number: number; version: number; status: string; assigneeId: string | null };

/**
 * Routing as the people involved see it (issue #10), in Chromium: round robin, three agents who each take one ticket
 * at a time, five customers writing from the widget. Three get an agent; the other two see their place in line in
 * the widget, and move up when an agent resolves a ticket; the customer coming back to a resolved ticket gets the same
 * agent again. The admin's inbox shows who has which ticket.
 */
describe('routing (Chromium: five visitors, three agents of capacity 1)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let admin: string;
  const agents: { name: string; id: string; socket: Socket }[] = [];
  const visitors: { page: Page; chat: FrameLocator }[] = [];
  const api = (path: string, method = 'GET', body?: unknown) =>
    json(`${server.url}/api/v1${path}`, { method, headers: { cookie: admin, 'x-parley-csrf': '1' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const tickets = async () => ((await call(agents[0]!.socket, 'agent:conversations', { queue: 'all' })).conversations as Ticket[]).sort((a, b) => a.number - b.number);
  const line = (i: number) => visitors[i]!.chat.getByText(/You are number \d+ in line/);

  beforeAll(async () => {
    server = await startServerUnderTest({ RATE_LIMIT_SCALE: '1000', ROUTING_GRACE_SECONDS: '5' });
    admin = await loginAgent(server.url, ADMIN);
    expect((await api('/auth/me', 'PATCH', { availability: 'away' })).status).toBe(200); // the admin watches
    for (const name of ['Ann', 'Bo', 'Cy']) {
      const email = `${name.toLowerCase()}@routing.test`;
      const created = await api('/agents', 'POST', { name, email, password: `${name} password 1` });
      const { id } = created.body.agent as { id: string };
      await api(`/agents/${id}`, 'PATCH', { capacity: 1 });
      const socket = await connect(server.url, '/agent', { cookie: await loginAgent(server.url, { email, password: `${name} password 1` }) });
      agents.push({ name, id, socket });
    }
    const settings = (await api('/settings/desk')).body.settings as { version: number };
    expect((await api('/settings/desk', 'PATCH', { version: settings.version, routing: { mode: 'round_robin' } })).status).toBe(200);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    agents.forEach((a) => a.socket.close());
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('gives three customers an agent each and shows the other two their place in line', async () => {
    for (let i = 0; i < 5; i++) {
      const page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 900, height: 700 } })).newPage();
      await page.goto(`${server.url}/`);
      await page.getByRole('button', { name: 'Open chat' }).click();
      const chat = page.frameLocator('iframe[title="Chat"]');
      await chat.getByRole('textbox', { name: 'Message' }).fill(`Customer ${i + 1} needs help`);
      await chat.getByRole('button', { name: 'Send' }).click();
      await chat.getByText('Sent', { exact: true }).waitFor({ timeout: 10_000 });
      visitors.push({ page, chat });
    }
    await expect.poll(async () => (await tickets()).filter((t) => t.assigneeId).length, { timeout: 10_000 }).toBe(3);
    const all = await tickets();
    expect(new Set(all.slice(0, 3).map((t) => t.assigneeId))).toEqual(new Set(agents.map((a) => a.id)));
    expect(all.slice(3).map((t) => t.assigneeId)).toEqual([null, null]);
    await line(3).filter({ hasText: 'You are number 1 in line' }).waitFor({ timeout: 10_000 });
    await line(4).filter({ hasText: 'You are number 2 in line' }).waitFor({ timeout: 10_000 });
    expect(await line(0).count()).toBe(0);
    // A waiting customer who reloads the page is told their place again.
    await visitors[4]!.page.reload();
    await visitors[4]!.page.getByRole('button', { name: 'Open chat' }).click();
    await line(4).filter({ hasText: 'You are number 2 in line' }).waitFor({ timeout: 10_000 });
    await visitors[4]!.page.screenshot({ path: process.env.PARLEY_DOCS_SCREENSHOT === '1' ? 'docs/widget-queue.png' : '/tmp/parley-widget-queue.png' });
  });

  it('gives a freed seat to the first in line, and the next one moves up', async () => {
    const [first] = await tickets();
    const owner = agents.find((a) => a.id === first!.assigneeId)!;
    expect((await call(owner.socket, 'agent:update', { conversationId: first!.id, version: first!.version, status: 'resolved' })).ok).toBe(true);
    await line(3).waitFor({ state: 'detached', timeout: 10_000 });
    await line(4).filter({ hasText: 'You are number 1 in line' }).waitFor({ timeout: 10_000 });
    const fourth = (await tickets())[3]!;
    expect(fourth.assigneeId).toBe(owner.id);
  });

  it('brings a customer back to the same agent when they write again on a resolved ticket', async () => {
    const owner = (await tickets())[0]!.assigneeId;
    const chat = visitors[0]!.chat;
    await chat.getByRole('textbox', { name: 'Message' }).fill('One more thing');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect.poll(async () => (await tickets())[0]!.status, { timeout: 10_000 }).toBe('open');
    expect((await tickets())[0]!.assigneeId).toBe(owner);
  });

  it("shows the admin who has which ticket in the inbox", async () => {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await logInToInbox(page, server.url, ADMIN);
    const list = page.getByRole('list', { name: 'Conversations' });
    await list.getByRole('button', { name: /#1\b/ }).waitFor();
    const rows = await list.getByRole('button').allInnerTexts();
    expect(rows.filter((r) => /\b(Ann|Bo|Cy)\b/.test(r)).length).toBe(4);
  });
});
