import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlServerReach, launchBrowser, logInToInbox, type ServerReach } from '../support/browser.ts';
import { call, clientMsgId, connect, newVisitorToken } from '../support/clients.ts';
import { ADMIN, removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/**
 * An agent whose connection drops sees it said in a bar of its own above the panes (never over the open ticket's
 * title), then that it is back, and the ticket catches up with what the customer wrote meanwhile.
 */
describe("the inbox's connection bar (Chromium)", () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let page: Page;
  let visitor: Socket;
  let reach: ServerReach;
  const bar = () => page.locator('p.connection[role="status"]');
  const title = () => page.locator('.ticket-header h2');

  beforeAll(async () => {
    server = await startServerUnderTest();
    visitor = await connect(server.url, '/visitor', { token: await newVisitorToken(server.url) });
    await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: 'My parcel is late' });

    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    reach = await controlServerReach(context);
    page = await context.newPage();
    await logInToInbox(page, server.url, ADMIN);
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
    await reach.cut();
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
    reach.restore();
    await bar().getByText('Connected again.').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: '/tmp/parley-inbox-connection-back.png' });
    await page.locator('.timeline').getByText('Hello? Anyone?').waitFor({ timeout: 10_000 });
    await expect.poll(() => bar().innerText(), { timeout: 10_000 }).toBe('');
  });

  it('says it in Korean too', async () => {
    await page.getByRole('button', { name: '한국어' }).click();
    await reach.cut();
    await bar().getByText('연결이 끊겼습니다. 다시 연결하는 중…').waitFor({ timeout: 10_000 });
    reach.restore();
    await bar().getByText('다시 연결되었습니다.').waitFor({ timeout: 15_000 });
  });
});
