/**
 * The Chromium half of bench/inbox-list.ts: the built inbox, signed in with the bench's cookie, on a desk of
 * thousands of tickets. Navigation is timed from the test process until the expected rows are on screen; a filter, a
 * search and scrolling are timed inside the page, by animation frames.
 */
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

export interface BrowserExpectations {
  total: number;
  /** The numbers of the first rows each view should show (from the server's own answer). */
  all: number[];
  urgent: number[];
  searchText: string;
  search: number[];
  number: number;
}

export interface BrowserFigures {
  firstRowsColdMs: number;
  firstRowsMs: number;
  filterMs: number;
  searchText: string;
  searchMs: number;
  numberMs: number;
  loadedRows: number;
  pages: number;
  loadAllMs: number;
  /** Scrolling a few rows per frame, as a wheel does, and jumping through the whole list, as a drag of the bar does. */
  wheel: ScrollFigures;
  drag: ScrollFigures;
  heapFirstMB: number;
  heapAllMB: number;
}

export interface ScrollFigures {
  steps: number;
  rowsPerStep: number;
  frameP50: number;
  frameP95: number;
  frameMax: number;
  /** Tasks of 50 ms or more on the page's main thread (PerformanceObserver 'longtask'). */
  longTasks: number;
  longTaskMax: number;
  /** Rows in the DOM at the end. */
  domRows: number;
}

const ROWS_COMPARED = 5;
const SCROLL_STEPS = 300;
const TIMEOUT_MS = 60_000;

/** Resolves once the list's first rendered rows carry these ticket numbers. */
async function rowsShow(page: Page, numbers: number[]): Promise<void> {
  const want = numbers.slice(0, ROWS_COMPARED);
  await page.waitForFunction(
    (expected) => {
      const list = document.querySelector('[role="list"][aria-label="Conversations"]');
      if (!list) return false;
      const shown = Array.from(list.querySelectorAll('li'))
        .sort((a, b) => Number(a.getAttribute('aria-posinset')) - Number(b.getAttribute('aria-posinset')))
        .slice(0, expected.length)
        .map((li) => Number(/#(\d+)/.exec(li.textContent ?? '')?.[1]));
      return shown.length === expected.length && shown.every((n, i) => n === expected[i]);
    },
    want,
    { polling: 'raf', timeout: TIMEOUT_MS },
  );
}

async function timed(action: () => Promise<unknown>, until: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await action();
  await until();
  return performance.now() - t0;
}

/**
 * An agent's change of a field, timed inside the page: from the event the field fires (a filter's `change`, the search
 * form's submit) until the list's first rows carry `expected`, polled every animation frame. Playwright's own steps
 * (finding the field, scrolling it into view) are not counted.
 */
async function changeInPage(page: Page, field: { label: string; value: string; submit: boolean }, expected: number[]): Promise<number> {
  return page.evaluate(
    async ({ label, value, submit, expected, timeoutMs }) => {
      const input = document.querySelector<HTMLInputElement | HTMLSelectElement>(`[aria-label="${label}"]`);
      if (!input) throw new Error(`no field ${label}`);
      const t0 = performance.now();
      input.value = value;
      input.dispatchEvent(new Event(submit ? 'input' : 'change', { bubbles: true }));
      if (submit) input.form?.requestSubmit();
      for (;;) {
        await new Promise((r) => requestAnimationFrame(r));
        const list = document.querySelector('[role="list"][aria-label="Conversations"]');
        const shown = Array.from(list?.querySelectorAll('li') ?? [])
          .sort((a, b) => Number(a.getAttribute('aria-posinset')) - Number(b.getAttribute('aria-posinset')))
          .slice(0, expected.length)
          .map((li) => Number(/#(\d+)/.exec(li.textContent ?? '')?.[1]));
        if (shown.length === expected.length && shown.every((n, i) => n === expected[i])) return performance.now() - t0;
        if (performance.now() - t0 > timeoutMs) throw new Error(`the list did not show ${expected.join(', ')}`);
      }
    },
    { ...field, expected: expected.slice(0, ROWS_COMPARED), timeoutMs: TIMEOUT_MS },
  );
}

/**
 * Scrolls the list by `rowsPerStep` rows per animation frame (0: the whole list in `steps` frames) and times the frames.
 * (No named inner functions in evaluated code: the bench's TypeScript loader would wrap them in a helper the page lacks.)
 */
async function scrollFrames(page: Page, steps: number, rowsPerStep: number): Promise<ScrollFigures> {
  const raw = await page.evaluate(
    async ({ steps, rowsPerStep }) => {
      const scroller = document.querySelector<HTMLElement>('.list-scroll')!;
      const rowHeight = Number.parseFloat(document.querySelector<HTMLElement>('.list-scroll li')?.style.height ?? '64') || 64;
      const span = rowsPerStep === 0 ? scroller.scrollHeight - scroller.clientHeight : rowHeight * rowsPerStep * steps;
      const start = rowsPerStep === 0 ? 0 : Math.max(0, (scroller.scrollHeight - span) / 2);
      scroller.scrollTop = start;
      await new Promise((r) => requestAnimationFrame(r));
      const frames: number[] = [];
      const longTasks: number[] = [];
      const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
      observer.observe({ type: 'longtask' });
      let before = performance.now();
      for (let i = 1; i <= steps; i++) {
        scroller.scrollTop = start + (span * i) / steps;
        const at = await new Promise<number>((r) => requestAnimationFrame(r));
        frames.push(at - before);
        before = at;
      }
      await new Promise((r) => setTimeout(r, 100));
      observer.disconnect();
      return { frames, longTasks, dom: document.querySelectorAll('[role="list"][aria-label="Conversations"] li').length, rowsPerStep: rowsPerStep || span / rowHeight / steps };
    },
    { steps, rowsPerStep },
  );
  const frames = [...raw.frames].sort((a, b) => a - b);
  const at = (p: number) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))] ?? 0;
  return {
    steps,
    rowsPerStep: raw.rowsPerStep,
    frameP50: at(0.5),
    frameP95: at(0.95),
    frameMax: frames[frames.length - 1] ?? 0,
    longTasks: raw.longTasks.length,
    longTaskMax: Math.max(0, ...raw.longTasks),
    domRows: raw.dom,
  };
}

async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize / 2 ** 20;
  } finally {
    await cdp.detach();
  }
}

export async function measureBrowser(browser: Browser, url: string, cookie: string, expect: BrowserExpectations): Promise<BrowserFigures> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const [name, ...value] = cookie.split('=');
  await context.addCookies([{ name: name!, value: value.join('='), url }]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  try {
    const open = () => page.goto(`${url}/inbox/`);
    const firstRowsColdMs = await timed(open, () => rowsShow(page, expect.all));
    // A second visit, as an agent's day goes: the bundle is cached.
    const firstRowsMs = await timed(open, () => rowsShow(page, expect.all));
    const heapFirstMB = await heapMB(page);

    const filterMs = await changeInPage(page, { label: 'Filter by priority', value: 'urgent', submit: false }, expect.urgent);
    await page.getByRole('combobox', { name: 'Filter by priority' }).selectOption('');
    await rowsShow(page, expect.all);

    const searchMs = await changeInPage(page, { label: 'Search tickets', value: expect.searchText, submit: true }, expect.search);
    const numberMs = await changeInPage(page, { label: 'Search tickets', value: `#${expect.number}`, submit: true }, [expect.number]);
    await page.getByRole('searchbox', { name: 'Search tickets' }).press('Escape');
    await rowsShow(page, expect.all);

    const loaded = await page.evaluate(async ({ total, timeoutMs }) => {
      const scroller = document.querySelector<HTMLElement>('.list-scroll');
      if (!scroller) throw new Error('no list scroller');
      // (No named inner functions: the bench's TypeScript loader would wrap them in a helper the page lacks.)
      const selector = '[role="list"][aria-label="Conversations"] li';
      const t0 = performance.now();
      let pages = 0;
      let rows = Number(document.querySelector(selector)?.getAttribute('aria-setsize') ?? 0);
      while (rows < total && performance.now() - t0 < timeoutMs) {
        scroller.scrollTop = scroller.scrollHeight;
        await new Promise((r) => requestAnimationFrame(r));
        const now = Number(document.querySelector(selector)?.getAttribute('aria-setsize') ?? 0);
        if (now !== rows) pages++;
        rows = now;
      }
      return { ms: performance.now() - t0, pages, rows };
    }, { total: expect.total, timeoutMs: TIMEOUT_MS });

    // INBOX_LIST_PROFILE=file.cpuprofile: a CPU profile of the page while it scrolls (open it in Chrome's DevTools).
    const profileFile = process.env.INBOX_LIST_PROFILE;
    const profiler = profileFile ? await page.context().newCDPSession(page) : null;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.start');
    }
    // A wheel or a trackpad moves a few rows per frame (5 here, through the middle of the list); dragging the
    // scroll bar jumps (the whole list in as many frames).
    const wheel = await scrollFrames(page, SCROLL_STEPS, 5);
    const drag = await scrollFrames(page, SCROLL_STEPS, 0);
    if (profiler && profileFile) {
      const { profile } = await profiler.send('Profiler.stop');
      writeFileSync(profileFile, JSON.stringify(profile));
      await profiler.detach();
    }
    const heapAllMB = await heapMB(page);
    if (errors.length) throw new Error(`the inbox threw: ${errors.join('; ')}`);
    return {
      firstRowsColdMs,
      firstRowsMs,
      filterMs,
      searchText: expect.searchText,
      searchMs,
      numberMs,
      loadedRows: loaded.rows,
      pages: loaded.pages,
      loadAllMs: loaded.ms,
      wheel,
      drag,
      heapFirstMB,
      heapAllMB,
    };
  } finally {
    await context.close();
  }
}
