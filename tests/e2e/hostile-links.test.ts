import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { ADMIN, call, clientMsgId, connect, newVisitorToken } from '../support/clients.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

/**
 * Issue #8, hole 6, in real Chromium: thirty messages of a URL followed by ~10,000 `)` froze an agent's tab for
 * 18 s while the inbox auto-linked them. The inbox must show them (each URL a link, the brackets as text) and
 * keep answering: no task on the page's main thread may run for long, whether the messages are in the ticket's
 * history or arrive live while it is open.
 */
const HOSTILE_COUNT = 30;
const hostile = (i: number) => `https://example.com/order/${i}${')'.repeat(9_900)}`;
/**
 * Far below the seconds the quadratic trimming blocked for (20.6 s for the thirty messages, 0.7 s for each later
 * one), far above a linear render on a busy machine (0.14 s at most, mostly loading the page).
 */
const LONGEST_TASK_MS = 1_000;

type TaskStats = { longest: number; total: number };

/** Runs in the page before any of its scripts: the longest and the summed duration of the main thread's long tasks. */
function watchLongTasks() {
  const w = window as unknown as { __longTasks: TaskStats };
  w.__longTasks = { longest: 0, total: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      w.__longTasks.longest = Math.max(w.__longTasks.longest, entry.duration);
      w.__longTasks.total += entry.duration;
    }
  }).observe({ type: 'longtask', buffered: true });
}

describe('hostile links leave the inbox responsive (Chromium)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let inbox: Page;
  let visitor: Socket;

  const longTasks = () => inbox.evaluate(() => (window as unknown as { __longTasks: TaskStats }).__longTasks);
  const resetLongTasks = () => inbox.evaluate(() => ((window as unknown as { __longTasks: TaskStats }).__longTasks = { longest: 0, total: 0 }));
  const send = async (text: string) => {
    const ack = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text });
    expect(ack.ok, JSON.stringify(ack.error)).toBe(true);
  };
  /** How long the page takes to answer a trivial evaluate: a frozen main thread answers late. */
  const answerTime = async () => {
    const started = Date.now();
    await inbox.evaluate(() => document.title);
    return Date.now() - started;
  };
  /** The slowest answer of the page to evaluates sent every 20 ms until `work` is done. */
  const slowestAnswerDuring = async (work: Promise<unknown>) => {
    let done = false;
    const finished = work.finally(() => (done = true));
    let slowest = 0;
    while (!done) {
      slowest = Math.max(slowest, await answerTime());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await finished;
    return slowest;
  };

  beforeAll(async () => {
    server = await startServerUnderTest();
    browser = await launchBrowser();
    inbox = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await inbox.addInitScript(watchLongTasks);
    visitor = await connect(server.url, '/visitor', { token: await newVisitorToken(server.url) });
  });

  afterAll(async () => {
    visitor?.close();
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('opens a ticket holding thirty hostile messages without blocking the page', async () => {
    await send('My orders, see the links below');
    for (let i = 0; i < HOSTILE_COUNT; i += 1) await send(hostile(i));

    await inbox.goto(`${server.url}/inbox/`);
    await inbox.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
    await inbox.getByLabel('Password').fill(ADMIN.password);
    await inbox.getByRole('button', { name: 'Log in' }).click();
    await inbox.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /#1\b/ }).click();

    const timeline = inbox.getByRole('log', { name: 'Timeline' });
    const lastLink = timeline.getByRole('link', { name: `https://example.com/order/${HOSTILE_COUNT - 1}`, exact: true });
    expect(await slowestAnswerDuring(lastLink.waitFor({ timeout: 60_000 }))).toBeLessThan(LONGEST_TASK_MS);
    expect((await longTasks()).longest).toBeLessThan(LONGEST_TASK_MS);

    expect(await timeline.getByRole('link').count()).toBe(HOSTILE_COUNT);
    for (const i of [0, HOSTILE_COUNT - 1]) {
      const link = timeline.getByRole('link', { name: `https://example.com/order/${i}`, exact: true });
      expect(await link.getAttribute('href')).toBe(`https://example.com/order/${i}`);
      // the brackets are still there, as text right after the link
      expect(await link.evaluate((a) => a.parentElement?.textContent ?? '')).toBe(hostile(i));
    }
  });

  it('stays responsive while more hostile messages arrive live', async () => {
    await resetLongTasks();
    const timeline = inbox.getByRole('log', { name: 'Timeline' });
    const arrived = (async () => {
      for (let i = HOSTILE_COUNT; i < HOSTILE_COUNT + 10; i += 1) await send(hostile(i));
      await timeline.getByRole('link', { name: `https://example.com/order/${HOSTILE_COUNT + 9}`, exact: true }).waitFor({ timeout: 60_000 });
    })();
    expect(await slowestAnswerDuring(arrived)).toBeLessThan(LONGEST_TASK_MS);
    // each message is rendered on its own: the time they block the page in total must stay short too
    expect((await longTasks()).total).toBeLessThan(LONGEST_TASK_MS);
    expect(await timeline.getByRole('link').count()).toBe(HOSTILE_COUNT + 10);
  });
});
