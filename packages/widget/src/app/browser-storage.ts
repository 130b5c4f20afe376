/**
 * `localStorage` when the browser lets this frame use it, else an in-memory stand-in (blocked third-party
 * storage, private modes and sandboxing make the property itself throw).
 */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function openLocalStorage(win: Window): KeyValueStorage {
  try {
    const storage = win.localStorage;
    const probe = 'parley:probe';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return memoryStorage();
  }
}

export function memoryStorage(): KeyValueStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
  };
}
