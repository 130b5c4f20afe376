import type { Browser, BrowserContext, Frame, FrameLocator, Locator, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { ADMIN, call, clientMsgId, connect, json, loginAgent, newVisitorToken } from '../support/clients.ts';
import { removeDir, startServerUnderTest, type ServerUnderTest } from '../support/parley.ts';
import {
  expectedText,
  HOSTILE_AGENT_NAME,
  HOSTILE_FILES,
  INBOX_FILE,
  PAYLOADS,
  TYPED_IDS,
  WIDGET_FILE,
  type HostileFile,
  type Payload,
} from './corpus/xss-payloads.ts';

/**
 * Issue #4, output half: a corpus of XSS payloads (tests/security/corpus/xss-payloads.ts) renders inert, as
 * literal text, in the widget and the inbox in real Chromium. Every payload calls a sink if it ever runs:
 * `__xss(id)` (a binding installed in every page and frame), a dialog, or `document.title`. On top of that the
 * suite listens for CSP violations (an injected `onerror` that CSP blocked still shows up as one), for requests
 * no Parley page makes (an injected `<img src=x>`), and for page errors, and scans the rendered DOM for any
 * element or attribute a payload could have created.
 *
 * Surfaces: visitor messages (typed in the real widget and sent over the socket), agent replies and internal
 * notes (agent socket and the real inbox composer), ticket subjects (one ticket per payload), list previews,
 * auto-linked URLs in the timeline (every link hovered, every distinct link clicked), a hostile agent display name
 * (author and assignee), the widget rendering replies both live and after a reload, and attachments: HTML and
 * SVG files with hostile names from both sides (over the API and through the real file choosers), shown as text or
 * as a thumbnail's alt, linked as same-origin downloads that neither render nor run when clicked or opened
 * directly, and a ticket whose subject and preview come from file names only. Control steps prove the
 * detectors live (a script that runs is caught) and the CSP enforced (a script injected into the inbox or the
 * chat frame is blocked and reported). Elements are found by role and name; the text of a message is read from
 * its text element inside the log, so that it can be compared exactly.
 */

type Finding = { kind: 'sink' | 'dialog' | 'pageerror' | 'csp' | 'request' | 'offorigin'; where: string; detail: string; control: string | null };

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const SAFE_SCHEMES = ['http:', 'https:', 'mailto:'];

/**
 * Runs in the page: everything under `root` that no Parley view creates from message text. Message views are
 * made of a few HTML elements; anything else (svg, iframe, script, style, math, template, form…), any element
 * outside the HTML namespace, any event-handler or URL-carrying attribute, or a link to a non-http(s) scheme is
 * reported. Attachments are the exceptions, each narrowly: an `<img>` whose `src` is a same-origin attachment
 * URL (a thumbnail), a download link to one, and a decorative `aria-hidden` SVG icon made of paths.
 */
function unexpectedMarkup(root: Element, args: { allowed: string[]; safeSchemes: string[]; htmlNs: string }): string[] {
  const bad: string[] = [];
  const describe = (el: Element) => el.outerHTML.slice(0, 120);
  const attachmentUrl = (value: string) => {
    try {
      const url = new URL(value, document.baseURI);
      return url.origin === location.origin && url.pathname.startsWith('/api/v1/attachments/');
    } catch {
      return false;
    }
  };
  const SVG_NS = 'http://www.w3.org/2000/svg';
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const icon =
      el.namespaceURI === SVG_NS &&
      (el.localName === 'svg' ? el.getAttribute('aria-hidden') === 'true' : el.localName === 'path' && el.closest('svg[aria-hidden="true"]') !== null);
    const thumbnail = el.localName === 'img' && el.namespaceURI === args.htmlNs && attachmentUrl(el.getAttribute('src') ?? '');
    if (!icon && !thumbnail && (el.namespaceURI !== args.htmlNs || !args.allowed.includes(el.localName))) bad.push(`element: ${describe(el)}`);
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name === 'src' && thumbnail) continue;
      // The windowed list places each row itself: a list item's style holding only its position and height is ours.
      if (name === 'style' && el.localName === 'li' && /^(\s*(top|height):\s*-?\d+(\.\d+)?px;)+\s*$/.test(attr.value)) continue;
      if (/^on/.test(name) || ['srcdoc', 'src', 'style', 'action', 'formaction', 'data', 'background', 'poster'].includes(name) || name.includes(':')) {
        bad.push(`attribute ${name}: ${describe(el)}`);
      }
      if (name === 'href') {
        let scheme = '';
        try {
          scheme = new URL(attr.value).protocol;
        } catch {
          scheme = 'unparsable';
        }
        if (el.localName !== 'a' || !(args.safeSchemes.includes(scheme) || attachmentUrl(attr.value))) bad.push(`href ${scheme}: ${describe(el)}`);
      }
    }
  }
  return bad;
}

/** Runs in the page: every attachment link under `root`, with the file name as shown (text, or a thumbnail's alt). */
function renderedFiles(root: Element): Array<{ name: string | null; href: string; rel: string; target: string | null; download: boolean }> {
  return Array.from(root.querySelectorAll('a[href*="/api/v1/attachments/"]'), (a) => ({
    name: a.querySelector('img')?.getAttribute('alt') ?? a.querySelector('.attachment-name, .file-name')?.textContent ?? null,
    href: a.getAttribute('href') ?? '',
    rel: a.getAttribute('rel') ?? '',
    target: a.getAttribute('target'),
    download: a.hasAttribute('download'),
  }));
}

type StoredMessage = { type: string; text: string; attachments?: Array<{ id: string; name: string; contentType: string }> };

/** Elements no Parley page has anywhere, whatever the container (the brief's own selector, and more). */
const FORBIDDEN_ANYWHERE =
  '[onerror], [onload], [onmouseover], [onfocus], [onclick], [ontoggle], [onbegin], iframe[srcdoc], script:not([src]), ' +
  'base, meta[http-equiv]:not([http-equiv="Content-Security-Policy" i]), object, embed, noscript, template, math, a[href^="javascript" i], a[href^="data" i]';

describe('XSS payloads render inert in the widget and the inbox (Chromium)', () => {
  let server: ServerUnderTest;
  let origin: string;
  let browser: Browser;
  let visitorContext: BrowserContext;
  let agentContext: BrowserContext;
  let site: Page;
  let inbox: Page;
  const findings: Finding[] = [];
  /** While set, findings are the deliberate controls of a detector self-test, labelled with its name. */
  let control: string | null = null;
  const found = (f: Omit<Finding, 'control'>) => findings.push({ ...f, control });
  const sockets: Socket[] = [];

  /** Expected message texts of the main ticket, in seq order, and whether each is public. */
  const mainTimeline: Array<{ text: string; public: boolean }> = [];
  let mainConversationId = '';
  let mainNumber = 0;
  /** One ticket per payload: its number and id. */
  const ticketOf = new Map<number, number>();
  const ticketIdOf = new Map<number, string>();
  /** A ticket whose only message is files with hostile names (its subject and preview come from them). */
  let filesTicket = { id: '', number: 0 };
  let visitorToken = '';
  let adminCookie = '';
  let visitor: Socket;
  let admin: Socket;

  const chat = (): FrameLocator => site.frameLocator('iframe[title="Chat"]');
  const chatFrame = (): Frame => {
    const frame = site.frames().find((f) => f.url().includes('/widget/frame.html'));
    if (!frame) throw new Error('no chat frame');
    return frame;
  };
  const widgetLog = (): Locator => chat().getByRole('log', { name: 'Conversation' });
  const timeline = (): Locator => inbox.getByRole('log', { name: 'Timeline' });
  const conversations = (): Locator => inbox.getByRole('list', { name: 'Conversations' });
  const byId = (id: number): Payload => PAYLOADS.find((p) => p.id === id)!;
  const upload = async (auth: { token?: string; cookie?: string }, file: HostileFile) => {
    const res = await fetch(`${server.url}/api/v1/attachments`, {
      method: 'POST',
      headers: {
        'content-type': file.mimeType,
        'x-filename': encodeURIComponent(file.name),
        ...(auth.token ? { authorization: `Bearer ${auth.token}` } : { cookie: auth.cookie!, 'x-parley-csrf': '1' }),
      },
      body: new Uint8Array(file.body),
    });
    const body = (await res.json()) as { attachment: { id: string; name: string } };
    expect(res.status, JSON.stringify(body)).toBe(201);
    return body.attachment;
  };
  /** The main ticket's messages as the server holds them (what every view must show, as text). */
  const storedMainMessages = async (): Promise<StoredMessage[]> => {
    const res = await json(`${server.url}/api/v1/conversations/${mainConversationId}`, { headers: { cookie: adminCookie } });
    return res.body.messages as StoredMessage[];
  };
  const fileNames = (messages: StoredMessage[]) => messages.flatMap((m) => (m.attachments ?? []).map((a) => a.name));
  /** The routed-off navigation of a tab opened by clicking a link: expected, the click test checks them. */
  const clickedLink = (f: Finding) => f.kind === 'offorigin' && f.detail.startsWith('popup ');
  /** Findings that are not the deliberate controls of the detector self-test. */
  const real = () => findings.filter((f) => !f.control);
  let checkpoint = 0;
  /** Real findings since the previous call: each surface's test reports what happened while it ran. */
  const newFindings = () => {
    const fresh = findings.slice(checkpoint).filter((f) => !f.control && !clickedLink(f));
    checkpoint = findings.length;
    return fresh;
  };
  /** Findings as short lines with counts, so a failure reads as a list of what ran or was blocked, where. */
  const summary = (list: Finding[]) => {
    const counts = new Map<string, number>();
    for (const f of list) {
      const line = `${f.kind} ${f.detail.slice(0, 160)} @ ${f.where.replace(origin, '').replace(/#.*/, '')}`;
      counts.set(line, (counts.get(line) ?? 0) + 1);
    }
    return [...counts].map(([line, n]) => (n > 1 ? `${line} (×${n})` : line));
  };

  function watch(page: Page, name: string): void {
    page.on('dialog', (dialog) => {
      found({ kind: 'dialog', where: `${name} ${page.url()}`, detail: `${dialog.type()}(${dialog.message()})` });
      void dialog.dismiss().catch(() => undefined);
    });
    page.on('pageerror', (err) => found({ kind: 'pageerror', where: `${name} ${page.url()}`, detail: err.message }));
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.origin !== origin) return; // off-origin requests are routed (and recorded) below
      if (!allowedPath(url.pathname)) found({ kind: 'request', where: name, detail: `${req.resourceType()} ${url.pathname}` });
    });
  }

  async function arm(ctx: BrowserContext, name: string): Promise<void> {
    await ctx.exposeBinding('__xss', ({ frame }, id: unknown) => {
      found({ kind: 'sink', where: `${name} ${frame.url()}`, detail: `__xss(${String(id)})` });
    });
    await ctx.exposeBinding('__parleyCspViolation', ({ frame }, detail: string) => {
      found({ kind: 'csp', where: `${name} ${frame.url()}`, detail });
    });
    // Runs in every page and frame (the chat frame included) before its own scripts.
    await ctx.addInitScript(() => {
      document.addEventListener(
        'securitypolicyviolation',
        (e) => {
          const report = (window as unknown as { __parleyCspViolation?: (d: string) => void }).__parleyCspViolation;
          report?.(`${e.effectiveDirective} blocked=${e.blockedURI} sample=${e.sample}`);
        },
        true,
      );
    });
    // The network is closed anyway; nothing may leave this origin except a clicked link's navigation.
    await ctx.route(
      (url) => url.origin !== origin,
      (route) => {
        const req = route.request();
        // a clicked link's new tab: the navigation of the main frame of a page that is not one under test
        let popup = false;
        if (req.isNavigationRequest()) {
          try {
            const frame = req.frame();
            popup = frame.parentFrame() === null && frame.page() !== site && frame.page() !== inbox;
          } catch {
            popup = true; // Playwright: a new tab's first navigation is issued before its frame exists
          }
        }
        found({ kind: 'offorigin', where: name, detail: `${popup ? 'popup ' : ''}${req.url()}` });
        void route.abort();
      },
    );
    ctx.on('page', (page) => watch(page, name));
  }

  /** Same-origin paths Parley's own pages load. An injected `<img src=x>` would request `/inbox/x`. */
  function allowedPath(path: string): boolean {
    return (
      /^\/(site\.css|widget\.js|favicon\.(ico|svg))?$/.test(path) ||
      /^\/widget\/(frame\.html|(app|panel|host|live|extras|strings-(en|ko))-[\w-]+\.(js|css))$/.test(path) ||
      /^\/inbox\/(|favicon\.svg|assets\/[\w.-]+)$/.test(path) ||
      /^\/(api\/v1|socket\.io)\//.test(path)
    );
  }

  beforeAll(async () => {
    server = await startServerUnderTest();
    origin = new URL(server.url).origin;
    browser = await launchBrowser();
    visitorContext = await browser.newContext({ locale: 'en-US' });
    agentContext = await browser.newContext({ locale: 'en-US' });
    await arm(visitorContext, 'visitor');
    await arm(agentContext, 'agent');
    site = await visitorContext.newPage();
    inbox = await agentContext.newPage();
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await browser?.close();
    await server?.stop();
    if (server) await removeDir(server.dataDir);
  });

  it('has a corpus of at least 40 distinct payloads, each calling a sink with its own id', () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(PAYLOADS.map((p) => p.text)).size).toBe(PAYLOADS.length);
    for (const p of PAYLOADS) {
      const base64 = /;base64,([\w+/=]+)/.exec(p.text)?.[1];
      const script = base64 ? Buffer.from(base64, 'base64').toString() : p.text;
      expect(script, `payload ${p.id}`).toMatch(new RegExp(`(__xss|alert|confirm|prompt)\\(${p.id}\\)|XSS-${p.id}`));
    }
    for (const f of [...HOSTILE_FILES, WIDGET_FILE, INBOX_FILE]) {
      expect(`${f.name} ${f.body.toString('latin1')}`, `file ${f.id}`).toMatch(new RegExp(`(__xss|alert)\\(${f.id}\\)`));
    }
  });

  it('serves the inbox and the chat frame with a CSP that allows only same-origin script', async () => {
    for (const path of ['/inbox/', '/widget/frame.html']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      const policy = res.headers.get('content-security-policy') ?? '';
      const directives = new Map(
        policy
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .filter((d) => d[0])
          .map(([name, ...values]) => [name!.toLowerCase(), values]),
      );
      const scriptSrc = directives.get('script-src') ?? directives.get('default-src');
      expect(scriptSrc, `${path}: ${policy}`).toEqual(["'self'"]);
      expect(policy, path).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
      expect(directives.get('object-src'), path).toEqual(["'none'"]);
      expect(directives.get('base-uri'), path).toEqual(["'none'"]);
      await res.arrayBuffer();
    }
  });

  it('the detectors work: a script that runs reaches the sink, a dialog is caught (controls)', async () => {
    await site.goto(`${server.url}/`);
    await site.getByRole('button', { name: 'Open chat' }).waitFor();
    control = 'detectors';
    try {
      // A page without a CSP (the demo page has the inbox's): an inline script injected there runs and reaches the
      // sink, which proves the binding.
      const bare = await visitorContext.newPage();
      await bare.setContent('<!doctype html><html><body></body></html>');
      await bare.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = "__xss('control-host-inline')";
        document.body.append(s);
        s.remove();
      });
      await bare.close();
      await site.evaluate(() => alert('control-dialog'));
      await expect.poll(() => findings.map((f) => `${f.kind} ${f.detail}`), { timeout: 3000 }).toEqual(
        expect.arrayContaining(['sink __xss(control-host-inline)', 'dialog alert(control-dialog)']),
      );
    } finally {
      control = null;
    }
    expect(summary(real())).toEqual([]);
  });

  it('a visitor sends every payload (some typed in the real widget); agents reply and note with every payload', async () => {
    await site.getByRole('button', { name: 'Open chat' }).click();
    const box = chat().getByRole('textbox', { name: 'Message' });
    await box.waitFor();
    const stored = widgetLog().locator('li:not(.is-pending) .message-text');
    for (const [i, id] of TYPED_IDS.entries()) {
      const text = byId(id).text;
      await box.fill(text);
      await chat().getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => stored.count(), { timeout: 8000 }).toBe(i + 1);
      mainTimeline.push({ text: expectedText(byId(id)), public: true });
    }

    // The same visitor identity over the socket, for the whole corpus.
    const token = await site.evaluate(() => localStorage.getItem('parley:default:token'));
    expect(token).toBeTruthy();
    visitorToken = token!;
    visitor = await connect(server.url, '/visitor', { token: visitorToken });
    sockets.push(visitor);
    const resumed = await call(visitor, 'visitor:resume', {});
    const conversation = resumed.conversation as { id: string; number: number };
    mainConversationId = conversation.id;
    mainNumber = conversation.number;
    for (const p of PAYLOADS) {
      const ack = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: p.text });
      expect(ack.ok, `visitor payload ${p.id}: ${JSON.stringify(ack.error)}`).toBe(true);
      mainTimeline.push({ text: expectedText(p), public: true });
    }

    // An agent whose display name is itself a payload answers first, so it also becomes the assignee.
    adminCookie = await loginAgent(server.url);
    const hostile = { email: 'hostile@test.local', password: 'correct horse battery staple' };
    const created = await json(`${server.url}/api/v1/agents`, {
      method: 'POST',
      headers: { cookie: adminCookie, 'x-parley-csrf': '1' },
      body: JSON.stringify({ name: HOSTILE_AGENT_NAME, ...hostile }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const hostileAgent = await connect(server.url, '/agent', { cookie: await loginAgent(server.url, hostile) });
    sockets.push(hostileAgent);
    const first = await call(hostileAgent, 'agent:message', { conversationId: mainConversationId, clientMsgId: clientMsgId(), text: byId(5).text, type: 'agent' });
    expect(first.ok, JSON.stringify(first.error)).toBe(true);
    mainTimeline.push({ text: expectedText(byId(5)), public: true });

    admin = await connect(server.url, '/agent', { cookie: adminCookie });
    sockets.push(admin);
    for (const type of ['agent', 'note'] as const) {
      for (const p of PAYLOADS) {
        const ack = await call(admin, 'agent:message', { conversationId: mainConversationId, clientMsgId: clientMsgId(), text: p.text, type });
        expect(ack.ok, `${type} payload ${p.id}: ${JSON.stringify(ack.error)}`).toBe(true);
        mainTimeline.push({ text: expectedText(p), public: type === 'agent' });
      }
    }

    // One more ticket per payload, so that every payload is also a ticket subject and a list preview.
    for (const p of PAYLOADS) {
      const s = await connect(server.url, '/visitor', { token: await newVisitorToken(server.url) });
      const ack = await call(s, 'visitor:message', { clientMsgId: clientMsgId(), text: p.text });
      s.close();
      expect(ack.ok, `ticket payload ${p.id}: ${JSON.stringify(ack.error)}`).toBe(true);
      ticketOf.set(p.id, (ack.conversation as { number: number }).number);
      ticketIdOf.set(p.id, (ack.conversation as { id: string }).id);
    }
  });

  it('both sides send hostile files (HTML, SVG, hostile names): over the API and through the real widget picker', async () => {
    // The visitor: five files on one message (the limit), with a payload as its text.
    const visitorFiles = [];
    for (const f of HOSTILE_FILES) visitorFiles.push(await upload({ token: visitorToken }, f));
    const sent = await call(visitor, 'visitor:message', { clientMsgId: clientMsgId(), text: byId(61).text, attachmentIds: visitorFiles.map((f) => f.id) });
    expect(sent.ok, JSON.stringify(sent.error)).toBe(true);
    mainTimeline.push({ text: expectedText(byId(61)), public: true });
    // The server keeps the markup of a name (it only replaces separators, controls and bidi overrides).
    expect(visitorFiles.map((f) => f.name)).toEqual(expect.arrayContaining([HOSTILE_FILES[0]!.name, HOSTILE_FILES[1]!.name, HOSTILE_FILES[2]!.name]));

    // An agent: the same files, uploaded by the agent, on a reply and on a note.
    for (const type of ['agent', 'note'] as const) {
      const agentFiles = [];
      for (const f of HOSTILE_FILES) agentFiles.push(await upload({ cookie: adminCookie }, f));
      const reply = await call(admin, 'agent:message', { conversationId: mainConversationId, clientMsgId: clientMsgId(), text: byId(62).text, type, attachmentIds: agentFiles.map((f) => f.id) });
      expect(reply.ok, JSON.stringify(reply.error)).toBe(true);
      mainTimeline.push({ text: expectedText(byId(62)), public: type === 'agent' });
    }

    // The real widget: the file chooser, the composer's chip (named after the file), then the message.
    const picker = site.waitForEvent('filechooser');
    await chat().getByRole('button', { name: 'Attach a file' }).click();
    await (await picker).setFiles({ name: WIDGET_FILE.name, mimeType: WIDGET_FILE.mimeType, buffer: WIDGET_FILE.body });
    await chat().getByRole('button', { name: `Remove ${WIDGET_FILE.name}` }).waitFor({ timeout: 10_000 });
    await checkWidgetDom(chat().locator('form'));
    await chat().getByRole('textbox', { name: 'Message' }).fill(byId(63).text);
    await chat().getByRole('button', { name: 'Send' }).click();
    mainTimeline.push({ text: expectedText(byId(63)), public: true });

    // A ticket whose only message is files: its subject and list preview are derived from hostile names.
    const token = await newVisitorToken(server.url);
    const files = [await upload({ token }, HOSTILE_FILES[0]!), await upload({ token }, HOSTILE_FILES[1]!)];
    const s = await connect(server.url, '/visitor', { token });
    const only = await call(s, 'visitor:message', { clientMsgId: clientMsgId(), text: '', attachmentIds: files.map((f) => f.id) });
    s.close();
    expect(only.ok, JSON.stringify(only.error)).toBe(true);
    filesTicket = only.conversation as { id: string; number: number };
    expect(summary(newFindings())).toEqual([]);
  });

  it('the widget renders every public message live as literal text, notes never, and creates no markup', async () => {
    const expected = mainTimeline.filter((m) => m.public).map((m) => m.text);
    const stored = widgetLog().locator('li:not(.is-pending) .message-text');
    await expect.poll(() => stored.count(), { timeout: 15_000 }).toBe(expected.length);
    expect(await stored.allTextContents()).toEqual(expected);
    // a sample through Playwright's own text matching too: visible, literally
    for (const id of [5, 9, 10]) await widgetLog().getByText(expectedText(byId(id)), { exact: true }).first().waitFor({ timeout: 2000 });
    // the hostile agent name is shown as the author, as text
    expect(await widgetLog().locator('.message-author').allTextContents()).toContain(HOSTILE_AGENT_NAME);
    await checkWidgetFiles();
    await checkWidgetDom();
    expect(summary(newFindings())).toEqual([]);
  });

  it('the inbox list shows every preview literally and creates no markup', async () => {
    await inbox.goto(`${server.url}/inbox/`);
    await inbox.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
    await inbox.getByLabel('Password').fill(ADMIN.password);
    await inbox.getByRole('button', { name: 'Log in' }).click();
    await conversations().waitFor({ state: 'attached' });
    // The list is windowed (only the rows in view are in the page) and paged: scroll it to the end, reading every row
    // that passes through the window, until all tickets are loaded and read.
    const seen = new Map<string, { number: string | null; preview: string | null; assignee: string | null }>();
    const scroller = inbox.locator('.list-scroll');
    await expect
      .poll(
        async () => {
          const visible = await conversations()
            .getByRole('button')
            .evaluateAll((buttons) =>
              buttons.map((b) => ({ number: b.querySelector('.row-number')?.textContent ?? null, preview: b.querySelector('.row-preview')?.textContent ?? null, assignee: b.querySelector('.row-assignee')?.textContent ?? null })),
            );
          for (const row of visible) if (row.number) seen.set(row.number, row);
          await scroller.evaluate((el) => el.scrollBy(0, el.clientHeight / 2));
          return seen.size;
        },
        { timeout: 30_000, interval: 50 },
      )
      .toBe(PAYLOADS.length + 2);

    // What the page shows is exactly what the server holds (previews are derived server-side from the payloads).
    const api = await json(`${server.url}/api/v1/conversations?queue=all&limit=200`, { headers: { cookie: await loginAgent(server.url) } });
    const stored = api.body.conversations as Array<{ number: number; lastMessagePreview: string; subject: string }>;
    const rows = [...seen.values()];
    for (const c of stored) {
      const row = rows.find((r) => r.number === `#${c.number}`);
      expect(row?.preview, `row #${c.number}`).toBe(c.lastMessagePreview || c.subject);
    }
    // spot checks against the corpus itself (not only against the server's copy)
    const previewOf = (n: number) => rows.find((r) => r.number === `#${n}`)?.preview;
    expect(previewOf(ticketOf.get(5)!)).toBe('<img src=x onerror=__xss(5)>');
    expect(previewOf(ticketOf.get(1)!)).toBe('<script>__xss(1)</script>');
    expect(rows.find((r) => r.number === `#${mainNumber}`)?.assignee).toBe(HOSTILE_AGENT_NAME);
    expect(previewOf(filesTicket.number)).toContain(HOSTILE_FILES[0]!.name);
    // The row's accessible name holds the payload as text: scroll the windowed list until the row is in the page.
    const row5 = conversations().getByRole('button', { name: new RegExp(`^Visitor #${ticketOf.get(5)}\\b.*<img src=x onerror=__xss\\(5\\)>`) });
    await scroller.evaluate((el) => el.scrollTo(0, 0));
    await expect
      .poll(
        async () => {
          if ((await row5.count()) > 0) return true;
          await scroller.evaluate((el) => el.scrollBy(0, el.clientHeight / 2));
          return false;
        },
        { timeout: 15_000, interval: 50 },
      )
      .toBe(true);
    await scroller.evaluate((el) => el.scrollTo(0, 0));

    const list = await conversations().elementHandle();
    expect(await list.evaluate(unexpectedMarkup, { allowed: ['li', 'button', 'span', 'time'], safeSchemes: SAFE_SCHEMES, htmlNs: HTML_NS })).toEqual([]);
    expect(await inbox.locator(FORBIDDEN_ANYWHERE).count()).toBe(0);
    expect(summary(newFindings())).toEqual([]);
  });

  it('every ticket header shows its subject literally, and a one-message timeline its payload', async () => {
    const api = await json(`${server.url}/api/v1/conversations?queue=all&limit=200`, { headers: { cookie: await loginAgent(server.url) } });
    const subjectOf = new Map((api.body.conversations as Array<{ number: number; subject: string }>).map((c) => [c.number, c.subject]));
    // Opened through the inbox's own route (`#/c/<id>`, as a bookmark or Back would), all in one page-side loop:
    // a round trip per ticket from here would cost more than the rendering itself.
    const tickets = PAYLOADS.map((p) => {
      const n = ticketOf.get(p.id)!;
      return { hash: `#/c/${ticketIdOf.get(p.id)}`, heading: `#${n} ${subjectOf.get(n)}` };
    });
    tickets.push({ hash: `#/c/${filesTicket.id}`, heading: `#${filesTicket.number} ${subjectOf.get(filesTicket.number)}` });
    const seen = await inbox.evaluate(async (list) => {
      const out: Array<{ heading: string | null; texts: string[]; files: string[] }> = [];
      const end = Date.now() + 30_000;
      for (const t of list) {
        location.hash = t.hash;
        const deadline = Math.min(end, Date.now() + 3000);
        let heading: string | null = null;
        while (Date.now() < deadline) {
          heading = document.querySelector('main h2')?.textContent ?? null;
          if (heading === t.heading) break;
          await new Promise((r) => setTimeout(r, 5));
        }
        const log = document.querySelector('[role="log"][aria-label="Timeline"]');
        out.push({
          heading,
          texts: Array.from(log?.querySelectorAll('.msg-text') ?? [], (e) => e.textContent ?? ''),
          files: Array.from(log?.querySelectorAll('.attachment-name, a[href*="/api/v1/attachments/"] img') ?? [], (e) => (e.localName === 'img' ? e.getAttribute('alt') : e.textContent) ?? ''),
        });
      }
      return out;
    }, tickets);
    expect(seen.map((s) => s.heading)).toEqual(tickets.map((t) => t.heading));
    expect(seen.map((s) => s.texts)).toEqual([...PAYLOADS.map((p) => [expectedText(p)]), []]);
    expect(seen.at(-1)!.files).toEqual([HOSTILE_FILES[0]!.name, HOSTILE_FILES[1]!.name]);
    await checkInboxDom();
    // the server derives the subject from the first line; check the corpus survived it literally
    expect(subjectOf.get(ticketOf.get(5)!)).toBe('<img src=x onerror=__xss(5)>');
    expect(subjectOf.get(ticketOf.get(23)!)).toBe(byId(23).text);
    expect(await inbox.locator(FORBIDDEN_ANYWHERE).count()).toBe(0);
    expect(summary(newFindings())).toEqual([]);
  });

  it('the main ticket timeline shows every message literally, including composer replies and notes', async () => {
    await conversations().getByRole('button', { name: new RegExp(`^Visitor #${mainNumber}\\b`) }).click();
    await inbox.getByRole('main').getByRole('heading', { level: 2, name: new RegExp(`^#${mainNumber}\\b`) }).waitFor({ timeout: 10_000 });
    const texts = timeline().locator('.msg-text');
    await expect.poll(() => texts.count(), { timeout: 10_000 }).toBe(mainTimeline.length);

    // A few through the real composer, as replies and as notes.
    const reply = inbox.getByRole('textbox', { name: 'Reply' });
    let askedAboutAssignee = false;
    for (const type of ['Reply', 'Note'] as const) {
      await inbox.getByRole('radio', { name: type }).check();
      for (const id of TYPED_IDS.slice(0, 3)) {
        await reply.fill(byId(id).text);
        await inbox.getByRole('button', { name: 'Send' }).click();
        if (!askedAboutAssignee) {
          // the ticket is the hostile-named agent's: the first reply asks once (the name shown as text), then goes
          const ask = inbox.getByRole('alert').filter({ hasText: 'This ticket is assigned to' });
          await ask.waitFor({ timeout: 5000 });
          // the hostile name is text, not markup
          expect(await ask.locator('.stale-title').evaluate((el) => el.children.length)).toBe(0);
          await ask.getByRole('button', { name: 'Reply anyway' }).click();
          askedAboutAssignee = true;
        }
        mainTimeline.push({ text: expectedText(byId(id)), public: type === 'Reply' });
        await expect.poll(() => texts.count(), { timeout: 8000 }).toBe(mainTimeline.length);
        await expect.poll(() => reply.inputValue(), { timeout: 5000 }).toBe('');
      }
    }

    // and a reply with a file picked in the composer's file chooser: the chip is named after the file
    await inbox.getByRole('radio', { name: 'Reply' }).check();
    const picker = inbox.waitForEvent('filechooser');
    await inbox.getByRole('button', { name: 'Attach files' }).click();
    await (await picker).setFiles({ name: INBOX_FILE.name, mimeType: INBOX_FILE.mimeType, buffer: INBOX_FILE.body });
    await inbox.getByRole('button', { name: `Remove ${INBOX_FILE.name}` }).waitFor({ timeout: 10_000 });
    const form = await inbox.getByRole('main').locator('form').elementHandle();
    expect(await form.evaluate(unexpectedMarkup, { allowed: ['div', 'label', 'input', 'textarea', 'span', 'p', 'button', 'ul', 'li'], safeSchemes: SAFE_SCHEMES, htmlNs: HTML_NS })).toEqual([]);
    await reply.fill(byId(64).text);
    await inbox.getByRole('button', { name: 'Send' }).click();
    mainTimeline.push({ text: expectedText(byId(64)), public: true });
    await expect.poll(() => texts.count(), { timeout: 8000 }).toBe(mainTimeline.length);

    expect(await texts.allTextContents()).toEqual(mainTimeline.map((m) => m.text));
    // every file of every message, named as the server stored it, as text (or a thumbnail's alt)
    const log = await timeline().elementHandle();
    const expectedFiles = fileNames(await storedMainMessages());
    expect(expectedFiles).toContain(INBOX_FILE.name);
    expect((await log.evaluate(renderedFiles)).map((f) => f.name)).toEqual(expectedFiles);
    for (const id of [1, 5, 9, 10, 23]) await timeline().getByText(expectedText(byId(id)), { exact: true }).first().waitFor({ timeout: 2000 });
    expect(await timeline().locator('.msg-author').allTextContents()).toContain(HOSTILE_AGENT_NAME);
    // the assignee select offers the hostile name as a plain option text
    expect(await inbox.getByRole('main').getByRole('combobox', { name: 'Assignee' }).locator('option').allTextContents()).toContain(HOSTILE_AGENT_NAME);
    await checkInboxDom();
    expect(summary(newFindings())).toEqual([]);
  });

  it('auto-linked URLs are safe links: http(s) only, noopener noreferrer, new tab; hovering and clicking runs nothing', async () => {
    // Attachment links: same-origin downloads, no opener, no referrer; the HTML and SVG files download, never render.
    const log = await timeline().elementHandle();
    const files = await log.evaluate(renderedFiles);
    for (const f of files) {
      const url = new URL(f.href, inbox.url());
      expect(url.origin, f.href).toBe(origin);
      expect(f.rel.split(/\s+/), f.href).toEqual(expect.arrayContaining(['noopener', 'noreferrer']));
      expect(f.download, f.href).toBe(true);
    }
    const active = files.filter((f) => /\.(html|svg)$/.test(f.name ?? ''));
    expect(active.length).toBeGreaterThanOrEqual(4);
    for (const f of active) await clickFile(inbox, timeline().locator(`a[href="${f.href}"]`).first());
    // Opened directly (as a link pasted in a message would be), the files still neither render nor run.
    for (const f of active.slice(0, 4)) {
      const tab = await agentContext.newPage();
      const opened = await tab.goto(new URL(f.href, inbox.url()).href).then(
        (res) => `status ${res?.status()}`,
        (err: Error) => (/Download is starting/.test(err.message) ? 'download' : err.message),
      );
      expect(opened, f.href).toBe('download');
      await tab.close();
    }

    // Auto-links.
    const links = timeline().getByRole('link').and(timeline().locator('a:not([download])'));
    const count = await links.count();
    // autolink payloads × (visitor + reply + note), plus the long URL: the check is not vacuous
    expect(count).toBeGreaterThanOrEqual(30);
    const attrs = await links.evaluateAll((as) =>
      as.map((a) => ({ href: a.getAttribute('href') ?? '', rel: a.getAttribute('rel') ?? '', target: a.getAttribute('target'), text: a.textContent ?? '' })),
    );
    for (const a of attrs) {
      const url = new URL(a.href);
      expect(SAFE_SCHEMES, a.href).toContain(url.protocol);
      expect(a.rel.split(/\s+/), a.href).toEqual(expect.arrayContaining(['noopener', 'noreferrer']));
      expect(a.target, a.href).toBe('_blank');
      expect(a.text, 'link text never swallows markup or quotes').not.toMatch(/["'<>\\\s`]/);
      expect(url.username + url.password, `credential disguise linked: ${a.href}`).toBe('');
      expect(url.hostname, a.href).not.toBe('javascript');
    }
    const linked = new Set(attrs.map((a) => a.text));
    expect(linked).toContain('https://example.com/');
    expect(linked).toContain('https://x/?q=');
    expect([...linked].some((t) => t.includes('@'))).toBe(false);

    // Hover every link; click every distinct one (the same URL in a visitor message, a reply and a note is
    // rendered by the same component). A click opens a new tab whose navigation is routed off and aborted.
    const before = inbox.url();
    const clicked = new Set<string>();
    const closing: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const link = links.nth(i);
      await link.hover();
      if (clicked.has(attrs[i]!.href)) continue;
      clicked.add(attrs[i]!.href);
      const popup = agentContext.waitForEvent('page', { timeout: 5000 });
      await link.click();
      closing.push((await popup).close());
    }
    await Promise.all(closing);
    expect(clicked.size).toBeGreaterThanOrEqual(8);
    expect(inbox.url()).toBe(before);
    // each click was an ordinary navigation to the link's own http(s) URL (routed off and aborted: no network)
    await expect
      .poll(() => findings.filter(clickedLink).map((f) => f.detail.slice('popup '.length)), { timeout: 3000 })
      .toEqual(expect.arrayContaining([...clicked].map((h) => h.split('#')[0]!)));
    await checkInboxDom();
    expect(summary(newFindings())).toEqual([]);
  });

  it('the widget shows the whole history again after a reload, still as literal text', async () => {
    await site.reload();
    await site.getByRole('button', { name: 'Open chat' }).click();
    const expected = mainTimeline.filter((m) => m.public).map((m) => m.text);
    const stored = widgetLog().locator('li:not(.is-pending) .message-text');
    await expect.poll(() => stored.count(), { timeout: 15_000 }).toBe(expected.length);
    expect(await stored.allTextContents()).toEqual(expected);
    await checkWidgetFiles();
    await checkWidgetDom();

    // Clicking the HTML and SVG files downloads them; nothing is rendered, nothing runs.
    const log = await widgetLog().elementHandle();
    const files = await log.evaluate(renderedFiles);
    const active = files.filter((f) => /\.(html|svg)$/.test(f.name ?? ''));
    expect(active.length).toBeGreaterThanOrEqual(3);
    for (const f of active) await clickFile(site, widgetLog().locator(`a[href="${f.href}"]`).first());
    expect(summary(newFindings())).toEqual([]);
  });

  it('CSP is enforced, not only sent: an inline script injected into the inbox or the chat frame does not run', async () => {
    const inject = (id: string) => {
      const s = document.createElement('script');
      s.textContent = `__xss('${id}')`;
      document.body.append(s);
      const img = document.createElement('img');
      img.setAttribute('onerror', `__xss('${id}-attr')`);
      img.src = 'data:,not-an-image';
      document.body.append(img);
      const a = document.createElement('a');
      a.href = `javascript:__xss('${id}-url')`;
      document.body.append(a);
      a.click();
      img.remove();
      a.remove();
    };
    control = 'csp';
    try {
      await inbox.evaluate(inject, 'control-csp-inbox');
      await chatFrame().evaluate(inject, 'control-csp-frame');
      await new Promise((r) => setTimeout(r, 500));
      // Nothing ran (no sink call, no dialog, no error)…
      expect(summary(findings.filter((f) => f.control === 'csp' && f.kind !== 'csp'))).toEqual([]);
      // …and CSP is what stopped it: each attempt is reported as a violation of the script directives.
      const reported = () => findings.filter((f) => f.control === 'csp' && f.kind === 'csp').map((f) => `${f.where.includes('/widget/') ? 'frame' : 'inbox'} ${f.detail}`);
      await expect.poll(reported, { timeout: 3000 }).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^inbox script-src-elem blocked=inline/),
          expect.stringMatching(/^inbox script-src-attr blocked=inline/),
          expect.stringMatching(/^frame script-src-elem blocked=inline/),
          expect.stringMatching(/^frame script-src-attr blocked=inline/),
        ]),
      );
    } finally {
      control = null;
    }
  });

  it('nothing executed anywhere: no sink call, no dialog, no page error, no CSP violation, no stray request, titles intact', async () => {
    await new Promise((r) => setTimeout(r, 300)); // let late handlers (if any) fire
    expect(summary(real().filter((f) => !clickedLink(f)))).toEqual([]);
    expect(await inbox.title()).toBe('Parley Inbox');
    expect(await site.title()).toBe('Acme Coffee — Parley demo');
    expect(await chatFrame().title()).toBe('Chat');
    // the controls did fire, so the detectors were live throughout
    expect(findings.filter((f) => f.control).length).toBeGreaterThanOrEqual(6);
  });

  /** Clicks an attachment link: a download starts (no new tab renders it). */
  async function clickFile(page: Page, link: Locator): Promise<void> {
    const download = page.waitForEvent('download', { timeout: 5000 });
    await link.click();
    await (await download).cancel().catch(() => undefined);
  }

  /** The widget shows every file of every public message of the main ticket, named as stored, as text. */
  async function checkWidgetFiles(): Promise<void> {
    const expectedFiles = fileNames((await storedMainMessages()).filter((m) => m.type !== 'note'));
    expect(expectedFiles).toContain(WIDGET_FILE.name);
    const log = await widgetLog().elementHandle();
    await expect.poll(async () => (await log.evaluate(renderedFiles)).map((f) => f.name), { timeout: 10_000 }).toEqual(expectedFiles);
    for (const f of await log.evaluate(renderedFiles)) {
      expect(f.rel.split(/\s+/), f.href).toEqual(expect.arrayContaining(['noopener', 'noreferrer']));
      expect(f.download, f.href).toBe(true);
    }
  }

  /** The widget log (or `root`, the composer) holds only what the widget renders, and the host page nothing more. */
  async function checkWidgetDom(root?: Locator): Promise<void> {
    const log = await (root ?? widgetLog()).elementHandle();
    const form = root ? ['form', 'label', 'input', 'textarea'] : [];
    expect(
      await log.evaluate(unexpectedMarkup, {
        allowed: ['ol', 'ul', 'li', 'span', 'p', 'time', 'div', 'button', 'a', ...form],
        safeSchemes: SAFE_SCHEMES,
        htmlNs: HTML_NS,
      }),
    ).toEqual([]);
    expect(await chat().locator(FORBIDDEN_ANYWHERE).evaluateAll((els) => els.map((e) => e.outerHTML.slice(0, 120)))).toEqual([]);
    // the host page holds the launcher and exactly one frame, the chat
    expect(await site.locator('iframe').count()).toBe(1);
    expect(await site.locator(FORBIDDEN_ANYWHERE).count()).toBe(0);
  }

  async function checkInboxDom(): Promise<void> {
    const log = await timeline().elementHandle();
    expect(await log.evaluate(unexpectedMarkup, { allowed: ['ol', 'ul', 'li', 'div', 'span', 'p', 'time', 'a'], safeSchemes: SAFE_SCHEMES, htmlNs: HTML_NS })).toEqual([]);
    const header = await inbox.getByRole('main').locator('header').elementHandle();
    expect(
      // The tag editor is a list of chips and a text field.
      await header.evaluate(unexpectedMarkup, { allowed: ['h2', 'div', 'span', 'label', 'select', 'option', 'button', 'p', 'ul', 'li', 'input'], safeSchemes: SAFE_SCHEMES, htmlNs: HTML_NS }),
    ).toEqual([]);
    expect(await inbox.locator(FORBIDDEN_ANYWHERE).count()).toBe(0);
    expect(await inbox.locator('iframe').count()).toBe(0);
  }
});
