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
    // Enough teams that their tabs cannot all fit on one line of the list's column.
    for (const name of ['Billing', 'Orders', 'Returns', 'Shipping']) {
      const team = await json(`${server.url}/api/v1/teams`, { method: 'POST', headers: { cookie, 'x-parley-csrf': '1' }, body: JSON.stringify({ name }) });
      expect(team.status).toBe(201);
    }
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

  it('gives the conversation most of a tablet or laptop window; every queue tab and filter stays in sight', async () => {
    const contact = page.getByRole('complementary', { name: 'Contact' });
    const toggle = page.getByRole('main').getByRole('button', { name: 'Contact' });
    const heightOf = async (selector: string) => (await page.locator(selector).first().boundingBox())?.height ?? 0;
    for (const [width, height] of [[1024, 768], [1280, 800], [1440, 900]] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: `/tmp/parley-inbox-${width}x${height}.png` });
      const shown = await heightOf('.timeline');
      const around = (await heightOf('.ticket-header')) + (await heightOf('.composer'));
      expect(shown, `timeline at ${width}×${height}`).toBeGreaterThan(around);
      expect(shown, `timeline at ${width}×${height}`).toBeGreaterThan(height * 0.4);
      // Every tab whole inside the tab row (which wraps rather than scrolls), and every filter reads in full.
      const clipped = await page.getByRole('tablist', { name: 'Queues' }).evaluate((list) => {
        const box = list.getBoundingClientRect();
        const out = [...list.querySelectorAll('[role="tab"]')].filter((tab) => {
          const r = tab.getBoundingClientRect();
          return r.width === 0 || r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5;
        });
        return { tabs: out.map((tab) => tab.textContent), scrolls: list.scrollWidth > list.clientWidth + 1 };
      });
      expect(clipped, `tabs at ${width}×${height}`).toEqual({ tabs: [], scrolls: false });
      const cut = await page.getByRole('group', { name: 'Filters' }).evaluate((filters) => {
        const measure = document.createElement('canvas').getContext('2d')!;
        return [...filters.querySelectorAll('select')].flatMap((select) => {
          const style = getComputedStyle(select);
          measure.font = `${style.fontSize} ${style.fontFamily}`;
          const text = select.selectedOptions[0]?.textContent ?? '';
          const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16; // the arrow
          return measure.measureText(text).width > room ? [text] : [];
        });
      });
      expect(cut, `filters at ${width}×${height}`).toEqual([]);
      if (width < 1100) {
        // The contact panel is folded away behind its toggle, and opens as a narrower column.
        expect(await contact.isVisible()).toBe(false);
        expect(await toggle.getAttribute('aria-expanded')).toBe('false');
        await toggle.click();
        await contact.getByText('Web chat', { exact: true }).waitFor();
        expect(await toggle.getAttribute('aria-expanded')).toBe('true');
        expect((await page.locator('.timeline').boundingBox())!.width).toBeGreaterThan(400);
        await page.screenshot({ path: `/tmp/parley-inbox-${width}x${height}-contact.png` });
        await toggle.click();
        await contact.waitFor({ state: 'hidden' });
      } else {
        await contact.getByText('Web chat', { exact: true }).waitFor();
        expect(await toggle.isVisible()).toBe(false);
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('says "You took this" when the agent assigns the ticket to themselves', async () => {
    await page.getByRole('main').getByRole('button', { name: 'Assign to me' }).click();
    await lines().filter({ hasText: 'You took this' }).waitFor({ timeout: 5000 });
    expect(await lines().filter({ hasText: /assigned this to you/i }).count()).toBe(0);
    // Back to nobody, so that the lines below start from an unassigned ticket.
    await page.getByRole('main').getByLabel('Assignee').selectOption({ label: 'Unassigned' });
    await lines().filter({ hasText: 'You unassigned this' }).waitFor({ timeout: 5000 });
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
      expect.stringContaining('You took this'),
      expect.stringContaining('You unassigned this'),
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
    expect(texts[0]).toContain('내가 이 티켓을 맡았습니다');
    expect(await page.getByRole('main').getByLabel('팀').inputValue()).not.toBe('');
    await page.getByRole('button', { name: 'English' }).click();
    expect(pageErrors).toEqual([]);
  });
});
