/** localStorage, when the browser lets us have it (privacy modes and sandboxed frames may throw). */
import type { KeyValueStorage } from './state/drafts.ts';

export function browserStorage(): KeyValueStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function readPref(key: string): string | null {
  try {
    return browserStorage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function writePref(key: string, value: string): void {
  try {
    browserStorage()?.setItem(key, value);
  } catch {
    // Not persisted; the choice still applies to this page.
  }
}

export const PREF_LOCALE = 'parley.inbox.locale';
export const PREF_QUEUE = 'parley.inbox.queue';
