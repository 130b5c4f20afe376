import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { call, clientMsgId, connect, newVisitorToken } from '../support/clients.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/**
 * An agent whose connection drops sees it said in a bar of its own above the panes (never over the open ticket's
 * title), then that it is back, and the ticket catches up with what the customer wrote meanwhile.
 */
describe("the inbox's connection bar (Chromium)", () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let visitor: Socket;
  let cut = false; // the server is out of reach: every WebSocket is refused, the open ones are closed
  const live = new Set<WebSocketRoute>();
  const bar = () => page.locator('p.connection[role="status"]');
  const title = () => page.locator('.ticket-header h2');

  beforeAll(async () => {
    server = await startServerUnderTest();
    visitor = await connect(server.url, '/visitor', { token: await newVisitorToken(server.url) });
    await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'My parcel is late' });

    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    await context.route(/\/socket\.io\//, (route) => (cut ? route.abort() : route.continue())); // long polling
    await context.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (cut) return ws.close();
      const upstream = ws.connectToServer();
      live.add(ws);
      ws.onClose(() => (live.delete(ws), void upstream.close()));
      upstream.onClose(() => (live.delete(ws), void ws.close()));
    });
    page = await context.newPage();
    await page.goto(`${server.url}/inbox/`);
    await page.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /#1\b/ }).click();
    await page.locator('.timeline').getByText('My parcel is late').waitFor();
  });

  afterAll(async () => {
    visitor?.close();
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('says the connection is lost in a row of its own, then that it is back, and the ticket catches up', async () => {
    expect(await bar().innerText()).toBe('');
    cut = true;
    for (const ws of live) await ws.close();
    await bar().getByText('Connection lost. Reconnecting…').waitFor({ timeout: 10_000 });
    const barBox = (await bar().boundingBox())!;
    const titleBox = (await title().boundingBox())!;
    expect(barBox.y + barBox.height, 'the bar ends above the ticket title').toBeLessThanOrEqual(titleBox.y);
    const onTop = await title().evaluate((el) => {
      const box = el.getBoundingClientRect();
      return el.contains(document.elementFromPoint(box.x + 4, box.y + box.height / 2));
    });
    expect(onTop, 'nothing covers the ticket title').toBe(true);
    await page.screenshot({ path: '/tmp/parley-inbox-connection-lost.png' });

    await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'Hello? Anyone?' });
    cut = false;
    await bar().getByText('Connected again.').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: '/tmp/parley-inbox-connection-back.png' });
    await page.locator('.timeline').getByText('Hello? Anyone?').waitFor({ timeout: 10_000 });
    await expect.poll(() => bar().innerText(), { timeout: 10_000 }).toBe('');
  });

  it('says it in Korean too', async () => {
    await page.getByRole('button', { name: '한국어' }).click();
    cut = true;
    for (const ws of live) await ws.close();
    await bar().getByText('연결이 끊겼습니다. 다시 연결하는 중…').waitFor({ timeout: 10_000 });
    cut = false;
    await bar().getByText('다시 연결되었습니다.').waitFor({ timeout: 15_000 });
  });
});
