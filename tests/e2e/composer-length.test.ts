import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToInbox } from '../support/browser.ts';
import { call, clientMsgId, connect, json, loginAgent, newVisitorToken } from '../support/clients.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/** The server's MAX_MESSAGE_LENGTH (packages/protocol/src/limits.ts). */
const MAX = 10_000;
const SIGNATURE = 'Mina Park · Parley support';
/** What the signature adds to a reply: a blank line and itself. */
const SIGNED = 2 + SIGNATURE.length;

/**
 * The message length limit in the composer, in Chromium: near the server's limit the reply box says how many characters
 * are left (the signature counted while its toggle is on; a note without it), past it Send refuses (button, Enter,
 * Ctrl+Enter) and says why (en, ko), announced to screen readers; the text stays, also over a reload, and a very long
 * paste neither freezes the page nor drops the connection.
 */
describe('message length limit in the composer (Chromium)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let visitor: Socket;
  const received: string[] = [];
  const pageErrors: string[] = [];
  const timeline = () => page.getByRole('log', { name: 'Timeline' });
  const box = (name = 'Reply') => page.getByRole('textbox', { name });
  const send = () => page.getByRole('button', { name: 'Send', exact: true });
  const toggle = () => page.getByRole('main').getByRole('button', { name: 'Signature', exact: true });
  /** What the element's aria-describedby says (its accessible description). */
  const description = (of: Locator = box()) =>
    of.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => (id ? (document.getElementById(id)?.textContent ?? '') : ''))
        .join(' '),
    );
  /** Records whether "Connection lost" ever showed (a brief drop and reconnect too). */
  const watchConnection = () =>
    page.evaluate(() => {
      const w = window as unknown as { lostConnection?: boolean };
      w.lostConnection = false;
      new MutationObserver(() => {
        if (document.body.textContent?.includes('Connection lost')) w.lostConnection = true;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  const lostConnection = () => page.evaluate(() => (window as unknown as { lostConnection?: boolean }).lostConnection);

  beforeAll(async () => {
    server = await startServerUnderTest();
    const cookie = await loginAgent(server.url, ADMIN);
    const profile = await json(`${server.url}/api/v1/auth/me`, {
      method: 'PATCH',
      headers: { cookie, 'x-parley-csrf': '1' },
      body: JSON.stringify({ signature: SIGNATURE }),
    });
    expect(profile.status).toBeLessThan(300);
    visitor = await connect(server.url, '/visitor', { token: await newVisitorToken(server.url) });
    visitor.on('message.created', (payload: { message?: { text?: string; type?: string } }) => {
      if (payload.message?.type !== 'note') received.push(payload.message?.text ?? '');
    });
    expect((await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Please send me the whole log.' })).ok).toBe(true);
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await logInToInbox(page, server.url, ADMIN);
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /#1\b/ }).click();
    await timeline().getByText('Please send me the whole log.').waitFor();
    received.length = 0; // the visitor's own message
  });
  afterAll(async () => {
    visitor?.close();
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('says nothing far from the limit; near it, how many characters are left, the signature counted while it is on', async () => {
    expect(await toggle().getAttribute('aria-pressed')).toBe('true');
    await box().fill('x'.repeat(8000));
    expect(await description()).not.toContain('Characters left');

    await box().fill('x'.repeat(MAX - SIGNED - 40));
    await expect.poll(() => description(), { timeout: 5000 }).toContain('Characters left: 40 (your signature included)');
    expect(await send().getAttribute('aria-disabled')).toBe('false');
    // read out once the agent pauses, not on every key
    await page.getByRole('status').filter({ hasText: 'Characters left: 40 (your signature included)' }).waitFor({ timeout: 5000 });

    await toggle().click();
    await expect.poll(() => description()).toContain(`Characters left: ${40 + SIGNED}`);
    expect(await description()).not.toContain('signature included');
    await toggle().click();
    await expect.poll(() => description()).toContain('Characters left: 40 (your signature included)');
  });

  it('past the limit, Send (button, Enter, Ctrl+Enter) refuses and says why; the text stays, also over a reload', async () => {
    const text = 'y'.repeat(MAX - SIGNED + 5);
    await box().fill(text);
    const why = 'Too long: a reply can have at most 10,000 characters, your signature included. Shorten it by 5 to send it.';
    await expect.poll(() => description(), { timeout: 5000 }).toContain(why);
    expect(await description()).toContain('Or turn the Signature off: without it, it fits.');
    expect(await send().getAttribute('aria-disabled')).toBe('true');
    expect(await description(send())).toContain(why);

    // aria-disabled keeps it focusable and clickable (Playwright waits for "enabled" unless forced)
    await send().click({ force: true });
    await page.getByRole('alert').filter({ hasText: why }).waitFor({ timeout: 5000 });
    expect(await box().evaluate((el) => el === document.activeElement)).toBe(true);
    await box().press('Enter');
    await box().press('Control+Enter');
    await page.waitForTimeout(1000);
    expect(received).toEqual([]);
    expect(await box().inputValue()).toBe(text);

    await page.reload();
    await timeline().getByText('Please send me the whole log.').waitFor({ timeout: 10_000 });
    expect(await box().inputValue()).toBe(text);
    await expect.poll(() => description(), { timeout: 5000 }).toContain(why);

    await page.getByRole('button', { name: '한국어' }).click();
    await expect
      .poll(() => description(box('답장')))
      .toContain('너무 깁니다: 답장은 서명을 포함해 최대 10,000자까지 보낼 수 있습니다. 5자를 줄이면 보낼 수 있습니다.');
    await page.getByRole('button', { name: 'English' }).click();
    await page.screenshot({ path: '/tmp/parley-composer-length.png' });

    // without the signature it fits: Enter sends it as written
    await toggle().click();
    await expect.poll(() => send().getAttribute('aria-disabled')).toBe('false');
    await box().press('Enter');
    await expect.poll(() => box().inputValue(), { timeout: 15_000 }).toBe('');
    await expect.poll(() => received, { timeout: 5000 }).toEqual([text]);
    await toggle().click();
  });

  it('counts a note without the signature, and holds notes to the same limit', async () => {
    await page.getByRole('radio', { name: 'Note' }).check();
    const text = 'z'.repeat(MAX + 1);
    await box().fill(text);
    const why = 'Too long: a message can have at most 10,000 characters. Shorten it by 1 to send it.';
    await expect.poll(() => description(), { timeout: 5000 }).toContain(why);
    await box().press('Control+Enter');
    await page.getByRole('alert').filter({ hasText: why }).waitFor({ timeout: 5000 });
    expect(await box().inputValue()).toBe(text);

    await box().press('Backspace');
    await expect.poll(() => description()).toContain('Characters left: 0');
    expect(await description()).not.toContain('signature');
    await box().press('Control+Enter');
    await expect.poll(() => box().inputValue(), { timeout: 15_000 }).toBe('');
    await timeline().locator('.msg', { hasText: 'zzzz' }).waitFor({ timeout: 5000 });
    await page.getByRole('radio', { name: 'Reply' }).check();
  });

  it('takes a very long paste without freezing or dropping the connection, and keeps all of it', async () => {
    await watchConnection();
    const huge = 'A long log line that someone pasted. '.repeat(6000); // 222,000 characters, ~220 kB
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.evaluate((text) => navigator.clipboard.writeText(text), huge);
    await box().focus();
    const started = Date.now();
    await box().press('Control+V');
    await expect.poll(() => box().evaluate((el: HTMLTextAreaElement) => el.value.length), { timeout: 5000 }).toBe(huge.length);
    expect(Date.now() - started).toBeLessThan(3000);
    // typing answers at once
    const typed = Date.now();
    await box().press('End');
    await box().pressSequentially('!!');
    expect(Date.now() - typed).toBeLessThan(1500);
    // past the server copy's pause (800 ms): the draft's copy there must not break the connection
    await page.waitForTimeout(2500);
    expect(await lostConnection()).toBe(false);
    expect(await box().inputValue()).toBe(`${huge}!!`);
    expect(await description()).toContain('Too long: a reply can have at most 10,000 characters');
    expect(await send().getAttribute('aria-disabled')).toBe('true');

    await box().fill('Here is the part that matters.');
    await box().press('Enter');
    await expect.poll(() => received, { timeout: 10_000 }).toContain(`Here is the part that matters.\n\n${SIGNATURE}`);
    expect(await lostConnection()).toBe(false);
    expect(pageErrors).toEqual([]);
  });
});
