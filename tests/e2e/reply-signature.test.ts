import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToInbox } from '../support/browser.ts';
import { call, clientMsgId, connect, newVisitorToken } from '../support/clients.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

const SIGNATURE = 'Mina Park\nParley support · support@example.com';

/**
 * The profile's signature on replies, in Chromium, as Chatwoot does it: saved in Settings → Profile (whose hint says
 * where it goes), the reply box offers a Signature toggle (on by default, remembered per agent) and shows what it adds;
 * a reply reaches the customer with the signature after a blank line, once, also when the send waits out a lost
 * connection; a note never carries it, nor a reply with the toggle off.
 */
describe('reply signature (Chromium)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let visitor: Socket;
  const received: string[] = [];
  const pageErrors: string[] = [];
  const timeline = () => page.getByRole('log', { name: 'Timeline' });
  const box = () => page.getByRole('textbox', { name: 'Reply' });
  const toggle = (name = 'Signature') => page.getByRole('main').getByRole('button', { name, exact: true });
  const reply = async (text: string) => {
    await box().fill(text);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => box().inputValue(), { timeout: 15_000 }).toBe('');
  };

  beforeAll(async () => {
    server = await startServerUnderTest();
    visitor = await connect(server.url, '/visitor', { token: await newVisitorToken(server.url) });
    visitor.on('message.created', (payload: { message?: { text?: string } }) => received.push(payload.message?.text ?? ''));
    expect((await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Has my order shipped?' })).ok).toBe(true);
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await logInToInbox(page, server.url, ADMIN);
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /#1\b/ }).click();
    await timeline().getByText('Has my order shipped?').waitFor();
  });
  afterAll(async () => {
    visitor?.close();
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('offers no toggle until the agent has a signature; the profile says where the signature goes', async () => {
    expect(await toggle().count()).toBe(0);
    await page.getByRole('link', { name: 'Settings' }).click();
    const field = page.getByRole('textbox', { name: 'Signature' });
    await field.waitFor();
    expect(await page.locator(`#${await field.getAttribute('aria-describedby')}`).innerText()).toBe(
      'Added to your replies (never to internal notes), after a blank line, when the Signature button in the reply box is on.',
    );
    await field.fill(SIGNATURE);
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').filter({ hasText: 'Your profile is saved.' }).waitFor();
    await page.getByRole('link', { name: 'Back to the inbox' }).click();
    await timeline().getByText('Has my order shipped?').waitFor();
  });

  it('sends a reply with the signature after a blank line, and shows what it adds while the toggle is on', async () => {
    expect(await toggle().getAttribute('aria-pressed')).toBe('true');
    const preview = page.locator('.composer-signature');
    expect(await preview.innerText()).toBe('Added below your reply: Mina Park Parley support · support@example.com');
    await reply('Yes, it left our warehouse today.');
    const sent = `Yes, it left our warehouse today.\n\n${SIGNATURE}`;
    await expect.poll(() => received, { timeout: 5000 }).toContain(sent);
    await timeline().getByText('Parley support · support@example.com').waitFor();
  });

  it('adds it once to a reply that waits out a lost connection and is sent again with the same id', async () => {
    await context.setOffline(true);
    await page.getByText(/Connection lost/).waitFor({ timeout: 10_000 });
    await box().fill('The tracking number is 7741.');
    await box().press('Enter');
    await page.getByRole('status').filter({ hasText: 'Sending' }).waitFor({ timeout: 5000 });
    await page.waitForTimeout(1500);
    await context.setOffline(false);
    await expect.poll(() => box().inputValue(), { timeout: 20_000 }).toBe('');
    const sent = `The tracking number is 7741.\n\n${SIGNATURE}`;
    await expect.poll(() => received.filter((t) => t.startsWith('The tracking number is 7741.')), { timeout: 5000 }).toEqual([sent]);
    await page.waitForTimeout(1000);
    expect(received.filter((t) => t.startsWith('The tracking number is 7741.'))).toEqual([sent]);
  });

  it('never signs a note; with the toggle off (by keyboard) the reply goes as written, and the choice is remembered', async () => {
    await page.getByRole('radio', { name: 'Note' }).check();
    expect(await toggle().count()).toBe(0);
    expect(await page.locator('.composer-signature').count()).toBe(0);
    await reply('Customer is a VIP');
    const note = timeline().locator('.msg', { hasText: 'Customer is a VIP' });
    await note.waitFor({ timeout: 5000 });
    expect(await note.innerText()).not.toContain('Parley support');

    await page.getByRole('radio', { name: 'Reply' }).check();
    await toggle().focus();
    await page.keyboard.press('Space');
    expect(await toggle().getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('.composer-signature').count()).toBe(0);
    await reply('Anything else I can do?');
    await expect.poll(() => received, { timeout: 5000 }).toContain('Anything else I can do?');

    await page.reload();
    await timeline().getByText('Anything else I can do?').waitFor({ timeout: 10_000 });
    expect(await toggle().getAttribute('aria-pressed')).toBe('false');
    await page.getByRole('button', { name: '한국어' }).click();
    expect(await toggle('서명').getAttribute('aria-pressed')).toBe('false');
    await toggle('서명').click();
    await page.locator('.composer-signature').getByText('답장 아래에 붙습니다:').waitFor();
    await page.screenshot({ path: '/tmp/parley-reply-signature-ko.png' });
    await page.getByRole('button', { name: 'English' }).click();
    await page.screenshot({ path: '/tmp/parley-reply-signature.png' });
    expect(pageErrors).toEqual([]);
  });
});
