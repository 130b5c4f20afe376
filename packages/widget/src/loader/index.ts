import { findLoaderScript, readLoaderOptions } from './loader-options.ts';
import { createLauncher, type Launcher } from './launcher.ts';
import { safely } from './safely.ts';
import { isLocale, OPEN_CHAT } from '../app/i18n.ts';
import type { MountedPanel, PanelModule } from '../panel/panel.ts';
import { createParleyApi, type ApiCall, type ParleyApi } from './api-stub.ts';
import { LOOK_WAIT_MS, readLook } from './look.ts';

declare global {
  interface Window {
    Parley?: ParleyApi;
  }
}

/** File name of the panel chunk under `/widget/` (content-hashed), set by bundle.mjs. */
declare const PARLEY_PANEL: string;

/**
 * Entry of `widget.js`, the script tag a site owner pastes: the launcher and nothing else. The rest (the iframe, its
 * messages, the storage bridge, the unread count of a returning visitor) is the panel chunk, imported on the first
 * sign of intent (pointer over, focus, click, `Parley.open()`), or at once for a visitor who has chatted on this desk
 * (a seen mark is stored) to show the unread badge. It must never throw into the host page and leaks nothing but
 * `window.Parley`, whose calls (and those the pre-load snippet queued) are queued, in order, until the panel has loaded.
 */
function boot(win: Window): void {
  const doc = win.document;
  const script = findLoaderScript(doc); // document.currentScript is only set now, before any await
  const options = script && readLoaderOptions(script, doc.baseURI, win.navigator.language);
  if (!options) return console.warn('[Parley] widget.js needs data-desk="<desk id>"');
  const snippet = win.Parley as Partial<ParleyApi> | undefined; // the pre-load snippet's stub, or nothing
  if (snippet && snippet.open) return; // the script tag was pasted twice
  // A language the page asked for before this script ran (the pre-load snippet's queue) is the launcher's from the
  // start: its name, the desk's label asked for in it, the chat frame's. The call is still replayed for the host
  // chunk, which then finds it applied.
  for (const [name, locale] of (snippet && snippet.q) || []) if (name === 'setLocale' && isLocale(locale)) options.locale = locale;

  let launcher: Launcher | null = null;
  let panel: MountedPanel | null = null;
  let loading = false;
  let wanted = false; // an open, toggle or intent asked for the panel before the launcher existed
  const queue: ApiCall[] = [];

  const load = (): void => {
    wanted = true;
    if (!launcher || loading) return;
    loading = true;
    const mountOn = launcher;
    (import(`${options.base}/widget/${PARLEY_PANEL}`) as Promise<PanelModule>).then(
      (m) => (panel = m.mountPanel(win, options, mountOn, queue)),
      (error: unknown) => {
        // e.g. offline: the next intent tries again, and so does the network's return, with every call (a click's
        // open) queued meanwhile: a click made offline opens the chat once the page is back online. Added once however
        // often it fails (the same listener); a later 'online' finds the panel loaded or loading and does nothing.
        loading = false;
        win.addEventListener('online', load);
        console.warn('[Parley]', error);
      },
    );
  };
  /** Calls the panel, or queues the call for it; `loads`: import the panel for it. */
  const call = (action: ApiCall, loads?: boolean): void => {
    if (panel) return panel.run(action); // callers are wrapped in safely()
    queue.push(action);
    if (loads) load();
  };
  win.Parley = createParleyApi(call, snippet && snippet.q);
  // The desk's look (colour, side, label), asked at once: a short-lived public answer that the browser keeps, so a
  // later page has it at once (no cookie goes to another origin; nothing is stored). Late or failed: the default
  // look, kept for this page (a late look would move the button); the chat applies the desk's look when it loads.
  const look = Promise.race([
    win
      .fetch(`${options.base}/api/v1/widget/look?desk=${options.desk}`)
      .then((response) => response.json())
      .then((body) => readLook(body, options.locale))
      .catch((): [] => []),
    new Promise<[]>((resolve) => win.setTimeout(resolve, LOOK_WAIT_MS, [])),
  ]);

  const start = safely(() => {
    const shown = (launcher = createLauncher(doc, OPEN_CHAT[options.locale]));
    // Hidden until then: it never shows on a side it would leave.
    void look.then((found) => shown.look(found));
    const preload = safely(() => call(['preload'], true));
    shown.button.addEventListener('pointerenter', preload);
    shown.button.addEventListener('focus', preload);
    // Until the panel has loaded the chat is closed: a click then opens it (two clicks while it loads, or a retry
    // after a failed load, do not cancel out).
    shown.button.addEventListener('click', safely(() => call([panel ? 'toggle' : 'open'], true)));
    try {
      // Only reads: a visitor who never chatted here has no seen mark, and nothing is requested for them.
      if (win.localStorage.getItem(`parley:${options.desk}:seen`)) call(['unread'], true);
    } catch {
      // storage blocked: no badge before the chat is opened
    }
    if (wanted) load();
  });
  if (doc.body) start();
  else doc.addEventListener('DOMContentLoaded', start, { once: true });
}

safely(boot)(window);
