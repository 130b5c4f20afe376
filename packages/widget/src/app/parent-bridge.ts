import { readIdentity, type VisitorIdentity } from './identity.ts';

/**
 * The frame's messages to the loader on the host page (`parley:close`, `parley:unread`) and the loader's
 * `parley:panel` notices. Posts go to the host page's origin when the frame can tell it; otherwise to `'*'` with
 * nothing but the message type.
 */
export interface ParentBridge {
  close(): void;
  unread(count: number): void;
  /** The desk's look (colour, left or right, launcher label) for the launcher and the frame on the host page. */
  look(color: string, left: boolean, label: string): void;
  /** The loader showed or hid the panel. */
  onPanelChange(listener: (open: boolean) => void): () => void;
  /** `Parley.identify()` / `Parley.logout()` (`null`) on the host page, after the frame was created. */
  onIdentify(listener: (identity: VisitorIdentity | null) => void): () => void;
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
): { identity: VisitorIdentity | null } | undefined {
  if (!parent || !origin || event.source !== parent || event.origin !== origin) return undefined;
  const data = event.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const { type, identity } = data as Record<string, unknown>;
  if (type !== 'parley:identify') return undefined;
  if (identity === null) return { identity: null };
  const checked = readIdentity(identity);
  return checked ? { identity: checked } : undefined;
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

  function post(type: string, data: Record<string, number | string | boolean> = {}): void {
    if (!parent) return;
    try {
      if (origin) parent.postMessage({ ...data, type }, origin);
      else parent.postMessage({ type }, '*');
    } catch {
      // the host page navigated away
    }
  }

  return {
    close: () => post('parley:close'),
    unread: (count) => post('parley:unread', { count }),
    look: (color, left, label) => origin && post('parley:look', { color, left, label }),
    onPanelChange(listener) {
      const onMessage = (event: MessageEvent<unknown>): void => {
        if (!parent || event.source !== parent || (origin && event.origin !== origin)) return;
        const data = event.data;
        if (typeof data !== 'object' || data === null) return;
        const { type, open } = data as Record<string, unknown>;
        if (type === 'parley:panel' && typeof open === 'boolean') listener(open);
      };
      win.addEventListener('message', onMessage);
      return () => win.removeEventListener('message', onMessage);
    },
    onIdentify(listener) {
      const onMessage = (event: MessageEvent<unknown>): void => {
        const message = readIdentifyMessage(event, parent, origin);
        if (message) listener(message.identity);
      };
      win.addEventListener('message', onMessage);
      return () => win.removeEventListener('message', onMessage);
    },
  };
}
