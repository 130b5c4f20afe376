import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToInbox } from '../support/browser.ts';
import { call, clientMsgId, connect, json, loginAgent } from '../support/clients.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

const LONG_NAME = 'Alexandria Konstantinopoulou-Vanderbilt the Third';

/**
 * The ticket list as an agent reads it, in Chromium: each row names the customer (name, else e-mail, else "Visitor",
 * as the contact sidebar does) above the last message, also a ticket that arrives while the list is open and a name
 * the agent corrects in the contact panel; long names are cut with an ellipsis and every row keeps its height; the time
 * at the right of a row is never cut, at 1024 px with the contact panel open and at 1280 px, in English and Korean.
 */
describe('ticket list rows (Chromium)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let page: Page;
  let cookie: string;
  const sockets: Socket[] = [];
  const pageErrors: string[] = [];
  const list = (name = 'Conversations') => page.getByRole('list', { name });
  const headers = () => ({ cookie, 'x-parley-csrf': '1' });

  const contactIds = new Map<string, string>();
  /** A customer's session (their contact, named or not) and their first message: ticket #n. */
  const customer = async (details: { name?: string; email?: string }) => {
    const session = await json(`${server.url}/api/v1/widget/sessions`, { method: 'POST', body: JSON.stringify({ desk: 'default' }) });
    const contactId = session.body.contactId as string;
    if (details.name) contactIds.set(details.name, contactId);
    if (details.name || details.email) {
      const edit = await json(`${server.url}/api/v1/contacts/${contactId}`, { method: 'PATCH', headers: headers(), body: JSON.stringify(details) });
      expect(edit.status).toBe(200);
    }
    const visitor = await connect(server.url, '/visitor', { token: session.body.token as string });
    sockets.push(visitor);
    return (text: string) => call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text });
  };

  beforeAll(async () => {
    server = await startServerUnderTest();
    cookie = await loginAgent(server.url, ADMIN);
    // A colleague with a long name holds one ticket: the row's assignee is long too.
    const colleague = await json(`${server.url}/api/v1/agents`, {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ name: 'Seo-yeon Park-Henderson', email: 'seoyeon@test.local', password: 'a long enough password', role: 'agent' }),
    });
    expect(colleague.status).toBe(201);
    const colleagueId = (colleague.body.agent as { id: string }).id;
    expect((await (await customer({ name: 'Minji Kim', email: 'minji@example.com' }))('Where is my parcel? It was due on Monday')).ok).toBe(true);
    expect((await (await customer({ email: 'jun@example.com' }))('Can I change the delivery address?')).ok).toBe(true);
    const anonymous = await (await customer({}))('Hello, is anyone there?');
    expect((await (await customer({ name: LONG_NAME }))('I was charged twice for order 5521')).ok).toBe(true);
    // #3 is the colleague's, urgent and escalated: the widest meta line.
    const agent = await connect(server.url, '/agent', { cookie });
    sockets.push(agent);
    const conversationId = (anonymous.message as { conversationId: string }).conversationId;
    const opened = (await call(agent, 'agent:open', { conversationId })).conversation as { version: number };
    expect((await call(agent, 'agent:update', { conversationId, version: opened.version, assigneeId: colleagueId, priority: 'urgent', tags: ['escalated'] })).ok).toBe(true);

    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await logInToInbox(page, server.url, ADMIN);
    await list().getByRole('button', { name: /#4\b/ }).waitFor();
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it("names each row's customer, with the last message under it: name, else e-mail, else Visitor", async () => {
    await list().getByRole('button', { name: /^Minji Kim #1\b.*Where is my parcel\? It was due on Monday/ }).waitFor({ timeout: 5000 });
    await list().getByRole('button', { name: /^jun@example\.com #2\b.*Can I change the delivery address\?/ }).waitFor();
    await list().getByRole('button', { name: /^Visitor #3\b.*Hello, is anyone there\?/ }).waitFor();
    await list().getByRole('button', { name: new RegExp(`^${LONG_NAME} #4\\b`) }).waitFor();
    // the name on its own line, above the message
    const row = list().getByRole('button', { name: /#1\b/ });
    const name = (await row.locator('.row-customer').boundingBox())!;
    const preview = (await row.locator('.row-preview').boundingBox())!;
    expect(preview.y).toBeGreaterThanOrEqual(name.y + name.height - 1);
  });

  it('names the customer of a ticket that arrives while the list is open, without a reload', async () => {
    const send = await customer({ name: 'Haneul Choi' });
    expect((await send('My coupon does not work')).ok).toBe(true);
    await list().getByRole('button', { name: /^Haneul Choi #5\b.*My coupon does not work/ }).waitFor({ timeout: 5000 });
  });

  it("follows the agent's own edit of the customer's name in the contact panel", async () => {
    await list().getByRole('button', { name: /#2\b/ }).click();
    const sidebar = page.getByRole('complementary', { name: 'Contact' });
    await sidebar.getByRole('button', { name: 'Edit contact' }).click();
    const form = sidebar.getByRole('form', { name: 'Edit the contact' });
    await form.getByLabel('Name', { exact: true }).fill('Jun Park');
    await form.getByRole('button', { name: 'Save' }).click();
    await list().getByRole('button', { name: /^Jun Park #2\b/ }).waitFor({ timeout: 5000 });
    // the timeline names the customer's messages the same way, and follows the edit
    await page.getByRole('log', { name: 'Timeline' }).locator('.msg-visitor .msg-author', { hasText: 'Jun Park' }).first().waitFor({ timeout: 5000 });
  });

  it("follows a colleague's rename of a customer whose ticket this agent does not have open, without a reload", async () => {
    const colleague = await loginAgent(server.url, { email: 'seoyeon@test.local', password: 'a long enough password' });
    const contactId = contactIds.get('Minji Kim')!;
    const edit = await json(`${server.url}/api/v1/contacts/${contactId}`, {
      method: 'PATCH',
      headers: { cookie: colleague, 'x-parley-csrf': '1' },
      body: JSON.stringify({ name: 'Minji Park' }),
    });
    expect(edit.status).toBe(200);
    await list().getByRole('button', { name: /^Minji Park #1\b/ }).waitFor({ timeout: 5000 });
  });

  /** Every row whole: its lines inside it, the time not cut, the name cut with an ellipsis only when too long. */
  const rowLayout = () =>
    page.locator('.list-scroll').evaluate((scroller) => {
      const rows = [...scroller.querySelectorAll<HTMLElement>('.row')];
      return rows.map((row) => {
        const box = row.getBoundingClientRect();
        const style = getComputedStyle(row);
        const inner = { left: box.left + parseFloat(style.paddingLeft) - 0.5, right: box.right - parseFloat(style.paddingRight) + 0.5 };
        const time = row.querySelector<HTMLElement>('.row-time')!;
        const t = time.getBoundingClientRect();
        const customer = row.querySelector<HTMLElement>('.row-customer')!;
        const lines = [...row.children].map((line) => line.getBoundingClientRect());
        return {
          number: row.querySelector('.row-number')?.textContent,
          timeWhole: t.width > 0 && t.left >= inner.left && t.right <= inner.right && time.scrollWidth <= time.clientWidth + 1,
          timeText: time.textContent,
          linesInside: lines.every((l) => l.top >= box.top - 0.5 && l.bottom <= box.bottom + 0.5 && l.right <= inner.right + 1),
          height: Math.round(box.height),
          nameCut: customer.scrollWidth > customer.clientWidth + 1,
          nameEllipsis: getComputedStyle(customer).textOverflow === 'ellipsis',
        };
      });
    });

  it('keeps the time at the right of every row whole at 1024 × 768 with the contact panel open and at 1280, in English and Korean', async () => {
    await list().getByRole('button', { name: /#3\b/ }).click();
    await page.getByRole('log', { name: 'Timeline' }).getByText('Hello, is anyone there?').waitFor();
    const rowHeight = Number.parseFloat((await page.locator('.list-scroll li').first().getAttribute('style'))!.match(/height:\s*([\d.]+)px/)![1]!);
    for (const locale of ['en', 'ko'] as const) {
      for (const [width, height] of [[1024, 768], [1280, 800]] as const) {
        await page.setViewportSize({ width, height });
        if (width < 1100) {
          const toggle = page.getByRole('main').getByRole('button', { name: locale === 'en' ? 'Contact' : '고객 정보' });
          if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
          await page.getByRole('complementary', { name: locale === 'en' ? 'Contact' : '고객 정보' }).getByRole('heading').first().waitFor();
        }
        await page.screenshot({ path: `/tmp/parley-list-rows-${locale}-${width}.png` });
        await page.locator('.pane-list').screenshot({ path: `/tmp/parley-list-rows-${locale}-${width}-list.png` });
        const rows = await rowLayout();
        expect(rows, `${locale} ${width}`).toHaveLength(5);
        for (const row of rows) {
          expect(row, `${locale} ${width} row ${row.number}`).toMatchObject({ timeWhole: true, linesInside: true, height: Math.round(rowHeight) });
          expect(row.timeText).toMatch(/\d/);
        }
        // the long name is cut with an ellipsis, the short ones whole
        expect(rows.filter((r) => r.nameCut).map((r) => r.number), `${locale} ${width}`).toEqual(['#4']);
        expect(rows.every((r) => r.nameEllipsis)).toBe(true);
      }
      if (locale === 'en') {
        await page.getByRole('button', { name: '한국어' }).click();
        await list('대화 목록').getByRole('button', { name: /^방문자 #3\b/ }).waitFor({ timeout: 5000 });
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    }
    await page.getByRole('button', { name: 'English' }).click();
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(pageErrors).toEqual([]);
  });
});
