import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { asOtherSite, startShopSite, type ShopSite } from '../support/shop-site.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/** Where the screenshots go (looked at by whoever changes the chat's look). */
const SHOT = (name: string) => `/tmp/parley-${name}.png`;

/** A shop's page with controls of its own before the widget, on another origin than Parley's. */
const shopPage = (parleyUrl: string) => `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Shop</title></head><body><h1>Shop</h1><nav><a href="/shoes">Shoes</a> <a href="/cart">Cart</a></nav>
<label>Search <input id="search"></label> <button id="buy">Buy</button>
<script src="${parleyUrl}/widget.js" data-desk="default" data-locale="en" async></script></body></html>`;

/**
 * Where the keyboard focus is, as the visitor would say it: `launcher`, `chat: <the control's name>` (in the chat's
 * frame; `chat: document` on the frame itself), else the page's element (its id, or its tag).
 */
async function focusOf(page: Page): Promise<string> {
  const outside = await page.evaluate(() => {
    const active = document.activeElement;
    if (active && active.tagName === 'PARLEY-WIDGET') {
      const inside = active.shadowRoot!.activeElement;
      return inside && inside.tagName === 'BUTTON' ? 'launcher' : null;
    }
    return active ? active.id || active.tagName.toLowerCase() : 'none';
  });
  if (outside) return outside;
  const frame = page.frames().find((f) => f.url().includes('/widget/frame.html'))!;
  return `chat: ${await frame.evaluate(() => {
    const active = document.activeElement;
    if (!active || active === document.body) return 'document';
    const labels = (active as HTMLTextAreaElement).labels;
    return active.getAttribute('aria-label') || (labels && labels[0]?.textContent) || (active as HTMLElement).innerText || active.tagName;
  })}`;
}

/**
 * The open chat on a phone is full screen: there it is a modal dialog (a screen reader and the keyboard stay in it,
 * Escape closes it and focus goes back to the launcher). On a larger screen it stays a panel beside the page.
 */
describe('the full-screen chat on a phone is a modal dialog (Chromium)', () => {
  let parley: ServerUnderTest;
  let site: ShopSite | undefined;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    parley = await startServerUnderTest();
    site = await startShopSite(() => shopPage(asOtherSite(parley.url)));
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await parley?.stop();
    if (parley) await removeDir(parley.dataDir);
  });

  async function openPage(options: Parameters<Browser['newContext']>[0]): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ locale: 'en-US', ...options });
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(`${site!.origin}/`);
    await page.bringToFront(); // the keyboard goes to the page that has the browser's focus
    return { page, problems };
  }

  it('keeps Tab and Shift+Tab in the chat, names it as a modal dialog, and Escape closes it back to the launcher', async () => {
    const { page, problems } = await openPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const launcher = page.getByRole('button', { name: 'Open chat' });
    await launcher.tap();
    const chat = page.frameLocator('iframe[title="Chat"]');
    const box = chat.getByRole('textbox', { name: 'Message' });
    await box.fill('Do you ship to Jeju?');
    expect(await focusOf(page)).toBe('chat: Message');

    const dialog = page.getByRole('dialog', { name: 'Chat' });
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    // what a screen reader is told: a modal dialog named Chat, holding the chat's frame
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const exposed = nodes.find((n) => n.role?.value === 'dialog');
    expect(exposed?.name?.value).toBe('Chat');
    expect(exposed?.properties).toContainEqual({ name: 'modal', value: { type: 'boolean', value: true } });
    expect(await page.frameLocator('[role=dialog] iframe').getByRole('textbox', { name: 'Message' }).count()).toBe(1);

    // Twice round the chat's controls each way: focus never reaches the page behind.
    const forth: string[] = [];
    for (let i = 0; i < 16; i += 1) {
      await page.keyboard.press('Tab');
      forth.push(await focusOf(page));
    }
    const back: string[] = [];
    for (let i = 0; i < 16; i += 1) {
      await page.keyboard.press('Shift+Tab');
      back.push(await focusOf(page));
    }
    for (const stop of [...forth, ...back]) expect(stop).toMatch(/^chat: /);
    // round and round: from the last control to the first and back (the frame's own document between them)
    for (const stops of [forth, back]) expect(stops).toEqual(expect.arrayContaining(['chat: Conversations', 'chat: Close chat', 'chat: Message', 'chat: Send']));
    await page.screenshot({ path: SHOT('phone-dialog') });

    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    expect(await focusOf(page)).toBe('launcher');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.locator('parley-widget iframe').isHidden()).toBe(true);
    // the host page's own elements were never touched
    expect(await page.evaluate(() => [...document.querySelectorAll('[inert], [aria-hidden], [aria-modal]')].length)).toBe(0);
    // open again: a dialog again, and the text typed is still there
    await page.getByRole('button', { name: 'Open chat' }).tap();
    await dialog.waitFor();
    expect(await box.inputValue()).toBe('Do you ship to Jeju?');
    expect(problems).toEqual([]);
  });

  it('stays a panel beside the page on a larger screen (the keyboard goes on into the page), and becomes a dialog when the window gets small', async () => {
    const { page, problems } = await openPage({ viewport: { width: 1000, height: 720 } });
    await page.getByRole('button', { name: 'Open chat' }).click();
    const chat = page.frameLocator('iframe[title="Chat"]');
    await chat.getByRole('textbox', { name: 'Message' }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    // Shift+Tab from the chat's first control: the launcher, then the page's own controls
    await chat.getByRole('button', { name: 'Conversations' }).focus();
    const left: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      await page.keyboard.press('Shift+Tab');
      left.push(await focusOf(page));
    }
    expect(left, 'the page beside the chat stays usable').toEqual(['launcher', 'buy', 'search']);

    // the window made narrow with the chat open and the focus on the page: a modal dialog, focus taken into it
    await page.locator('#search').focus();
    await page.setViewportSize({ width: 400, height: 700 });
    await page.getByRole('dialog', { name: 'Chat' }).waitFor();
    await expect.poll(() => focusOf(page)).toMatch(/^chat: /);
    for (let i = 0; i < 8; i += 1) {
      await page.keyboard.press('Shift+Tab');
      expect(await focusOf(page)).toMatch(/^chat: /);
    }
    // and back: a panel again
    await page.setViewportSize({ width: 1000, height: 720 });
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('shows the whole of a long file name on its chip in the message box (tooltip and accessible name)', async () => {
    const { page, problems } = await openPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.getByRole('button', { name: 'Open chat' }).tap();
    const chat = page.frameLocator('iframe[title="Chat"]');
    const name = 'invoice-2025-11-order-48213-shipping-address-correction-signed.pdf';
    const picker = page.waitForEvent('filechooser');
    await chat.getByRole('button', { name: 'Attach a file' }).click();
    await (await picker).setFiles({ name, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 invoice') });
    const chip = chat.getByRole('list', { name: 'Attachments' }).getByRole('listitem', { name });
    await chip.waitFor();
    expect(await chip.getAttribute('title')).toBe(name);
    // the name on the chip is cut with an ellipsis: the tooltip is the only place the whole of it is seen
    const cut = await chip.locator('.file-chip-name').evaluate((el) => el.scrollWidth > el.clientWidth && getComputedStyle(el).textOverflow);
    expect(cut).toBe('ellipsis');
    await chat.getByRole('button', { name: `Remove ${name}` }).waitFor();
    await page.screenshot({ path: SHOT('phone-file-chip') });
    expect(problems).toEqual([]);
  });
});
