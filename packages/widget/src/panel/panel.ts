import { CLOSE_CHAT, FRAME_TITLE, LOADING, type Locale } from '../app/i18n.ts';
import type { ApiCall } from '../loader/api-stub.ts';
import type { Host, HostContext } from '../host/host.ts';
import { FULL_SCREEN, PANEL_CSS } from './panel-styles.ts';
import type { LoaderOptions } from '../loader/loader-options.ts';
import { CHAT_ICON, type Launcher } from '../loader/launcher.ts';
import { createChatFrame } from './chat-frame.ts';
import { readFrameMessage } from './frame-messages.ts';
import { safely } from '../loader/safely.ts';
import { serveStorage } from './storage-host.ts';
import { openLocalStorage, type KeyValueStorage } from '../app/browser-storage.ts';
import { storageKeyPrefix } from '../app/storage-protocol.ts';
import { ownerOf, readIdentity, type VisitorIdentity } from '../app/identity.ts';

/**
 * What the loader asks of the panel: `window.Parley` calls (`ApiCall`) and the launcher's own:
 * - `preload`: create the chat frame, closed, so the app is loaded by the time the visitor opens it;
 * - `identify`: `Parley.identify()` input (checked here: invalid input warns and changes nothing);
 * - `reset` (`logout`): forget the visitor: their identity, token and stored conversation;
 * - `unread`: a returning visitor: show the badge for the replies they have not seen (one request, no app).
 * The rest (events, show/hide, locale, pages, attributes) is the host chunk's (`src/host`).
 */
export interface MountedPanel {
  run(call: ApiCall): void;
}

/** What `widget.js` imports from `/widget/panel-<hash>.js`. */
export interface PanelModule {
  /** `queued`: the calls made before the chunk loaded, applied in order. */
  mountPanel(win: Window, options: LoaderOptions, launcher: Launcher, queued: readonly ApiCall[]): MountedPanel;
}

/** File name of the host chunk under `/widget/` (content-hashed), set by bundle.mjs. */
declare const PARLEY_HOST: string;

/** Calls for the host chunk wait for it, in order, up to this many (a page calling in a loop loses the excess). */
const HOST_QUEUE = 500;

const CLOSE_ICON = 'M6.4 5 5 6.4l5.6 5.6L5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z';

/** The launcher as the open or closed state shows it: name, icon, `aria-expanded`, and the `o` class (styles). */
function showLauncherOpen(launcher: Launcher, locale: Locale, open: boolean): void {
  launcher.container.className = open ? 'o' : '';
  launcher.button.setAttribute('aria-expanded', String(open));
  launcher.button.setAttribute('aria-label', open ? CLOSE_CHAT[locale] : launcher.label());
  launcher.icon.setAttribute('d', open ? CLOSE_ICON : CHAT_ICON);
}

/**
 * The lazily created chat frame and the conversation between it and the host page: panel state, the frame's
 * messages (close, unread, storage bridge), identity changes.
 *
 * Open and full screen (`FULL_SCREEN`: a phone), the chat is a modal dialog: the launcher's container (the frame,
 * its loading status; the launcher is hidden then) is `role="dialog"` with `aria-modal="true"` and the frame's title
 * as its name, so a screen reader keeps to it, and Tab or Shift+Tab out of the frame lands on a guard on either side
 * that sends focus back into it (the frame's first or last control next): focus never reaches the page behind.
 * Escape (in the frame or on the guards) closes it and focus returns to the launcher. On a larger screen the panel
 * sits beside the page, which stays usable: no dialog, no guards, Tab goes on into the page.
 */
export function mountPanel(win: Window, options: LoaderOptions, launcher: Launcher, queued: readonly ApiCall[]): MountedPanel {
  const doc = win.document;
  const { button } = launcher;
  launcher.addStyles(PANEL_CSS);
  let identity: VisitorIdentity | null = readIdentity(options.identity);
  let frame: HTMLIFrameElement | null = null;
  let frameLoaded = false; // before that, contentWindow is about:blank
  let loading: HTMLElement | null = null; // the status over the frame until the chat has drawn itself (`ready`)
  const fullScreen = win.matchMedia(FULL_SCREEN);
  let isOpen = false;
  let badgeAsked = 0; // bumped by what makes an answer of the unread endpoint stale: opening, another identity
  let urlIdentity: VisitorIdentity | null = null; // the identity in the frame URL's fragment
  let storage: KeyValueStorage | null = null; // the host page's, opened on the frame's first storage request
  const keyPrefix = storageKeyPrefix(options.desk);
  let forget = false; // Parley.reset(): the frame drops the stored visitor when it loads
  let host: Host | null = null;
  const forHost: Array<(loaded: Host) => void> = [];
  /** Runs `task` with the host chunk, at once or when it has loaded (in the order asked). */
  const withHost = (task: (loaded: Host) => void): void => {
    if (host) task(host);
    else if (forHost.length < HOST_QUEUE) forHost.push(task);
  };
  const setUnread = (count: number | null): void => withHost((h) => h.setUnread(count));
  /** Says the panel's state: the launcher's, the frame's title, the loading status; a modal dialog when full screen. */
  const relabel = (): void => {
    const modal = isOpen && fullScreen.matches;
    showLauncherOpen(launcher, options.locale, isOpen);
    for (const [name, value] of [['role', 'dialog'], ['aria-modal', 'true'], ['aria-label', FRAME_TITLE[options.locale]]] as const) {
      if (modal) launcher.container.setAttribute(name, value);
      else launcher.container.removeAttribute(name);
    }
    if (frame) frame.title = FRAME_TITLE[options.locale];
    if (loading) loading.textContent = LOADING[options.locale];
  };
  const post = (message: Record<string, unknown>): void => {
    const target = frameLoaded && frame && frame.contentWindow;
    if (target) target.postMessage(message, options.base);
  };

  const tellFrame = (open: boolean): void => post({ type: 'parley:panel', open });
  /** The identity (with its hash) goes to the frame's origin only. */
  const sendIdentity = (): void => {
    post({ type: 'parley:identify', identity, forget });
    if (frameLoaded) forget = false;
  };

  function setIdentity(input: unknown): void {
    const next = input === null ? null : readIdentity(input);
    if (input !== null && !next) return console.warn('[Parley] identify() needs { token } (a JWT with sub, signed by your server)');
    if (ownerOf(next) !== ownerOf(identity)) {
      badgeAsked += 1;
      if (!isOpen) setUnread(0); // that count was another visitor's
    }
    identity = next; // a frame created later carries it in its URL fragment
    sendIdentity(); // a frame still loading gets it on load
  }

  /** `Parley.reset()`: anonymous from now on, and the stored token, outbox and seen mark go (the frame's too). */
  function reset(): void {
    forget = true;
    setIdentity(null); // tells a loaded frame, with `forget`
    try {
      // the host page's copy (the storage bridge's), read by the badge before any frame exists
      for (const key of ['token', 'outbox', 'seen']) win.localStorage.removeItem(keyPrefix + key);
    } catch {
      // storage blocked: nothing was stored here
    }
  }

  function ensureFrame(): HTMLIFrameElement {
    if (frame) return frame;
    const created = (frame = createChatFrame(doc, { desk: options.desk, locale: options.locale, identity, closed: !isOpen }, options.base, FRAME_TITLE[options.locale]));
    urlIdentity = identity;
    created.hidden = !isOpen;
    created.addEventListener(
      'load',
      safely(() => {
        frameLoaded = true;
        // before the open: the frame starts then, without the stored visitor after a reset
        if (identity !== urlIdentity || forget) sendIdentity();
        tellFrame(isOpen); // the fragment said how it started; the visitor may have opened it since
        withHost((h) => h.frameLoaded());
      }),
    );
    // Right after the frame, shown and hidden with it (panel-styles.ts): the chat says it is loading at once.
    loading = doc.createElement('p');
    loading.className = 'p w';
    loading.setAttribute('role', 'status');
    loading.textContent = LOADING[options.locale];
    // The focus guards either side of the frame (shown only in a modal dialog, panel-styles.ts): back into the frame.
    const guard = (): HTMLElement => {
      const element = doc.createElement('i');
      element.tabIndex = 0;
      element.onfocus = () => created.focus();
      return element;
    };
    launcher.container.append(guard(), created, loading, guard());
    button.setAttribute('aria-controls', created.id);
    return created;
  }

  function showServerUnread(): void {
    if (isOpen) return; // the chat shows the replies itself
    const asked = badgeAsked;
    withHost((h) => h.checkUnread(() => asked === badgeAsked));
  }

  function open(): void {
    badgeAsked += 1;
    isOpen = true;
    const shown = ensureFrame();
    shown.hidden = false;
    // in the desk's colour, as the launcher shows it (the default one until the desk's look is known)
    if (loading) loading.style.borderTopColor = getComputedStyle(button).backgroundColor;
    setUnread(0);
    relabel();
    tellFrame(true);
    shown.focus();
    withHost((h) => h.emit('open'));
  }

  function close(returnFocus: boolean): void {
    if (!isOpen || !frame) return;
    frame.hidden = true;
    isOpen = false;
    relabel();
    tellFrame(false);
    if (returnFocus) button.focus();
    withHost((h) => h.emit('close'));
  }

  // A phone turned or a window resized: the open chat becomes a modal dialog (focus goes in) or a panel again.
  fullScreen.onchange = safely(() => {
    relabel();
    if (isOpen && fullScreen.matches && doc.activeElement !== launcher.host) frame!.focus();
  });
  launcher.container.addEventListener(
    'keydown',
    safely((event: KeyboardEvent) => {
      if (event.key === 'Escape' && isOpen) close(true);
    }),
  );
  win.addEventListener(
    'message',
    safely((event: MessageEvent<unknown>) => {
      const target = frame && frame.contentWindow;
      const message = target && readFrameMessage(event, options.base, target, keyPrefix);
      if (!message) return;
      if (message.type === 'close') close(true);
      else if (message.type === 'ready') {
        loading?.remove();
        loading = null;
      }
      else if (message.type === 'look') launcher.look([message.color, message.left, message.label]); // live changes
      else if (message.type === 'message') withHost((h) => h.emit('message', message.message));
      else if (message.type !== 'unread') {
        serveStorage(message, storage || (storage = openLocalStorage(win)), target, options.base);
        if (message.type === 'set') withHost((h) => h.flush()); // perhaps the visitor token: pages can be reported
      }
      else if (!isOpen) setUnread(message.count);
    }),
  );

  const panel: MountedPanel = {
    run(call) {
      const name = call[0];
      if (name === 'preload') ensureFrame();
      else if (name === 'unread') showServerUnread();
      else if (name === 'identify') setIdentity(call[1]);
      else if (name === 'reset' || name === 'logout') reset();
      else if (name === 'open' || (name === 'toggle' && !isOpen)) open();
      else if (name === 'close' || name === 'toggle') close(false);
      else withHost((h) => h.run(call));
    },
  };
  queued.forEach((call) => safely(panel.run)(call));
  const context: HostContext = { win, options, launcher, relabel, post, owner: () => ownerOf(identity) };
  (import(`${options.base}/widget/${PARLEY_HOST}`) as Promise<{ mountHost(ctx: HostContext): Host }>).then(
    safely((m: { mountHost(ctx: HostContext): Host }) => {
      const loaded = (host = m.mountHost(context));
      for (const task of forHost.splice(0)) safely(task)(loaded);
      loaded.emit('ready');
    }),
    (error: unknown) => console.warn('[Parley]', error),
  );
  return panel;
}
