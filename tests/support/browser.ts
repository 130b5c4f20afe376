import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page, type WebSocketRoute } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags that keep it off the (closed) network. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Logs into the inbox as an agent would: the login form at `/inbox/`, in the page's locale (English labels). */
export async function logInToInbox(page: Page, url: string, creds: { email: string; password: string }): Promise<void> {
  await page.goto(`${url}/inbox/`);
  await page.getByRole('textbox', { name: 'Email' }).fill(creds.email);
  await page.getByLabel('Password').fill(creds.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Takes the server out of the pages' reach and gives it back: for what a page does while its connection is gone. */
export interface ServerReach {
  /** Closes every open Socket.IO connection of the context and refuses new ones (WebSocket and long polling). */
  cut(): Promise<void>;
  restore(): void;
}

export async function controlServerReach(context: BrowserContext): Promise<ServerReach> {
  let cut = false;
  const live = new Set<WebSocketRoute>();
  await context.route(/\/socket\.io\//, (route) => (cut ? route.abort() : route.continue()));
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (cut) return ws.close();
    const upstream = ws.connectToServer();
    live.add(ws);
    ws.onClose(() => (live.delete(ws), void upstream.close()));
    upstream.onClose(() => (live.delete(ws), void ws.close()));
  });
  return {
    async cut() {
      cut = true;
      for (const ws of [...live]) await ws.close();
    },
    restore() {
      cut = false;
    },
  };
}
