import { createServer, connect as tcpConnect, type Server, type Socket as TcpSocket } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { changeDeskSettings, loginAgent } from '../support/clients.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

const PINK = 'rgb(194, 24, 91)'; // #c2185b
const DELAY_MS = 400; // each way: a round trip of ~800 ms

/** A TCP proxy in front of Parley that holds every chunk, both ways, for `DELAY_MS` (in order): a slow link. */
function slowProxy(target: URL): Promise<{ url: string; close(): void }> {
  const sockets = new Set<TcpSocket>();
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(Number(target.port), target.hostname);
    for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
      sockets.add(from);
      from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), DELAY_MS));
      from.on('end', () => setTimeout(() => to.end(), DELAY_MS));
      from.on('error', () => to.destroy());
      from.on('close', () => sockets.delete(from));
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, close: () => (sockets.forEach((s) => s.destroy()), server.close()) });
    }),
  );
}

/**
 * In every frame, before any script: each animation frame in which what the visitor sees of the chat changed (the
 * host page: the chat frame shown or not, the loading status and its colours; the chat frame: its visible text).
 */
const RECORD = `(() => {
  const seen = [];
  Object.defineProperty(document, 'parleySeen', { value: seen });
  let last = '';
  const watch = () => {
    const shadow = document.querySelector('parley-widget')?.shadowRoot;
    const app = document.getElementById('app');
    let now = null;
    if (shadow) {
      const frame = shadow.querySelector('iframe');
      const status = [...shadow.querySelectorAll('[role=status]')].find((el) => el.checkVisibility() && el.textContent);
      const style = status && getComputedStyle(status);
      now = { open: Boolean(frame && frame.checkVisibility()), loading: status ? status.textContent : null,
        colors: style ? [style.color, style.backgroundColor, style.borderTopColor] : [] };
    } else if (app) now = { text: app.innerText };
    const key = JSON.stringify(now);
    if (now && key !== last) seen.push({ at: Date.now(), ...now });
    last = key;
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
})();`;

type HostSeen = { at: number; open: boolean; loading: string | null; colors: string[] };
type FrameSeen = { at: number; text: string };

/**
 * A visitor on a slow link (~800 ms round trip) clicks the launcher as soon as it shows: the panel says at once
 * that it is loading, in their language and the desk's colour, and shows the desk's own name and greeting once it
 * has them, never the defaults first.
 */
describe('opening the chat on a slow network (Chromium)', () => {
  let parley: ServerUnderTest;
  let proxy: { url: string; close(): void };
  let browser: Browser;

  beforeAll(async () => {
    parley = await startServerUnderTest();
    const cookie = await loginAgent(parley.url);
    const saved = await changeDeskSettings(parley.url, cookie, {
      name: 'Acme Help',
      widget: { color: '#c2185b', greeting: { en: 'Welcome to Acme!', ko: '아크미에 오신 것을 환영합니다!' } },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    proxy = await slowProxy(new URL(parley.url));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    proxy?.close();
    await parley?.stop();
    if (parley) await removeDir(parley.dataDir);
  });

  for (const [locale, launcherName, loading, name, greeting, defaults] of [
    ['en-US', 'Open chat', 'Loading…', 'Acme Help', 'Welcome to Acme!', ['Support', 'Hi! How can we help you today?']],
    ['ko-KR', '채팅 열기', '불러오는 중…', 'Acme Help', '아크미에 오신 것을 환영합니다!', ['고객지원', '안녕하세요! 무엇을 도와드릴까요?']],
  ] as const) {
    it(`${locale}: shows "${loading}" in the desk's colour at once, then the desk's name and greeting, never the defaults`, async () => {
      const context = await browser.newContext({ locale, viewport: { width: 1000, height: 720 } });
      await context.addInitScript(RECORD);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(err.message));
      await page.goto(`${proxy.url}/`);
      const launcher = page.getByRole('button', { name: launcherName });
      await launcher.waitFor({ state: 'visible', timeout: 15_000 });
      const clicked = Date.now();
      await launcher.click();
      await page.getByRole('status').filter({ hasText: loading }).waitFor({ timeout: 5_000 }); // a status, for screen readers too
      await page.screenshot({ path: `/tmp/widget-fix2-slow-${locale}-loading.png` });
      const chat = page.frameLocator('iframe[title]');
      await chat.getByText(greeting).waitFor({ timeout: 20_000 });
      await chat.getByRole('heading', { name }).waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: `/tmp/widget-fix2-slow-${locale}-done.png` });

      const host = (await page.evaluate(() => (document as unknown as { parleySeen: unknown[] }).parleySeen)) as HostSeen[];
      const frame = page.frames().find((f) => f.url().includes('/widget/frame.html'))!;
      const inFrame = (await frame.evaluate(() => (document as unknown as { parleySeen: unknown[] }).parleySeen)) as FrameSeen[];

      // From the first frame in which the panel is shown, it says it is loading (a status), in the desk's colour.
      const firstOpen = host.find((s) => s.open);
      expect(firstOpen, JSON.stringify(host)).toBeDefined();
      expect(firstOpen!.loading).toBe(loading);
      expect(firstOpen!.colors).toContain(PINK);
      expect(firstOpen!.at - clicked, 'the loading state shows about one round trip after the click').toBeLessThan(1_500);
      // The chat frame never shows the default name or greeting, only the desk's.
      for (const shown of inFrame) for (const text of defaults) expect(shown.text.split('\n'), JSON.stringify(inFrame)).not.toContain(text);
      // The loading state goes once the chat shows the desk's name.
      expect(host.at(-1), JSON.stringify(host)).toMatchObject({ open: true, loading: null });
      expect(problems).toEqual([]);
      await context.close();
    }, 60_000);
  }
});
