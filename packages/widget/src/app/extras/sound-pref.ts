import { STORAGE_BRIDGE_TIMEOUT_MS } from '../browser-storage.ts';
import { embedderOf } from '../parent-bridge.ts';
import { MUTED, soundKey } from '../sound-key.ts';
import { openBridgeStorage } from '../storage-bridge.ts';

export interface SoundPref {
  muted: boolean;
  /** Stores the choice in the host page's storage and answers the new state. */
  set(muted: boolean): SoundPref;
}

/**
 * The visitor's mute of the reply chime, read from and written to the host page's storage through the loader (the
 * host page plays the chime): `null` when the frame cannot reach it (no known host origin, no answer in time).
 */
export async function openSoundPref(desk: string, win: Window = window): Promise<SoundPref | null> {
  const embedder = embedderOf(win);
  if (!embedder || !embedder.origin) return null;
  const key = soundKey(desk);
  const storage = await openBridgeStorage(win, { window: embedder.window, origin: embedder.origin }, [key], STORAGE_BRIDGE_TIMEOUT_MS);
  if (!storage) return null;
  const pref = (muted: boolean): SoundPref => ({
    muted,
    set(next) {
      if (next) storage.setItem(key, MUTED);
      else storage.removeItem(key);
      return pref(next);
    },
  });
  return pref(storage.getItem(key) === MUTED);
}
