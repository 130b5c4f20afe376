import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

const SECRET = 'e2e-identity-secret-0123456789-abcdefghij';

/** A signed-in user's chat follows them from one browser (device) to another. */
describe('identity verification across devices (Chromium)', () => {
  let parley: ServerUnderTest;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    parley = await startServerUnderTest({ IDENTITY_SECRET: SECRET });
    const parleyUrl = parley.url.replace('127.0.0.1', 'localhost');
    site = createServer((_req, res) => {
      const hash = createHmac('sha256', SECRET).update('user-1001').digest('hex');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><title>Account</title></head><body><h1>My account</h1>
        <script src="${parleyUrl}/widget.js" data-desk="default" data-locale="en" data-user-id="user-1001"
          data-user-hash="${hash}" data-user-email="mina@example.com" data-user-name="Mina" async></script></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
    await parley?.stop();
    if (parley) await removeDir(parley.dataDir);
  });

  it('shows the conversation started on one device on another', async () => {
    const laptop = await (await browser.newContext()).newPage();
    await laptop.goto(siteUrl);
    await laptop.getByRole('button', { name: 'Open chat' }).click();
    const chat = laptop.frameLocator('iframe[title="Chat"]');
    await chat.getByRole('textbox', { name: 'Message' }).fill('Started on my laptop');
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat.getByRole('log', { name: 'Conversation' }).getByText('Started on my laptop').waitFor();

    const phone = await (await browser.newContext()).newPage(); // no shared storage: another device
    await phone.goto(siteUrl);
    await phone.getByRole('button', { name: 'Open chat' }).click();
    await phone.frameLocator('iframe[title="Chat"]').getByRole('log', { name: 'Conversation' }).getByText('Started on my laptop').waitFor();
  });
});
