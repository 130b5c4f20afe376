import { openBridgeStorage, type HostPage, type MessageTarget } from './storage-bridge.ts';

/** The synchronous key-value interface everything persistent goes through. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** How long the frame waits for the loader's storage bridge before settling for memory. */
export const STORAGE_BRIDGE_TIMEOUT_MS = 1_500;

/**
 * This window's `localStorage` when the browser lets it be used, else `null` (blocked third-party storage,
 * private modes and sandboxing make the property itself or its methods throw).
 */
export function tryLocalStorage(win: Pick<Window, 'localStorage'>): KeyValueStorage | null {
  try {
    const storage = win.localStorage;
    const probe = 'parley:probe';
    storage.setItem(probe, '1');
    const works = storage.getItem(probe) === '1';
    storage.removeItem(probe);
    return works ? storage : null;
  } catch {
    return null;
  }
}

/** `localStorage`, else an in-memory stand-in (the loader's storage on the host page). */
export function openLocalStorage(win: Pick<Window, 'localStorage'>): KeyValueStorage {
  return tryLocalStorage(win) ?? memoryStorage();
}

/**
 * Where the chat frame keeps the visitor's identity, in this order: its own `localStorage`; else the host page's,
 * through the loader's storage bridge (only `keys` are read, once, and kept in memory; writes go through);
 * else memory, lost on reload.
 */
export async function openPersistentStorage(
  win: Pick<Window, 'localStorage'> & MessageTarget,
  host: HostPage | null,
  keys: readonly string[],
  timeoutMs = STORAGE_BRIDGE_TIMEOUT_MS,
): Promise<KeyValueStorage> {
  const local = tryLocalStorage(win);
  if (local) return local;
  const bridged = host ? await openBridgeStorage(win, host, keys, timeoutMs) : null;
  return bridged ?? memoryStorage();
}

export function memoryStorage(): KeyValueStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
  };
}
