import type { KeyValueStorage } from './browser-storage.ts';
import { STORAGE_GET, STORAGE_REMOVE, STORAGE_SET, STORAGE_VALUE } from './storage-protocol.ts';

/** The parts of a window the bridge uses (tests pass a fake pair). */
export interface MessageSink {
  postMessage(message: unknown, targetOrigin: string): void;
}
export interface ReceivedMessage {
  data: unknown;
  origin: string;
  source: unknown;
}
export interface MessageTarget {
  addEventListener(type: 'message', listener: (event: ReceivedMessage) => void): void;
  removeEventListener(type: 'message', listener: (event: ReceivedMessage) => void): void;
}

/** The page that embeds the frame: its window and origin (both known, or there is no bridge). */
export interface HostPage {
  window: MessageSink;
  origin: string;
}

/**
 * The frame's half of the storage bridge (`storage-protocol.ts`; the loader's half is `src/loader/storage-host.ts`).
 * Reads `keys` (at least one) from the host page; resolves with a storage that serves them from memory and writes
 * through to the host page, or with `null` when the loader has not answered every key within `timeoutMs`.
 */
export function openBridgeStorage(
  win: MessageTarget,
  host: HostPage,
  keys: readonly string[],
  timeoutMs: number,
): Promise<KeyValueStorage | null> {
  const post = (data: Record<string, unknown>): void => {
    try {
      host.window.postMessage(data, host.origin);
    } catch {
      // the host page navigated away
    }
  };
  return new Promise((resolve) => {
    const waiting = new Map<number, string>(); // request id → key
    const values = new Map<string, string>();
    const finish = (storage: KeyValueStorage | null): void => {
      clearTimeout(timer);
      win.removeEventListener('message', onMessage);
      resolve(storage);
    };
    const onMessage = (event: ReceivedMessage): void => {
      if (event.source !== host.window || event.origin !== host.origin) return;
      const data = event.data;
      if (typeof data !== 'object' || data === null) return;
      const { type, id, value } = data as Record<string, unknown>;
      const key = typeof id === 'number' ? waiting.get(id) : undefined;
      if (type !== STORAGE_VALUE || key === undefined || (value !== null && typeof value !== 'string')) return;
      waiting.delete(id as number);
      if (value !== null) values.set(key, value);
      if (waiting.size === 0) finish(mirrorStorage(values, post));
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    win.addEventListener('message', onMessage);
    keys.forEach((key, index) => {
      waiting.set(index + 1, key);
      post({ type: STORAGE_GET, id: index + 1, key });
    });
    if (keys.length === 0) finish(null);
  });
}

/** Reads from the copy taken at open; writes update the copy and go on to the host page. */
function mirrorStorage(values: Map<string, string>, post: (data: Record<string, unknown>) => void): KeyValueStorage {
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem(key, value) {
      values.set(key, String(value));
      post({ type: STORAGE_SET, key, value: String(value) });
    },
    removeItem(key) {
      values.delete(key);
      post({ type: STORAGE_REMOVE, key });
    },
  };
}
