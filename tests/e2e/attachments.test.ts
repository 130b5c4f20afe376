import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a7d1a2d60000000049454e44ae426082', 'hex');

/** A visitor attaches a screenshot from the widget; the agent sees it in the ticket and answers with a file. */
describe('attachments between widget and inbox (Chromium)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let site: Page;
  let inbox: Page;

  beforeAll(async () => {
    server = await startServerUnderTest();
    browser = await launchBrowser();
    site = await (await browser.newContext({ locale: 'en-US' })).newPage();
    inbox = await (await browser.newContext({ locale: 'en-US' })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('carries a file from the widget to the inbox and back', async () => {
    await site.goto(`${server.url}/`);
    await site.getByRole('button', { name: 'Open chat' }).click();
    const chat = site.frameLocator('iframe[title="Chat"]');
    const picker = site.waitForEvent('filechooser');
    await chat.getByRole('button', { name: 'Attach a file' }).click();
    await (await picker).setFiles({ name: 'screenshot.png', mimeType: 'image/png', buffer: PNG });
    await chat.getByRole('button', { name: 'Remove screenshot.png' }).waitFor();
    await chat.getByRole('textbox', { name: 'Message' }).fill('The error looks like this');
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat.getByRole('log', { name: 'Conversation' }).getByRole('img', { name: 'screenshot.png' }).waitFor();

    await inbox.goto(`${server.url}/inbox/`);
    await inbox.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
    await inbox.getByLabel('Password').fill(ADMIN.password);
    await inbox.getByRole('button', { name: 'Log in' }).click();
    await inbox.getByRole('list', { name: 'Conversations' }).getByRole('button').first().click();
    const timeline = inbox.getByRole('log', { name: 'Timeline' });
    const image = timeline.getByRole('img', { name: 'screenshot.png' });
    await image.waitFor();
    expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    const link = timeline.getByRole('link', { name: 'screenshot.png' });
    expect(await link.getAttribute('rel')).toContain('noopener');

    const agentPicker = inbox.waitForEvent('filechooser');
    await inbox.getByRole('button', { name: 'Attach files' }).click();
    await (await agentPicker).setFiles({ name: 'guide.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 guide') });
    await inbox.getByRole('button', { name: 'Remove guide.pdf' }).waitFor();
    await inbox.getByRole('textbox', { name: 'Reply' }).fill('Here is a guide');
    await inbox.getByRole('button', { name: 'Send' }).click();
    await chat.getByRole('log', { name: 'Conversation' }).getByRole('link', { name: /guide\.pdf/ }).waitFor({ timeout: 10_000 });
  });
});
