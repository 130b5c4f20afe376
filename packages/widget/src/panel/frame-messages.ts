import { STORAGE_GET, STORAGE_REMOVE, STORAGE_SET } from '../app/storage-protocol.ts';

/** A storage bridge request of the chat frame (see `src/app/storage-protocol.ts`). */
export type StorageRequest =
  | { type: 'get'; id: number; key: string }
  | { type: 'set'; key: string; value: string }
  | { type: 'remove'; key: string };

/** What the chat frame may tell the loader (see `src/app/parent-bridge.ts`, `src/app/storage-bridge.ts`). */
export type FrameMessage =
  | { type: 'close' }
  /** The chat has drawn itself with the desk's name and greeting (or without them, when they cannot be had). */
  | { type: 'ready' }
  | { type: 'unread'; count: number | null }
  | { type: 'look'; color: string; left: boolean; label: string }
  /** An agent's reply arrived; `message` is checked by the host chunk (`readMessageNotice`). */
  | { type: 'message'; message: unknown }
  | StorageRequest;

export interface IncomingMessage {
  origin: string;
  source: unknown;
  data: unknown;
}

/**
 * Accept a `message` event only from the chat frame's window and origin, and only the known shapes.
 * `count: null` means "some unread messages" (the frame could not tell the host origin, so sent no number).
 * Storage requests are accepted only for keys starting with `keyPrefix` (`parley:<desk>:`).
 */
export function readFrameMessage(
  event: IncomingMessage,
  frameOrigin: string,
  frameWindow: unknown,
  keyPrefix: string,
): FrameMessage | null {
  if (!frameWindow || event.source !== frameWindow || event.origin !== frameOrigin) return null;
  const data = event.data;
  if (typeof data !== 'object' || data === null) return null;
  const { type, count, id, key, value, color, left, label, message } = data as Record<string, unknown>;
  if (type === 'parley:close') return { type: 'close' };
  if (type === 'parley:ready') return { type: 'ready' };
  if (type === 'parley:message') return { type: 'message', message };
  if (type === 'parley:look') {
    // Only a hex colour reaches the host page's CSS; the label is text (the launcher's tooltip).
    const ok = typeof color === 'string' && /^#[0-9a-f]{3,8}$/i.test(color) && typeof left === 'boolean' && typeof label === 'string';
    return ok ? { type: 'look', color, left, label: label.slice(0, 80) } : null;
  }
  if (type === 'parley:unread') {
    if (count === undefined) return { type: 'unread', count: null };
    return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? { type: 'unread', count } : null;
  }
  if (typeof key !== 'string' || key.indexOf(keyPrefix) !== 0) return null;
  if (type === STORAGE_GET) return typeof id === 'number' ? { type: 'get', id, key } : null;
  if (type === STORAGE_SET) return typeof value === 'string' ? { type: 'set', key, value } : null;
  return type === STORAGE_REMOVE ? { type: 'remove', key } : null;
}
