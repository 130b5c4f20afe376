import { FRAME_TITLE, LAUNCHER_STRINGS } from '../app/i18n.ts';
import { PANEL_CSS } from './panel-styles.ts';
import type { LoaderOptions } from '../loader/loader-options.ts';
import { CHAT_ICON, type Launcher } from '../loader/launcher.ts';
import type { LauncherStrings } from '../app/i18n.ts';
import { createChatFrame } from './chat-frame.ts';
import { readFrameMessage } from './frame-messages.ts';
import { safely } from '../loader/safely.ts';
import { serveStorage } from './storage-host.ts';
import { openLocalStorage, type KeyValueStorage } from '../app/browser-storage.ts';
import { storageKeyPrefix } from '../app/storage-protocol.ts';
import { ownerOf, readIdentity, type VisitorIdentity } from '../app/identity.ts';
import { fetchUnread } from './unread-check.ts';

/**
 * What the loader asks of the panel (`window.Parley` and the launcher's events):
 * - `preload`: create the chat frame, closed, so the app is loaded by the time the visitor opens it;
 * - `identify`: `Parley.identify()` input (checked here: invalid input warns and changes nothing), `null` to log out;
 * - `unread`: a returning visitor: show the badge for the replies they have not seen (one request, no app).
 */
export type PanelCall = ['preload'] | ['open'] | ['close'] | ['toggle'] | ['identify', unknown] | ['unread'];

export interface MountedPanel {
  run(call: PanelCall): void;
}

/** What `widget.js` imports from `/widget/panel-<hash>.js`. */
export interface PanelModule {
  /** `queued`: the calls made before the chunk loaded, applied in order. */
  mountPanel(win: Window, options: LoaderOptions, launcher: Launcher, queued: readonly PanelCall[]): MountedPanel;
}

const CLOSE_ICON = 'M6.4 5 5 6.4l5.6 5.6L5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z';

/** The launcher as the open or closed state shows it: name, icon, `aria-expanded`, and the `o` class (styles). */
function showLauncherOpen(launcher: Launcher, strings: LauncherStrings, open: boolean): void {
  launcher.container.className = open ? 'o' : '';
  launcher.button.setAttribute('aria-expanded', String(open));
  launcher.button.setAttribute('aria-label', open ? strings.closeChat : launcher.label());
  launcher.icon.setAttribute('d', open ? CLOSE_ICON : CHAT_ICON);
}

/**
 * The lazily created chat frame and the conversation between it and the host page: panel state, the frame's
 * messages (close, unread, storage bridge), identity changes.
 */
export function mountPanel(win: Window, options: LoaderOptions, launcher: Launcher, queued: readonly PanelCall[]): MountedPanel {
  const doc = win.document;
  const strings = LAUNCHER_STRINGS[options.locale];
  const { button } = launcher;
  launcher.addStyles(PANEL_CSS);
  let identity: VisitorIdentity | null = readIdentity(options.identity);
  let frame: HTMLIFrameElement | null = null;
  let frameLoaded = false; // before that, contentWindow is about:blank
  let isOpen = false;
  let badgeAsked = 0; // bumped by what makes an answer of the unread endpoint stale: opening, another identity
  let urlIdentity: VisitorIdentity | null = null; // the identity in the frame URL's fragment
  let storage: KeyValueStorage | null = null; // the host page's, opened on the frame's first storage request
  const keyPrefix = storageKeyPrefix(options.desk);

  function tellFrame(open: boolean): void {
    const target = frameLoaded && frame && frame.contentWindow;
    if (target) target.postMessage({ type: 'parley:panel', open }, options.base);
  }

  /** The identity (with its hash) goes to the frame's origin only. */
  function sendIdentity(): void {
    const target = frameLoaded && frame && frame.contentWindow;
    if (target) target.postMessage({ type: 'parley:identify', identity }, options.base);
  }

  function setIdentity(input: unknown): void {
    const next = input === null ? null : readIdentity(input);
    if (input !== null && !next) return console.warn('[Parley] identify() needs { token } (a JWT with sub, signed by your server)');
    if (ownerOf(next) !== ownerOf(identity)) {
      badgeAsked += 1;
      if (!isOpen) launcher.setUnread(0); // that count was another visitor's
    }
    identity = next; // a frame created later carries it in its URL fragment
    sendIdentity(); // a frame still loading gets it on load
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
        tellFrame(isOpen); // the fragment said how it started; the visitor may have opened it since
        if (identity !== urlIdentity) sendIdentity();
      }),
    );
    launcher.container.append(created);
    button.setAttribute('aria-controls', created.id);
    return created;
  }

  function showServerUnread(): void {
    if (isOpen) return; // the chat shows the replies itself
    const asked = badgeAsked;
    const answer = fetchUnread(win, options.base, options.desk, ownerOf(identity));
    if (answer) void answer.then(safely((count: number | null) => count && asked === badgeAsked && launcher.setUnread(count)));
  }

  function open(): void {
    badgeAsked += 1;
    isOpen = true;
    const shown = ensureFrame();
    shown.hidden = false;
    launcher.setUnread(0);
    showLauncherOpen(launcher, strings, true);
    tellFrame(true);
    shown.focus();
  }

  function close(returnFocus: boolean): void {
    if (!isOpen || !frame) return;
    frame.hidden = true;
    isOpen = false;
    showLauncherOpen(launcher, strings, false);
    tellFrame(false);
    if (returnFocus) button.focus();
  }

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
      else if (message.type === 'look') {
        // Each change adds a sheet stating colour and side whole (a later sheet wins); full screen on small viewports.
        const side = message.left ? 'left' : 'right';
        launcher.addStyles(
          `.l{background:${message.color}}.l,.p{left:auto;right:auto;${side}:20px}@media (max-width:480px),(max-height:600px){.p{${side}:0}}`,
        );
        button.title = message.label;
      } else if (message.type !== 'unread') serveStorage(message, storage || (storage = openLocalStorage(win)), target, options.base);
      else if (!isOpen) launcher.setUnread(message.count);
    }),
  );

  const panel: MountedPanel = {
    run(call) {
      if (call[0] === 'preload') ensureFrame();
      else if (call[0] === 'unread') showServerUnread();
      else if (call[0] === 'identify') setIdentity(call[1]);
      else if (call[0] === 'open' || (call[0] === 'toggle' && !isOpen)) open();
      else close(false);
    },
  };
  queued.forEach((call) => safely(panel.run)(call));
  return panel;
}
