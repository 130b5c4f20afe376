import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { asOtherSite, startShopSite, type ShopSite } from '../support/shop-site.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/**
 * The real deployment shape: a customer's site on one origin embeds Parley from another. Chromium blocks storage
 * in the cross-site chat frame, so the visitor's identity must survive a reload through the loader's first-party storage.
 */
describe('embedded on another origin (Chromium)', () => {
  let parley: ServerUnderTest;
  let site: ShopSite | undefined;
  let siteUrl: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    parley = await startServerUnderTest();
    const parleyOnLocalhost = asOtherSite(parley.url);
    site = await startShopSite(() => `<!doctype html><html lang="ko"><head><title>Shop</title>
        <style>* { all: unset } button { display: none !important }</style></head>
        <body><h1>Shop</h1><script src="${parleyOnLocalhost}/widget.js" data-desk="default" data-locale="ko" async></script></body></html>`);
    siteUrl = `${site.origin}/`;
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'ko-KR' })).newPage();
    page.on('pageerror', (err) => errors.push(err.message));
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await parley?.stop();
    if (parley) await removeDir(parley.dataDir);
  });

  it('works in Korean on a hostile page and keeps the conversation across a reload', async () => {
    await page.goto(siteUrl);
    await page.getByRole('button', { name: '채팅 열기' }).click();
    const chat = page.frameLocator('iframe[title="채팅 상담"]');
    await chat.getByRole('textbox', { name: '메시지' }).fill('배송 문의드립니다');
    await chat.getByRole('button', { name: '보내기' }).click();
    await chat.getByRole('log', { name: '대화' }).getByText('배송 문의드립니다').waitFor();

    await page.reload();
    await page.getByRole('button', { name: '채팅 열기' }).click();
    await page.frameLocator('iframe[title="채팅 상담"]').getByRole('log', { name: '대화' }).getByText('배송 문의드립니다').waitFor();
    // the identity lives first-party on the host page, where the frame could not store it
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('parley:')));
    expect(stored).toContain('parley:default:token');
    expect(errors).toEqual([]);
  });
});
