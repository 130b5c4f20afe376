import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToInbox } from '../support/browser.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken } from '../support/clients.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/**
 * An agent's day with one ticket, in Chromium: snooze it until tomorrow (the header says until when, the timeline
 * says who did it), the customer writes again (reopened, said in the timeline), tag it, move it to a team; every
 * change is a line of the timeline, in order, in English and Korean.
 */
describe('ticket workflow in the inbox (Chromium)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let page: Page;
  let visitor: Socket;
  const pageErrors: string[] = [];
  const timeline = () => page.getByRole('log', { name: 'Timeline' });
  const lines = () => timeline().locator('.msg-activity');

  beforeAll(async () => {
    server = await startServerUnderTest();
    const cookie = await loginAgent(server.url, ADMIN);
    const team = await json(`${server.url}/api/v1/teams`, { method: 'POST', headers: { cookie, 'x-parley-csrf': '1' }, body: JSON.stringify({ name: 'Billing' }) });
    expect(team.status).toBe(201);
    visitor = await connect(server.url, '/visitor', { token: await newVisitorToken(server.url) });
    await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Please call me back tomorrow' });
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await logInToInbox(page, server.url, ADMIN);
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /#1\b/ }).click();
    await timeline().getByText('Please call me back tomorrow').waitFor();
  });
  afterAll(async () => {
    visitor?.close();
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('snoozes until tomorrow 9:00 and says so in the header and the timeline', async () => {
    await page.getByRole('main').getByLabel('Status').selectOption('snoozed');
    const picker = page.getByRole('group', { name: 'Snooze until' });
    await picker.waitFor();
    await picker.getByRole('button', { name: 'Tomorrow at 9:00' }).click();
    await page.getByText(/^Snoozed until /).waitFor({ timeout: 5000 });
    await lines().filter({ hasText: 'snoozed this until' }).waitFor({ timeout: 5000 });
    expect(await page.getByRole('main').getByLabel('Status').inputValue()).toBe('snoozed');
    await page.screenshot({ path: process.env.PARLEY_DOCS_SCREENSHOT ? 'docs/snooze.png' : '/tmp/parley-snooze.png' });
  });

  it('reopens when the customer writes again, with a line saying why', async () => {
    await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Actually, today works too' });
    await lines().filter({ hasText: 'The customer wrote again: reopened' }).waitFor({ timeout: 5000 });
    await page.waitForFunction(() => document.querySelector<HTMLSelectElement>('select[id$="-status"]')?.value === 'open');
    await page.getByText(/^Snoozed until /).waitFor({ state: 'detached' });
  });

  it('tags the ticket and moves it to a team, each change a line in order', async () => {
    const tagInput = page.getByRole('textbox', { name: 'Add a tag' });
    await tagInput.fill('Callback');
    await tagInput.press('Enter');
    await page.getByRole('button', { name: 'Remove the tag callback' }).waitFor({ timeout: 5000 });
    await page.getByRole('main').getByLabel('Team').selectOption({ label: 'Billing' });
    await lines().filter({ hasText: 'moved this to Billing' }).waitFor({ timeout: 5000 });
    const texts = await lines().allInnerTexts();
    expect(texts).toEqual([
      expect.stringContaining('You snoozed this until'),
      expect.stringContaining('The customer wrote again: reopened'),
      expect.stringContaining('You set the tags: callback'),
      expect.stringContaining('moved this to Billing'),
    ]);
    await page.screenshot({ path: process.env.PARLEY_DOCS_SCREENSHOT ? 'docs/ticket-workflow.png' : '/tmp/parley-ticket-workflow.png' });
    // A tag with markup is refused by the field, saying why; nothing is sent.
    await tagInput.fill('<b>');
    await tagInput.press('Enter');
    await page.getByRole('status').filter({ hasText: 'A tag holds letters, digits' }).waitFor();
    expect(await page.getByRole('button', { name: /^Remove the tag/ }).count()).toBe(1);
  });

  it('speaks Korean', async () => {
    await page.getByRole('button', { name: '한국어' }).click();
    await page.getByRole('log', { name: '타임라인' }).waitFor();
    const texts = await page.getByRole('log', { name: '타임라인' }).locator('.msg-activity').allInnerTexts();
    expect(texts.at(-1)).toContain('내가 Billing 팀으로 이관했습니다');
    expect(await page.getByRole('main').getByLabel('팀').inputValue()).not.toBe('');
    await page.getByRole('button', { name: 'English' }).click();
    expect(pageErrors).toEqual([]);
  });
});
