import { createHmac } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { asOtherSite, startShopSite, type ShopSite } from '../support/shop-site.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

const SECRET = 'e2e-identity-secret-0123456789-abcdefghij';

/** What the site's backend does on every page view: sign its user into a short-lived HS256 JWT. */
function identityToken(claims: { sub: string; email: string; name: string }): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ ...claims, exp: Math.floor(Date.now() / 1000) + 300 })}`;
  return `${signed}.${createHmac('sha256', SECRET).update(signed).digest('base64url')}`;
}

/** A signed-in user's chat follows them from one browser (device) to another. */
describe('identity verification across devices (Chromium)', () => {
  let parley: ServerUnderTest;
  let site: ShopSite | undefined;
  let siteUrl: string;
  let browser: Browser;
  const user = { sub: 'user-1001', email: 'mina@example.com', name: 'Mina' }; // as the site knows its user now

  beforeAll(async () => {
    parley = await startServerUnderTest({ IDENTITY_SECRET: SECRET });
    const parleyUrl = asOtherSite(parley.url);
    // The unsigned e-mail and name attributes stand for what a user could add to their own page: ignored.
    site = await startShopSite(
      () => `<!doctype html><html lang="en"><head><title>Account</title></head><body><h1>My account</h1>
        <script src="${parleyUrl}/widget.js" data-desk="default" data-locale="en" data-user-token="${identityToken(user)}"
          data-user-email="forged@example.com" data-user-name="Forged Name" async></script></body></html>`,
    );
    siteUrl = `${site.origin}/`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await parley?.stop();
    if (parley) await removeDir(parley.dataDir);
  });

  it('shows the conversation started on one device on another, and agents the signed name and e-mail', async () => {
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

    const inbox = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await inbox.goto(`${parley.url}/inbox/`);
    await inbox.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
    await inbox.getByLabel('Password').fill(ADMIN.password);
    await inbox.getByRole('button', { name: 'Log in' }).click();
    await inbox.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /Started on my laptop/ }).click();
    await inbox.getByRole('heading', { name: 'Mina', exact: true }).waitFor();
    await inbox.getByRole('link', { name: 'mina@example.com' }).waitFor();
    expect(await inbox.getByText(/Forged/).count()).toBe(0);

    // The user changes their name and e-mail on the site: the next page's signed token updates what agents see, on a
    // device that already has its visitor token too.
    Object.assign(user, { name: 'Mina Park', email: 'mina.park@example.com' });
    await laptop.reload();
    await laptop.getByRole('button', { name: 'Open chat' }).click();
    await chat.getByRole('log', { name: 'Conversation' }).getByText('Started on my laptop').waitFor();
    await inbox.reload();
    await inbox.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /Started on my laptop/ }).click();
    await inbox.getByRole('heading', { name: 'Mina Park', exact: true }).waitFor();
    await inbox.getByRole('link', { name: 'mina.park@example.com' }).waitFor();
  });
});
