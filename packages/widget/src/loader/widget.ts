import { LAUNCHER_STRINGS } from '../app/i18n.ts';
import type { LoaderOptions } from './loader-options.ts';
import { createLauncher } from './launcher.ts';
import { createChatFrame } from './chat-frame.ts';
import { readFrameMessage } from './frame-messages.ts';
import { safely } from './safely.ts';
import { serveStorage } from './storage-host.ts';
import { openLocalStorage, type KeyValueStorage } from '../app/browser-storage.ts';
import { storageKeyPrefix } from '../app/storage-protocol.ts';
import type { VisitorIdentity } from '../app/identity.ts';

/** What `window.Parley` offers the host page. */
export interface ParleyApi {
  open(): void;
  close(): void;
  toggle(): void;
  /** Chat as this visitor from now on (single-page apps); takes what `readIdentity` accepts. */
  identify(identity: unknown): void;
  /** Forget the identified visitor: the frame drops its token and the next session is anonymous. */
  logout(): void;
}

/** The widget's side of `ParleyApi`: the identity is already checked. */
export interface MountedWidget {
  open(): void;
  close(): void;
  toggle(): void;
  setIdentity(identity: VisitorIdentity | null): void;
}

/** The launcher, the lazily created chat frame, and the conversation between the two. */
export function mountWidget(win: Window, options: LoaderOptions): MountedWidget {
  const doc = win.document;
  const strings = LAUNCHER_STRINGS[options.locale];
  const launcher = createLauncher(doc, strings);
  const { button } = launcher;
  let frame: HTMLIFrameElement | null = null;
  let frameLoaded = false; // before that, contentWindow is about:blank and the app starts open anyway
  let isOpen = false;
  let preconnected = false;
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
    if (target) target.postMessage({ type: 'parley:identify', identity: options.identity }, options.base);
  }

  function setIdentity(identity: VisitorIdentity | null): void {
    options.identity = identity; // a frame created later carries it in its URL fragment
    sendIdentity(); // a frame still loading gets it on load
  }

  function open(): void {
    if (!frame) {
      frame = createChatFrame(doc, options, strings.frameTitle);
      urlIdentity = options.identity;
      frame.addEventListener(
        'load',
        safely(() => {
          frameLoaded = true;
          if (!isOpen) tellFrame(false);
          if (options.identity !== urlIdentity) sendIdentity();
        }),
      );
      launcher.container.append(frame);
      button.setAttribute('aria-controls', frame.id);
    }
    frame.hidden = false;
    isOpen = true;
    launcher.setOpen(true);
    launcher.setUnread(0);
    tellFrame(true);
    frame.focus();
  }

  function close(returnFocus: boolean): void {
    if (!isOpen || !frame) return;
    frame.hidden = true;
    isOpen = false;
    launcher.setOpen(false);
    tellFrame(false);
    if (returnFocus) button.focus();
  }

  function preconnect(): void {
    if (preconnected) return;
    preconnected = true;
    const link = doc.createElement('link');
    link.rel = 'preconnect';
    link.href = options.base;
    doc.head.append(link);
  }

  button.addEventListener('click', safely(() => (isOpen ? close(true) : open())));
  button.addEventListener('pointerenter', safely(preconnect));
  button.addEventListener('focus', safely(preconnect));
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
      else if (message.type !== 'unread') serveStorage(message, storage || (storage = openLocalStorage(win)), target, options.base);
      else if (!isOpen) launcher.setUnread(message.count);
    }),
  );

  return { open, close: () => close(false), toggle: () => (isOpen ? close(false) : open()), setIdentity };
}
