import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/**
 * The foundation promise, in a real browser: one script tag → widget → server → ticket → inbox, and back, live.
 * Elements are found by role and accessible name only.
 */
describe('one script tag to the agent inbox and back (Chromium)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let visitorContext: BrowserContext;
  let agentContext: BrowserContext;
  let site: Page;
  let inbox: Page;
  const pageErrors: string[] = [];

  const chat = (): FrameLocator => site.frameLocator('iframe[title="Chat"]');

  beforeAll(async () => {
    server = await startServerUnderTest();
    browser = await launchBrowser();
    visitorContext = await browser.newContext({ locale: 'en-US' });
    agentContext = await browser.newContext({ locale: 'en-US' });
    site = await visitorContext.newPage();
    inbox = await agentContext.newPage();
    for (const page of [site, inbox]) page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('shows only a launcher until the visitor opens the chat', async () => {
    await site.goto(`${server.url}/`);
    const launcher = site.getByRole('button', { name: 'Open chat' });
    await launcher.waitFor();
    expect(await site.locator('iframe').count()).toBe(0);
    await launcher.click();
    await chat().getByRole('textbox', { name: 'Message' }).waitFor();
    await site.getByRole('button', { name: 'Close chat' }).waitFor();
  });

  it('delivers the visitor message to the inbox as a ticket, live, and the reply back to the widget', async () => {
    await inbox.goto(`${server.url}/inbox/`);
    await inbox.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
    await inbox.getByLabel('Password').fill(ADMIN.password);
    await inbox.getByRole('button', { name: 'Log in' }).click();
    const list = inbox.getByRole('list', { name: 'Conversations' });
    await list.waitFor({ state: 'attached' }); // an empty list is not visible yet

    await chat().getByRole('textbox', { name: 'Message' }).fill('Hello, my parcel never arrived');
    await chat().getByRole('button', { name: 'Send' }).click();
    await chat().getByRole('log', { name: 'Conversation' }).getByText('Hello, my parcel never arrived').waitFor();

    // appears in the inbox without a reload
    const row = list.getByRole('button', { name: /#1\b.*parcel never arrived/ });
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    const timeline = inbox.getByRole('log', { name: 'Timeline' });
    await timeline.getByText('Hello, my parcel never arrived').waitFor();

    await inbox.getByRole('textbox', { name: 'Reply' }).fill('Sorry about that! It is on its way.');
    await inbox.getByRole('button', { name: 'Send' }).click();
    await timeline.getByText('Sorry about that! It is on its way.').waitFor();

    await chat().getByRole('log', { name: 'Conversation' }).getByText('Sorry about that! It is on its way.').waitFor({ timeout: 10_000 });
  });

  it('shows the whole history again after the visitor reloads the page', async () => {
    await site.reload();
    await site.getByRole('button', { name: 'Open chat' }).click();
    const log = chat().getByRole('log', { name: 'Conversation' });
    await log.getByText('Hello, my parcel never arrived').waitFor();
    await log.getByText('Sorry about that! It is on its way.').waitFor();
    // and the conversation continues on the same ticket
    await chat().getByRole('textbox', { name: 'Message' }).fill('Thanks!');
    await chat().getByRole('button', { name: 'Send' }).click();
    await inbox.getByRole('log', { name: 'Timeline' }).getByText('Thanks!').waitFor({ timeout: 10_000 });
    expect(await inbox.getByRole('list', { name: 'Conversations' }).getByRole('button').count()).toBe(1);
  });

  it('raised no script errors in either page', () => {
    expect(pageErrors).toEqual([]);
  });
});
