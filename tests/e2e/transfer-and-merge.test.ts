import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToInbox } from '../support/browser.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken } from '../support/clients.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

const JUN = { name: 'Jun Seo', email: 'jun@transfer.test', password: 'jun password 1' };
/** Where the README's screenshots are written when PARLEY_DOCS_SCREENSHOT=1 (else only to /tmp). */
const shot = (name: string) => (process.env.PARLEY_DOCS_SCREENSHOT === '1' ? new URL(`../../docs/${name}`, import.meta.url).pathname : `/tmp/parley-${name}`);

/**
 * Hand-offs in Chromium, with two agents: the admin transfers a ticket to the Billing team with a note, Jun (a member)
 * is notified and reads the note in the timeline, escalates it (the list marks it); then the admin merges a duplicate
 * contact into the customer's and the sidebar shows the combined history. The inbox, ticket list and open ticket with
 * its contact sidebar, is photographed in English and Korean.
 */
describe('transfer, escalation and contact merge (Chromium)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let admin: Page;
  let jun: Page;
  const visitors: Socket[] = [];
  const pageErrors: string[] = [];
  const timeline = (page: Page) => page.getByRole('log', { name: 'Timeline' });
  const ticketRow = (page: Page, n: number) => page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: new RegExp(`#${n}\\b`) });

  beforeAll(async () => {
    server = await startServerUnderTest();
    const cookie = await loginAgent(server.url, ADMIN);
    const headers = { cookie, 'x-parley-csrf': '1' };
    const junId = ((await json(`${server.url}/api/v1/agents`, { method: 'POST', headers, body: JSON.stringify(JUN) })).body.agent as { id: string }).id;
    expect((await json(`${server.url}/api/v1/teams`, { method: 'POST', headers, body: JSON.stringify({ name: 'Billing', memberIds: [junId] }) })).status).toBe(201);
    const agent = await connect(server.url, '/agent', { cookie });
    // #1: the customer; #2: the same customer as a duplicate contact (another browser), whose ticket is over.
    const contacts: string[] = [];
    for (const text of ['My invoice shows the wrong amount', 'Is my refund on its way?']) {
      const visitor = await connect(server.url, '/visitor', { token: await newVisitorToken(server.url) });
      visitors.push(visitor);
      const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text });
      const opened = await call(agent, 'agent:open', { conversationId: (sent.message as { conversationId: string }).conversationId });
      contacts.push((opened.conversation as { contactId: string }).contactId);
    }
    const patch = (id: string, body: object) => json(`${server.url}/api/v1/contacts/${id}`, { method: 'PATCH', headers, body: JSON.stringify(body) });
    expect((await patch(contacts[0]!, { name: 'Kim Minji', attributes: { plan: 'Pro' } })).status).toBe(200);
    expect((await patch(contacts[1]!, { name: 'minji', email: 'minji.kim@example.com' })).status).toBe(200);
    const second = (await call(agent, 'agent:conversations', { search: '#2' })).conversations as Array<{ id: string; version: number }>;
    expect((await call(agent, 'agent:update', { conversationId: second[0]!.id, version: second[0]!.version, status: 'closed' })).ok).toBe(true);
    agent.close();

    browser = await launchBrowser();
    const open = async (creds: { email: string; password: string }) => {
      const page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } })).newPage();
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await logInToInbox(page, server.url, creds);
      await ticketRow(page, 1).waitFor();
      return page;
    };
    [admin, jun] = await Promise.all([open(ADMIN), open(JUN)]);
  });
  afterAll(async () => {
    visitors.forEach((v) => v.close());
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('transfers to a team with a note: the member is notified and reads the note in the timeline', async () => {
    await ticketRow(admin, 1).click();
    await timeline(admin).getByText('My invoice shows the wrong amount').waitFor();
    await admin.getByRole('button', { name: 'Transfer…' }).click();
    const form = admin.getByRole('form', { name: 'Transfer the ticket' });
    await form.getByLabel('To team').selectOption({ label: 'Billing' });
    await form.getByLabel('Internal note for them').fill('Refund over 100 dollars, please check the invoice');
    await form.getByRole('button', { name: 'Transfer', exact: true }).click();
    await form.waitFor({ state: 'detached' });
    await timeline(admin).locator('.msg-activity').filter({ hasText: 'You transferred this to Billing: Refund over 100 dollars, please check the invoice' }).waitFor();

    await jun.getByRole('button', { name: 'Notifications, 1 new' }).waitFor();
    // what arrived live is still there after a reload (GET /notices), until the list has been opened
    await jun.reload();
    await jun.getByRole('button', { name: 'Notifications, 1 new' }).click();
    const item = jun.getByRole('region', { name: 'Notifications' }).getByRole('button', { name: /#1 was transferred to you/ });
    expect(await item.innerText()).toContain('Admin: Refund over 100 dollars, please check the invoice');
    await item.click();
    await timeline(jun).locator('.msg-activity').filter({ hasText: 'transferred this to Billing: Refund over 100 dollars' }).waitFor();
  });

  it('escalates from the header, says so in the timeline and marks the ticket in the list', async () => {
    await jun.getByRole('button', { name: 'Escalate' }).click();
    const form = jun.getByRole('form', { name: 'Escalate the ticket' });
    await form.getByLabel('Reason (optional)').fill('Customer was charged twice');
    await form.getByRole('button', { name: 'Escalate to High' }).click();
    await timeline(jun).locator('.msg-activity').filter({ hasText: 'You escalated this to High: Customer was charged twice' }).waitFor();
    await ticketRow(admin, 1).getByText('Escalated', { exact: true }).waitFor();
    expect(await jun.getByRole('main').getByLabel('Priority').inputValue()).toBe('high');
  });

  it('merges a duplicate contact from the sidebar: one customer, both tickets', async () => {
    await ticketRow(admin, 2).click();
    await timeline(admin).getByText('Is my refund on its way?').waitFor();
    const sidebar = admin.getByRole('complementary', { name: 'Contact' });
    await sidebar.getByRole('button', { name: 'Merge into…' }).click();
    await sidebar.getByLabel('Find the contact to merge into (name, email or phone)').fill('Kim');
    await sidebar.getByRole('list', { name: 'Contacts found' }).getByRole('button', { name: /Kim Minji/ }).click();
    expect(await sidebar.getByText(/^Merge minji into Kim Minji\?/).count()).toBe(1);
    await sidebar.getByRole('button', { name: 'Merge', exact: true }).click();
    await sidebar.getByRole('heading', { name: 'Tickets (2)' }).waitFor();
    await sidebar.getByRole('heading', { name: 'Kim Minji' }).waitFor();
    expect(await sidebar.getByText('minji.kim@example.com').count()).toBe(1);
    await timeline(admin).locator('.msg-activity').filter({ hasText: 'You merged a duplicate contact into this customer' }).waitFor();
  });

  it('shows the inbox in English and Korean (screenshots for the README)', async () => {
    await ticketRow(admin, 1).click();
    await timeline(admin).getByText('My invoice shows the wrong amount').waitFor();
    const sidebar = admin.getByRole('complementary', { name: 'Contact' });
    await sidebar.getByRole('heading', { name: 'Tickets (2)' }).waitFor();
    await admin.screenshot({ path: shot('inbox-en.png') });
    await admin.getByRole('button', { name: '한국어' }).click();
    const korean = admin.getByRole('log', { name: '타임라인' });
    await korean.waitFor();
    const lines = await korean.locator('.msg-activity').allInnerTexts();
    expect(lines.join('\n')).toContain('Billing 팀으로 이관했습니다: Refund over 100 dollars');
    expect(lines.join('\n')).toContain('높음(으)로 에스컬레이션했습니다');
    await admin.getByRole('complementary', { name: '고객 정보' }).getByRole('heading', { name: '티켓 (2)' }).waitFor();
    await admin.getByRole('list', { name: '대화 목록' }).getByRole('button', { name: /#1\b/ }).getByText('에스컬레이션됨', { exact: true }).waitFor();
    await admin.screenshot({ path: shot('inbox-ko.png') });
    await admin.getByRole('button', { name: 'English' }).click();
    expect(pageErrors).toEqual([]);
  });
});
