import type { Browser, BrowserContext, Frame, Page, WebSocketRoute } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToInbox } from '../support/browser.ts';
import { ADMIN, call, clientMsgId, connect, loginAgent } from '../support/clients.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';

type Ticket = { id: string; lastSeq: number };
type Line = { type: string; text: string; clientMsgId: string; seq: number };
type Row = { text: string; status: string };
type OutboxEntry = { clientMsgId: string; text: string };

/**
 * The widget's reliability as issue #11 asks for it, in Chromium: two tabs of one visitor (one browser context, the
 * chat frame's storage shared) show every message once and in order; a reload while a message is still "Sending…"
 * delivers it once, from the outbox kept in storage; a reconnect after an offline period resumes from the last seq.
 * The visitor's WebSockets go through a route that can drop the server's acknowledgements or cut the connection.
 */
describe('the widget across tabs, reloads and reconnects (Chromium)', () => {
  let server: ServerUnderTest;
  let browser: Browser;
  let context: BrowserContext;
  let tabA: Page;
  let tabB: Page;
  let agent: Socket;
  const pageErrors: string[] = [];
  /** Socket.io frames the visitor's tabs sent (WebSocket frames and long-polling bodies alike). */
  const sentFrames: string[] = [];
  const live = new Set<WebSocketRoute>();
  /** The server's acknowledgement of a `visitor:message` with a text starting so is dropped (the message is stored). */
  let dropAcksOf: string | null = null;
  let cut = false;

  const chatOf = (page: Page) => page.frameLocator('iframe[title="Chat"]');
  const logOf = (page: Page) => chatOf(page).getByRole('log', { name: 'Conversation' });
  const rows = (page: Page): Promise<Row[]> =>
    logOf(page)
      .getByRole('listitem')
      .evaluateAll((items) =>
        items.map((li) => ({
          text: li.querySelector('.message-text')?.textContent ?? '',
          status: li.querySelector('.message-status')?.textContent ?? '',
        })),
      );
  const texts = async (page: Page) => (await rows(page)).map((r) => r.text);
  const chatFrame = (page: Page): Frame => {
    const frame = page.frames().find((f) => f.url().includes('/widget/frame.html'));
    if (!frame) throw new Error('no chat frame');
    return frame;
  };
  const send = async (page: Page, text: string) => {
    await chatOf(page).getByRole('textbox', { name: 'Message' }).fill(text);
    await chatOf(page).getByRole('textbox', { name: 'Message' }).press('Enter');
  };
  const openChat = async (page: Page) => {
    await page.getByRole('button', { name: /^Open chat/ }).click();
    await chatOf(page).getByRole('textbox', { name: 'Message' }).waitFor();
  };
  const newTab = async () => {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/`);
    await openChat(page);
    return page;
  };
  const ticket = async () => ((await call(agent, 'agent:conversations', { queue: 'all' })).conversations as Ticket[])[0]!;
  const stored = async (id: string) => ((await call(agent, 'agent:open', { conversationId: id })).messages as Line[]) ?? [];
  const reply = async (id: string, text: string) =>
    expect((await call(agent, 'agent:message', { conversationId: id, clientMsgId: clientMsgId(), text })).ok).toBe(true);
  /** Both tabs show exactly `expected`, in this order. */
  const bothShow = async (expected: string[]) => {
    for (const tab of [tabA, tabB]) await expect.poll(() => texts(tab), { timeout: 10_000 }).toEqual(expected);
  };
  const outboxTexts = async (page: Page) => {
    const raw = await chatFrame(page).evaluate(() => localStorage.getItem('parley:default:outbox'));
    return (JSON.parse(raw ?? '[]') as OutboxEntry[]).map((e) => e.text);
  };
  const resumedAfter = () =>
    sentFrames.flatMap((frame) => {
      const match = /^42\/visitor,\d+\["visitor:resume",(\{.*\})\]$/.exec(frame);
      return match ? [(JSON.parse(match[1]!) as { afterSeq: number }).afterSeq] : [];
    });

  beforeAll(async () => {
    server = await startServerUnderTest();
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1024, height: 760 } });
    context.on('request', (request) => {
      if (request.url().includes('/socket.io/') && request.method() === 'POST') sentFrames.push(...(request.postData() ?? '').split('\x1e'));
    });
    await context.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (cut) return ws.close(); // the network is down: no connection succeeds
      const upstream = ws.connectToServer();
      live.add(ws);
      const unacked = new Set<string>(); // ack ids of this connection's `visitor:message` whose answer is dropped
      ws.onMessage((frame) => {
        if (typeof frame === 'string') {
          sentFrames.push(frame);
          const send = /^42\/visitor,(\d+)\["visitor:message",(\{.*\})\]$/.exec(frame);
          const text = send ? (JSON.parse(send[2]!) as { text: string }).text : '';
          if (send && dropAcksOf !== null && text.startsWith(dropAcksOf)) unacked.add(send[1]!);
        }
        upstream.send(frame);
      });
      upstream.onMessage((frame) => {
        const ack = typeof frame === 'string' ? /^43\/visitor,(\d+)\[/.exec(frame) : null;
        if (ack && unacked.has(ack[1]!)) return; // stored by the server, never confirmed to the widget
        ws.send(frame);
      });
      ws.onClose(() => {
        live.delete(ws);
        void upstream.close();
      });
      upstream.onClose(() => {
        live.delete(ws);
        void ws.close();
      });
    });
    agent = await connect(server.url, '/agent', { cookie: await loginAgent(server.url) });
  });
  afterAll(async () => {
    agent?.close();
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  const expected: string[] = [];

  it('shows each message once and in order in two tabs of one visitor, and the same after a reload', async () => {
    tabA = await newTab();
    await send(tabA, 'one, from tab A');
    await logOf(tabA).getByText('Sent', { exact: true }).waitFor();
    tabB = await newTab();
    expected.push('one, from tab A');
    await expect.poll(() => texts(tabB)).toEqual(expected);

    await send(tabA, 'two, from tab A');
    expected.push('two, from tab A');
    await bothShow(expected);
    const { id } = await ticket();
    await reply(id, 'An answer from the agent');
    expected.push('An answer from the agent');
    await bothShow(expected);
    await send(tabB, 'three, from tab B');
    expected.push('three, from tab B');
    await bothShow(expected);

    // the agent reads: both tabs mark the visitor's three messages Seen
    await call(agent, 'agent:read', { conversationId: id, seq: (await ticket()).lastSeq });
    const marks = ['Seen', 'Seen', '', 'Seen'];
    for (const tab of [tabA, tabB]) await expect.poll(async () => (await rows(tab)).map((r) => r.status)).toEqual(marks);

    await tabB.reload();
    await openChat(tabB);
    await expect.poll(() => rows(tabB)).toEqual(await rows(tabA));
    expect((await stored(id)).map((m) => m.text)).toEqual(expected);
  });

  it('clears the badge of a tab whose chat is closed once the other tab has shown the reply', async () => {
    await tabB.getByRole('button', { name: 'Close chat' }).first().click();
    await tabB.getByRole('button', { name: 'Open chat' }).waitFor();
    await reply((await ticket()).id, 'Seen in tab A');
    expected.push('Seen in tab A');
    await expect.poll(() => texts(tabA)).toEqual(expected);
    // Tab A looked at it: tab B's launcher has no unread badge (the visitor has read the reply).
    await expect.poll(() => tabB.getByRole('button', { name: 'Open chat', exact: true }).count(), { timeout: 5000 }).toBe(1);
    expect(await tabB.title()).not.toMatch(/^\(\d+\)/);
    await openChat(tabB);
    await bothShow(expected);
  });

  it('delivers once what was still "Sending…" when the page was reloaded, from the outbox in storage', async () => {
    const { id } = await ticket();
    const inbox = await (await browser.newContext({ locale: 'en-US' })).newPage();
    inbox.on('pageerror', (error) => pageErrors.push(error.message));
    await logInToInbox(inbox, server.url, ADMIN);

    dropAcksOf = 'mid-send';
    await send(tabA, 'mid-send one'); // reaches the server; its acknowledgement is lost
    await expect.poll(async () => (await stored(id)).map((m) => m.text)).toContain('mid-send one');
    await send(tabA, 'mid-send two'); // waits behind the first, never sent before the reload
    await expect.poll(() => texts(tabB)).toEqual([...expected, 'mid-send one']); // the other tab got it from the server
    expect((await rows(tabA)).slice(-2)).toEqual([
      { text: 'mid-send one', status: 'Sending…' },
      { text: 'mid-send two', status: 'Sending…' },
    ]);
    const outbox = await chatFrame(tabA).evaluate(() => localStorage.getItem('parley:default:outbox'));
    const waiting = JSON.parse(outbox ?? '[]') as OutboxEntry[];
    expect(waiting.map((e) => e.text)).toEqual(['mid-send one', 'mid-send two']);

    // The visitor writes in the other tab meanwhile: its outbox changes, tab A's unsent message stays in storage. Tab A
    // learns that the first one was stored from the gap before the new message; the second still waits.
    await send(tabB, 'meanwhile, from tab B');
    await expect.poll(async () => (await rows(tabB)).at(-1)).toEqual({ text: 'meanwhile, from tab B', status: 'Sent' });
    await expect.poll(async () => (await rows(tabA)).slice(-3)).toEqual([
      { text: 'mid-send one', status: 'Sent' },
      { text: 'meanwhile, from tab B', status: 'Sent' },
      { text: 'mid-send two', status: 'Sending…' },
    ]);
    const kept = await chatFrame(tabA).evaluate(() => localStorage.getItem('parley:default:outbox'));
    expect((JSON.parse(kept ?? '[]') as OutboxEntry[]).map((e) => e.clientMsgId)).toEqual([waiting[1]!.clientMsgId]);

    dropAcksOf = null;
    await tabA.reload();
    await openChat(tabA);
    expected.push('mid-send one', 'meanwhile, from tab B', 'mid-send two');
    await bothShow(expected);
    await expect.poll(async () => (await rows(tabA)).slice(-3).map((r) => r.status)).toEqual(['Sent', 'Sent', 'Sent']);
    await expect.poll(() => chatFrame(tabA).evaluate(() => localStorage.getItem('parley:default:outbox'))).toBeNull();

    const messages = await stored(id);
    expect(messages.map((m) => m.text)).toEqual(expected);
    expect(new Set(messages.map((m) => m.clientMsgId)).size).toBe(messages.length);
    // the second one was sent after the reload with the clientMsgId it had in the outbox
    expect(messages.find((m) => m.text === 'mid-send two')?.clientMsgId).toBe(waiting[1]!.clientMsgId);

    await inbox.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /mid-send two/ }).click();
    const timeline = inbox.getByRole('log', { name: 'Timeline' });
    await timeline.getByText('mid-send two').waitFor();
    expect(await timeline.getByText('mid-send one', { exact: true }).count()).toBe(1);
    expect(await timeline.getByText('mid-send two', { exact: true }).count()).toBe(1);
    await inbox.context().close();
  });

  it('resumes from the last seq after an offline period (both replies once, in order), and loses no tab\'s unsent message', async () => {
    const { id, lastSeq } = await ticket();
    cut = true;
    await context.setOffline(true);
    await Promise.all([...live].map((ws) => ws.close()));
    for (const tab of [tabA, tabB]) await chatOf(tab).getByRole('status').filter({ hasText: 'You are offline' }).waitFor();
    const resumesBefore = resumedAfter().length;

    // the visitor writes in both tabs meanwhile: the outbox they share keeps both messages
    await send(tabA, 'offline, from tab A');
    await send(tabB, 'offline, from tab B');
    await expect.poll(() => outboxTexts(tabA)).toEqual(['offline, from tab A', 'offline, from tab B']);
    await reply(id, 'First reply while you were away');
    await reply(id, 'Second reply while you were away');
    // Tab A is closed while offline. Back online, tab B sends its own message; tab A's goes from the shared outbox
    // with the next page that starts the chat.
    await tabA.close();
    cut = false;
    await context.setOffline(false);
    expected.push('First reply while you were away', 'Second reply while you were away', 'offline, from tab B');
    await expect.poll(() => texts(tabB), { timeout: 10_000 }).toEqual(expected);
    // The stored copy leaves the outbox once acknowledged, a moment after it shows (the CI run read it in between).
    await expect.poll(() => outboxTexts(tabB)).toEqual(['offline, from tab A']);
    tabA = await newTab();
    expected.push('offline, from tab A');
    await bothShow(expected);
    await expect.poll(() => outboxTexts(tabA)).toEqual([]);
    // tab B asked for what came after the newest seq it had (the new tab A, for everything)
    expect(resumedAfter().slice(resumesBefore)).toEqual([lastSeq, 0]);
    await new Promise((resolve) => setTimeout(resolve, 500)); // no second copy arrives later
    await bothShow(expected);
  });

  it('raised no script errors in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
