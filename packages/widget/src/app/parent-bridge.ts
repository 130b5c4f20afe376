import type { Message } from '@parley/protocol';
import { readIdentity, type VisitorIdentity } from './identity.ts';
import { isLocale, type Locale } from './i18n.ts';

/**
 * The frame's messages to the loader on the host page (`parley:close`, `parley:ready`, `parley:unread`...) and the loader's
 * `parley:panel` notices. Posts go to the host page's origin when the frame can tell it; otherwise to `'*'` with
 * nothing but the message type.
 */
export interface ParentBridge {
  close(): void;
  /** The chat has drawn itself: the loader's loading status over the frame goes. */
  ready(): void;
  unread(count: number): void;
  /** The desk's look (colour, left or right, launcher label) for the launcher and the frame on the host page. */
  look(color: string, left: boolean, label: string): void;
  /** The loader showed or hid the panel. */
  onPanelChange(listener: (open: boolean) => void): () => void;
  /**
   * `Parley.identify()` / `Parley.reset()` (`null`) on the host page, after the frame was created; `forget`: reset,
   * the stored visitor goes even when the identity is the same (anonymous).
   */
  onIdentify(listener: (identity: VisitorIdentity | null, forget: boolean) => void): () => void;
  /** `Parley.setLocale()` on the host page. */
  onLocale(listener: (locale: Locale) => void): () => void;
  /** An agent's reply arrived: the host page's `Parley.on('message')` hears of it (only at a known host origin). */
  message(message: Message): void;
}

/**
 * A `parley:identify` message: only from the parent window and the host origin the frame knows (never when it
 * cannot tell it, as the identity decides whose conversation is shown). `undefined` for anything else; `null` is a
 * logout. A malformed identity is ignored, not taken for a logout.
 */
export function readIdentifyMessage(
  event: { data: unknown; origin: string; source: unknown },
  parent: unknown,
  origin: string | null,
): { identity: VisitorIdentity | null; forget: boolean } | undefined {
  if (!parent || !origin || event.source !== parent || event.origin !== origin) return undefined;
  const data = event.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const { type, identity, forget } = data as Record<string, unknown>;
  if (type !== 'parley:identify') return undefined;
  if (identity === null) return { identity: null, forget: forget === true };
  const checked = readIdentity(identity);
  return checked ? { identity: checked, forget: forget === true } : undefined;
}

/** The host page's origin: `location.ancestorOrigins` (Chromium, Safari), else the referrer (the loader sets `referrerpolicy="origin"`). */
export function parentOriginOf(ancestorOrigins: ArrayLike<string> | undefined, referrer: string): string | null {
  const candidates = [ancestorOrigins && ancestorOrigins.length > 0 ? ancestorOrigins[0] : undefined, referrer];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      const origin = new URL(candidate).origin;
      if (origin !== 'null') return origin;
    } catch {
      // not a URL: try the next source
    }
  }
  return null;
}

/** The embedding page's window, and its origin when the frame can tell it; `null` when the frame is not embedded. */
export function embedderOf(win: Window): { window: Window; origin: string | null } | null {
  if (win.parent === win) return null;
  return { window: win.parent, origin: parentOriginOf(win.location.ancestorOrigins, win.document.referrer) };
}

export function createParentBridge(win: Window): ParentBridge {
  const embedder = embedderOf(win);
  const parent = embedder && embedder.window;
  const origin = embedder && embedder.origin;

  function post(type: string, data: Record<string, unknown> = {}): void {
    if (!parent) return;
    try {
      if (origin) parent.postMessage({ ...data, type }, origin);
      else parent.postMessage({ type }, '*');
    } catch {
      // the host page navigated away
    }
  }
  /** Hears the parent window's messages (objects only); `read` checks the origin as each kind needs. */
  const listen = (read: (event: MessageEvent<unknown>, data: Record<string, unknown>) => void): (() => void) => {
    const onMessage = (event: MessageEvent<unknown>): void => {
      const data = event.data;
      if (parent && event.source === parent && typeof data === 'object' && data !== null) read(event, data as Record<string, unknown>);
    };
    win.addEventListener('message', onMessage);
    return () => win.removeEventListener('message', onMessage);
  };

  return {
    close: () => post('parley:close'),
    ready: () => post('parley:ready'),
    unread: (count) => post('parley:unread', { count }),
    look: (color, left, label) => origin && post('parley:look', { color, left, label }),
    message: ({ id, conversationId, text, createdAt }) => origin && post('parley:message', { message: { id, conversationId, text, createdAt } }),
    onPanelChange: (listener) =>
      listen((event, { type, open }) => {
        if ((!origin || event.origin === origin) && type === 'parley:panel' && typeof open === 'boolean') listener(open);
      }),
    onIdentify: (listener) =>
      listen((event) => {
        const message = readIdentifyMessage(event, parent, origin);
        if (message) listener(message.identity, message.forget);
      }),
    onLocale: (listener) =>
      listen((event, { type, locale }) => {
        if (origin && event.origin === origin && type === 'parley:locale' && isLocale(locale)) listener(locale);
      }),
  };
}
