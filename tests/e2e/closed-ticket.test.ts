import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { call, clientMsgId, connect, loginAgent, newVisitorToken } from '../support/clients.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/**
 * What an agent can still do with a ticket the lifecycle has moved on, in Korean: the status select offers only the
 * changes the server allows (a closed ticket is final, a resolved one reopens or closes), the `e` shortcut on a
 * closed ticket says why nothing happens in the agent's language, and a closed ticket's reply mode is closed with
 * the reason (a note still goes), also when it is closed while the agent is writing: never the server's English.
 */
describe('closed and resolved tickets in the inbox (Chromium, Korean)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let page: Page;
  let agent: Socket;
  const visitors: Socket[] = [];
  const ids: string[] = [];
  const pageErrors: string[] = [];
  const header = () => page.locator('.ticket-header');
  const statusSelect = () => header().getByLabel('상태', { exact: true });
  const replyBox = () => page.locator('.composer textarea');
  const setStatus = async (conversationId: string, status: string) => {
    const opened = (await call(agent, 'agent:open', { conversationId })).conversation as { version: number };
    const answer = await call(agent, 'agent:update', { conversationId, version: opened.version, status });
    expect(answer.ok, JSON.stringify(answer.error)).toBe(true);
  };
  const open = async (n: number) => {
    await page.getByRole('list', { name: '대화 목록' }).getByRole('button', { name: new RegExp(`#${n}\\b`) }).click();
    await header().getByText(`#${n} `).waitFor();
  };
  const enabledStatuses = () =>
    statusSelect().evaluate((select) => [...(select as HTMLSelectElement).options].filter((o) => !o.disabled).map((o) => o.value));
  /** Hangul-free sentences the inbox shows: the server's English slipping through. */
  const english = async () =>
    (await page.locator('main [role="alert"], main [role="note"], main .error').allInnerTexts()).filter((text) => /[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}/.test(text));

  beforeAll(async () => {
    server = await startServerUnderTest();
    agent = await connect(server.url, '/agent', { cookie: await loginAgent(server.url, ADMIN) });
    for (const text of ['지난달 주문 건입니다', '배송이 늦어요', '결제가 두 번 됐어요']) {
      const visitor = await connect(server.url, '/visitor', { token: await newVisitorToken(server.url) });
      visitors.push(visitor);
      const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text });
      ids.push((sent.message as { conversationId: string }).conversationId);
    }
    await setStatus(ids[0]!, 'closed'); // #1
    await setStatus(ids[1]!, 'resolved'); // #2; #3 stays new

    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'ko-KR', viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${server.url}/inbox/`);
    await page.getByRole('textbox', { name: '이메일' }).fill(ADMIN.email);
    await page.getByLabel('비밀번호').fill(ADMIN.password);
    await page.getByRole('button', { name: '로그인' }).click();
    await page.getByRole('list', { name: '대화 목록' }).waitFor();
  });
  afterAll(async () => {
    for (const visitor of visitors) visitor.close();
    agent?.close();
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('offers only the status changes the lifecycle allows', async () => {
    await open(1);
    expect(await statusSelect().inputValue()).toBe('closed');
    expect(await enabledStatuses()).toEqual(['closed']);
    // Closed is final: its priority, assignee and team stay as they are (the server refuses any change too).
    for (const label of ['우선순위', '담당자', '팀']) expect(await header().getByLabel(label, { exact: true }).isDisabled()).toBe(true);
    await open(2);
    expect(await statusSelect().inputValue()).toBe('resolved');
    expect(await enabledStatuses()).toEqual(['open', 'resolved', 'closed']);
    await open(3);
    expect(await enabledStatuses()).toEqual(['new', 'open', 'pending', 'snoozed', 'resolved', 'closed']);
  });

  it('says in Korean why a closed ticket is not resolved by the `e` shortcut', async () => {
    await open(1);
    await page.getByRole('log', { name: '타임라인' }).click();
    await page.keyboard.press('e');
    const refusal = header().getByRole('alert');
    await refusal.waitFor({ timeout: 5000 });
    expect(await refusal.innerText()).toContain('종료된 티켓');
    expect(await english()).toEqual([]);
    expect(await statusSelect().inputValue()).toBe('closed');
  });

  it('closes the reply mode of a closed ticket with the reason, and still sends a note', async () => {
    await open(1);
    const composer = page.locator('.composer');
    await composer.getByRole('note').filter({ hasText: '종료된 티켓' }).waitFor({ timeout: 5000 });
    expect(await composer.getByRole('radio', { name: '답장' }).isDisabled()).toBe(true);
    expect(await composer.getByRole('radio', { name: '메모' }).isChecked()).toBe(true);
    await replyBox().fill('고객이 다시 연락하면 새 티켓으로 받기');
    await replyBox().press('Enter');
    await page.getByRole('log', { name: '타임라인' }).getByText('고객이 다시 연락하면 새 티켓으로 받기').waitFor({ timeout: 5000 });
    expect(await english()).toEqual([]);
    await page.screenshot({ path: '/tmp/parley-inbox-closed-ticket-ko.png' });
  });

  it('keeps a reply written while a colleague closes the ticket, and says why it cannot go, in Korean', async () => {
    await open(3);
    await replyBox().fill('확인해 보겠습니다');
    await setStatus(ids[2]!, 'closed');
    await expect.poll(() => statusSelect().inputValue(), { timeout: 5000 }).toBe('closed');
    await replyBox().press('Enter');
    const composer = page.locator('.composer');
    await composer.getByText('종료된 티켓').first().waitFor({ timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await replyBox().inputValue()).toBe('확인해 보겠습니다');
    expect(await page.getByRole('log', { name: '타임라인' }).getByText('확인해 보겠습니다').count()).toBe(0);
    expect(await english()).toEqual([]);
  });

  it('raised no script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
