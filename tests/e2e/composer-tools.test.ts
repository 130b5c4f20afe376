import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken } from '../support/clients.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

const MINA = { name: 'Mina Park', email: 'mina@composer.test', password: 'mina password 1' };
/** Where the README's screenshots are written when PARLEY_DOCS_SCREENSHOT=1 (else only to /tmp). */
const DOCS = (name: string) =>
  process.env.PARLEY_DOCS_SCREENSHOT === '1' ? new URL(`../../docs/${name}`, import.meta.url).pathname : `/tmp/parley-${name}`;

/**
 * The composer's tools and the agent's keyboard, in Chromium with one browser context per agent: the admin adds a
 * desk-wide canned response in Settings (a taken shortcut is said at its field); Mina inserts it with `/ref` and the
 * keyboard, its placeholders filled; her note mentions the admin with `@`, whose notifications button counts it;
 * `?` shows the shortcuts (a modal dialog, en and ko); j/k move through the list, r focuses the reply, e resolves.
 */
describe('composer tools and keyboard shortcuts (Chromium)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let admin: Page;
  let mina: Page;
  let deskName = '';
  /** When Mina's page loaded the canned responses (before the admin added one). */
  let minaSince = 0;
  const visitors: Socket[] = [];
  const pageErrors: string[] = [];

  async function open(): Promise<Page> {
    const page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } })).newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (message) => {
      // `GET /auth/me` answers 401 before the login; the refused shortcut answers 409: both expected
      if (message.type() === 'error' && !/\b(401|409) \(/.test(message.text())) pageErrors.push(message.text());
    });
    return page;
  }
  async function logIn(page: Page, creds: { email: string; password: string }) {
    await page.goto(`${server.url}/inbox/`);
    await page.getByRole('textbox', { name: 'Email' }).fill(creds.email);
    await page.getByLabel('Password').fill(creds.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('link', { name: 'Settings' }).waitFor({ timeout: 10_000 });
  }
  const composer = (page: Page) => page.getByRole('textbox', { name: 'Reply' });
  const ticketTitle = (page: Page) => page.locator('.ticket-title');
  const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

  beforeAll(async () => {
    server = await startServerUnderTest();
    const cookie = await loginAgent(server.url, ADMIN);
    const headers = { cookie, 'x-parley-csrf': '1' };
    deskName = ((await json(`${server.url}/api/v1/auth/me`, { headers })).body.desk as { name: string }).name;
    expect((await json(`${server.url}/api/v1/agents`, { method: 'POST', headers, body: JSON.stringify(MINA) })).status).toBe(201);
    // Another desk-wide response that `/ref` also finds (listed first): the keyboard picks the second.
    const reference = { scope: 'desk', shortcut: 'reference', title: 'Reference number', text: 'Please send us your order reference.' };
    expect((await json(`${server.url}/api/v1/canned`, { method: 'POST', headers, body: JSON.stringify(reference) })).status).toBe(201);
    for (const text of ['I want my money back', 'Where is my parcel?', 'Can I change my address?']) {
      const visitor = await connect(server.url, '/visitor', { token: await newVisitorToken(server.url) });
      visitors.push(visitor);
      await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text });
    }
    browser = await launchBrowser();
    admin = await open();
    mina = await open();
    await logIn(admin, ADMIN);
    await logIn(mina, MINA);
    minaSince = Date.now();
  });
  afterAll(async () => {
    visitors.forEach((v) => v.close());
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('an admin adds a desk-wide canned response in Settings; a taken shortcut is said at its field', async () => {
    await admin.getByRole('link', { name: 'Settings' }).click();
    await admin.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Canned responses' }).click();
    const section = admin.getByRole('region', { name: 'Canned responses' });
    await section.getByRole('rowheader', { name: '/reference' }).waitFor();
    await section.getByRole('button', { name: 'Add a canned response' }).click();
    const form = admin.getByRole('form', { name: 'New canned response' });
    expect(await form.getByRole('radio', { name: 'Desk-wide' }).isChecked()).toBe(true);
    // the shortcut of the other response first: refused, said at the field, nothing else lost
    await form.getByRole('textbox', { name: 'Shortcut' }).fill('Reference');
    await form.getByRole('textbox', { name: 'Title' }).fill('Refund policy');
    await form
      .getByRole('textbox', { name: 'Text' })
      .fill('Hi {{contact.name | there}}, this is {{agent.name}} from {{desk.name}}. Your refund for ticket #{{ticket.number}} is on its way.');
    await form.getByRole('button', { name: 'Save canned response' }).click();
    const shortcut = form.getByRole('textbox', { name: 'Shortcut' });
    await form.getByText('The shortcut /reference is already taken. Choose another one.').waitFor();
    expect(await shortcut.getAttribute('aria-invalid')).toBe('true');
    await shortcut.fill('refund');
    await form.getByRole('button', { name: 'Save canned response' }).click();
    await section.getByText('Saved /refund.').waitFor();
    const row = section.getByRole('row', { name: /\/refund/ });
    expect(await row.innerText()).toMatch(/Refund policy\s+Desk-wide/);
  });

  it('an agent types /ref, picks the response with the keyboard, and its placeholders are filled', async () => {
    await mina.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /#1\b/ }).click();
    await mina.getByRole('log', { name: 'Timeline' }).getByText('I want my money back').waitFor();
    // Her page loaded the list before the admin added /refund; a picker opening on a list that old asks again.
    await mina.waitForTimeout(Math.max(0, minaSince + 5500 - Date.now()));
    const box = composer(mina);
    await box.click();
    await box.pressSequentially('/ref');
    const picker = mina.getByRole('listbox', { name: 'Canned responses' });
    await picker.getByRole('option', { name: /\/refund/ }).waitFor();
    expect(await picker.getByRole('option').allInnerTexts()).toEqual([
      expect.stringContaining('/reference'),
      expect.stringContaining('/refund'),
    ]);
    expect(await box.getAttribute('aria-controls')).toBe(await picker.getAttribute('id'));
    await box.press('ArrowDown');
    const active = picker.getByRole('option', { selected: true });
    expect(await active.innerText()).toContain('/refund');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await active.getAttribute('id'));
    await mina.screenshot({ path: DOCS('composer-canned.png') });
    await box.press('Enter');
    await picker.waitFor({ state: 'detached' });
    expect(await box.inputValue()).toBe(`Hi there, this is Mina Park from ${deskName}. Your refund for ticket #1 is on its way.`);
    // Escape closes the picker and leaves the text as typed
    await box.fill('');
    await box.pressSequentially('/re');
    await picker.waitFor();
    await box.press('Escape');
    await picker.waitFor({ state: 'detached' });
    expect(await box.inputValue()).toBe('/re');
    // it stays closed for that `/` (typing on is text); a new `/` opens it again, and a click inserts too
    await box.pressSequentially('f');
    expect(await mina.getByRole('listbox').count()).toBe(0);
    await box.fill('');
    await box.pressSequentially('/ref');
    await picker.getByRole('option', { name: /\/reference/ }).click();
    expect(await box.inputValue()).toBe('Please send us your order reference.');
    await box.fill('');
  });

  it("a note mentions a colleague with @, and the colleague's notifications button counts it", async () => {
    const box = composer(mina);
    await box.pressSequentially('@ad');
    // replies mention nobody: no list
    expect(await mina.getByRole('listbox').count()).toBe(0);
    await box.fill('');
    await mina.getByRole('radio', { name: 'Note' }).check();
    await box.click();
    await box.pressSequentially('@ad');
    const picker = mina.getByRole('listbox', { name: 'Colleagues to mention' });
    await picker.getByRole('option', { name: /Admin/ }).waitFor();
    await box.press('Tab');
    await box.pressSequentially('can you approve this refund?');
    expect(await box.inputValue()).toBe('@Admin can you approve this refund?');
    await box.press('Control+Enter');
    await mina.getByRole('log', { name: 'Timeline' }).getByText('@Admin can you approve this refund?').waitFor();
    await admin.getByRole('button', { name: 'Notifications, 1 new' }).waitFor({ timeout: 5000 });
    await admin.getByRole('button', { name: 'Notifications, 1 new' }).click();
    await admin.getByRole('region', { name: 'Notifications' }).getByText('You were mentioned on #1').waitFor();
    await admin.keyboard.press('Escape');
  });

  it('? shows the shortcuts in a modal dialog (English and Korean), closed by Escape or its button', async () => {
    await blur(mina);
    await mina.keyboard.press('?');
    const dialog = mina.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    for (const label of ['Next ticket in the list', 'Previous ticket in the list', 'Reply to the customer', 'Write an internal note', 'Assign the ticket to me', 'Resolve the ticket', 'Snooze the ticket (choose until when)', 'Transfer the ticket (team, agent, note)', 'Escalate the ticket (priority up one level)', 'Search tickets']) {
      await dialog.getByText(label, { exact: true }).waitFor();
    }
    // the focus stays in the dialog
    for (let i = 0; i < 4; i++) {
      await mina.keyboard.press('Tab');
      expect(await mina.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    }
    await mina.screenshot({ path: DOCS('composer-shortcuts.png') });
    await mina.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await mina.getByRole('button', { name: '한국어' }).click();
    await blur(mina);
    await mina.keyboard.press('?');
    const ko = mina.getByRole('dialog', { name: '키보드 단축키' });
    await ko.waitFor();
    expect(await ko.innerText()).toContain('목록의 다음 티켓');
    expect(await ko.innerText()).toContain('티켓 해결');
    await ko.getByRole('button', { name: '닫기' }).click();
    await ko.waitFor({ state: 'hidden' });
    await mina.getByRole('button', { name: 'English' }).click();
  });

  it('j and k move through the list, r focuses the reply, e resolves; letters typed in the composer stay text', async () => {
    const numbers = (await mina.getByRole('list', { name: 'Conversations' }).getByRole('button').allInnerTexts()).map(
      (text) => /#(\d+)/.exec(text)?.[1],
    );
    expect(numbers).toHaveLength(3);
    const at = numbers.indexOf('1');
    const step = at < numbers.length - 1 ? 1 : -1;
    const other = numbers[at + step];
    await blur(mina);
    await mina.keyboard.press(step === 1 ? 'j' : 'k');
    await ticketTitle(mina).filter({ hasText: `#${other} ` }).waitFor();
    await mina.keyboard.press(step === 1 ? 'k' : 'j');
    await ticketTitle(mina).filter({ hasText: '#1 ' }).waitFor();

    await mina.keyboard.press('r');
    await mina.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
    expect(await mina.getByRole('radio', { name: 'Reply' }).isChecked()).toBe(true);
    await mina.keyboard.type('jke');
    expect(await composer(mina).inputValue()).toBe('jke');
    await ticketTitle(mina).filter({ hasText: '#1 ' }).waitFor();
    await composer(mina).fill('');

    // a: assign to me; s: the snooze picker takes the focus, Escape closes it; / goes to the search box
    await blur(mina);
    await mina.keyboard.press('a');
    await mina.waitForFunction(() => document.querySelector<HTMLSelectElement>('select[id$="-assignee"]')?.selectedOptions[0]?.text === 'Mina Park (you)');
    await mina.keyboard.press('s');
    const snooze = mina.getByRole('group', { name: 'Snooze until' });
    await snooze.waitFor();
    await mina.waitForFunction(() => document.activeElement?.closest('.snooze-picker') != null);
    await mina.keyboard.press('Escape');
    await snooze.waitFor({ state: 'detached' });
    await blur(mina);
    await mina.keyboard.press('/');
    await mina.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Search tickets');
    await blur(mina);
    await mina.keyboard.press('n');
    await mina.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
    expect(await mina.getByRole('radio', { name: 'Note' }).isChecked()).toBe(true);

    await blur(mina);
    await mina.keyboard.press('e');
    await mina.waitForFunction(() => document.querySelector<HTMLSelectElement>('select[id$="-status"]')?.value === 'resolved');
    await mina.getByRole('log', { name: 'Timeline' }).locator('.msg-activity').filter({ hasText: /resolved/i }).waitFor({ timeout: 5000 });
  });

  it('an agent keeps personal responses only; turning desktop notifications on asks the browser and says a refusal', async () => {
    await mina.getByRole('link', { name: 'Settings' }).click();
    await mina.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Canned responses' }).click();
    const section = mina.getByRole('region', { name: 'Canned responses' });
    await section.getByRole('rowheader', { name: '/refund' }).waitFor();
    expect(await section.getByRole('button', { name: 'Edit /refund' }).count()).toBe(0); // desk-wide: the admins'
    await section.getByRole('button', { name: 'Add a canned response' }).click();
    const form = mina.getByRole('form', { name: 'New canned response' });
    expect(await form.getByRole('radio').count()).toBe(0); // personal, no choice
    await form.getByRole('textbox', { name: 'Shortcut' }).fill('two words');
    await form.getByRole('button', { name: 'Save canned response' }).click();
    await form.getByText('A shortcut is 1 to 32 letters, digits, - or _, without spaces.').waitFor();
    await form.getByText('Give it a title of at most 80 characters.').waitFor();
    await form.getByRole('textbox', { name: 'Shortcut' }).fill('thanks');
    await form.getByRole('textbox', { name: 'Title' }).fill('Thanks');
    await form.getByRole('textbox', { name: 'Text' }).fill('Thanks {{contact.name | for writing}}!');
    await form.getByRole('button', { name: 'Save canned response' }).click();
    expect(await section.getByRole('row', { name: /\/thanks/ }).innerText()).toMatch(/Thanks\s+Personal/);
    await section.getByRole('button', { name: 'Delete /thanks' }).click();
    await section.getByRole('group', { name: 'Delete /thanks' }).getByRole('button', { name: 'Delete' }).click();
    await section.getByText('Deleted /thanks.').waitFor();
    expect(await section.getByRole('rowheader', { name: '/thanks' }).count()).toBe(0);

    await mina.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Profile' }).click();
    await mina.getByRole('checkbox', { name: 'Show desktop notifications' }).check();
    // headless Chromium refuses notifications without asking anyone
    await mina.getByText(/This browser blocks notifications from the inbox/).waitFor();
    await mina.getByRole('button', { name: '한국어' }).click();
    await mina.getByText(/이 브라우저가 인박스의 알림을 차단하고 있습니다/).waitFor();
    await mina.getByRole('button', { name: 'English' }).click();
    expect(pageErrors).toEqual([]);
  });
});
