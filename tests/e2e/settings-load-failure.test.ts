import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToInbox } from '../support/browser.ts';
import { json, loginAgent } from '../support/clients.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/**
 * Settings pages whose data cannot be loaded (the server restarting, the network gone) say so in the agent's
 * language and offer to try again. Canned responses: never "No canned responses yet", which reads as if the desk's
 * responses were gone; trying again once the server answers shows them. Desk: Try again loads the page in place.
 */
describe('settings pages when their data does not load (Chromium)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const section = () => page.getByRole('region', { name: /Canned responses|저장된 답변/ });

  beforeAll(async () => {
    server = await startServerUnderTest();
    const cookie = await loginAgent(server.url, ADMIN);
    const created = await json(`${server.url}/api/v1/canned`, {
      method: 'POST',
      headers: { cookie, 'x-parley-csrf': '1' },
      body: JSON.stringify({ scope: 'desk', shortcut: 'refund', title: 'Refund on its way', text: 'Your refund is on its way.' }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await logInToInbox(page, server.url, ADMIN);
    await page.getByText('Signed in as Admin').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('says the list could not be loaded, and shows it after "Try again"', async () => {
    await page.route('**/api/v1/canned', (route) => route.abort('connectionrefused'));
    await page.goto(`${server.url}/inbox/#/settings/canned`);
    const alert = section().getByRole('alert');
    await alert.waitFor({ timeout: 5000 });
    expect(await alert.innerText()).toContain('The server cannot be reached');
    expect(await section().getByText('No canned responses yet.').count()).toBe(0);
    await page.screenshot({ path: '/tmp/parley-inbox-canned-load-failed.png' });

    await page.unroute('**/api/v1/canned');
    await section().getByRole('button', { name: 'Try again' }).click();
    await section().getByRole('rowheader', { name: '/refund' }).waitFor({ timeout: 5000 });
    expect(await section().getByRole('alert').count()).toBe(0);
  });

  it('says it in Korean too', async () => {
    await page.route('**/api/v1/canned', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: '한국어' }).click(); // the choice is remembered in this browser
    await page.reload(); // a fresh page: nothing known of the list
    const alert = section().getByRole('alert');
    await alert.waitFor({ timeout: 5000 });
    expect(await alert.innerText()).toContain('서버에 연결할 수 없습니다');
    await section().getByRole('button', { name: '다시 시도' }).waitFor();
    expect(await section().getByText('저장된 답변이 아직 없습니다.').count()).toBe(0);
    await page.unroute('**/api/v1/canned');
  });

  it('Settings → Desk, not loaded, says why and loads on "Try again" without leaving the page', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.route('**/api/v1/settings/desk', (route) => route.abort('connectionrefused'));
    await page.goto(`${server.url}/inbox/#/settings/desk`);
    const main = page.getByRole('main');
    const alert = main.getByRole('alert');
    await alert.waitFor({ timeout: 5000 });
    expect(await alert.innerText()).toContain('The server cannot be reached');
    await page.unroute('**/api/v1/settings/desk');
    await main.getByRole('button', { name: 'Try again' }).click();
    await main.getByRole('heading', { name: 'Desk', exact: true }).waitFor({ timeout: 5000 });
    expect(await main.getByRole('alert').count()).toBe(0);
  });

  it('raised no script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
