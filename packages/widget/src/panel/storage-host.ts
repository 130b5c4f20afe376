import type { KeyValueStorage } from '../app/browser-storage.ts';
import type { MessageSink } from '../app/storage-bridge.ts';
import { STORAGE_VALUE } from '../app/storage-protocol.ts';
import type { StorageRequest } from './frame-messages.ts';

/**
 * The loader's half of the storage bridge: serve an accepted request (`readFrameMessage`) from the host page's
 * storage, which is first-party and so not blocked like the frame's. Answers go to the frame's origin only.
 */
export function serveStorage(
  request: StorageRequest,
  storage: KeyValueStorage,
  frameWindow: MessageSink,
  frameOrigin: string,
): void {
  let value: string | null = null;
  try {
    if (request.type === 'set') storage.setItem(request.key, request.value);
    else if (request.type === 'remove') storage.removeItem(request.key);
    else value = storage.getItem(request.key);
  } catch {
    // quota exceeded or storage revoked: the frame keeps its copy in memory
  }
  if (request.type === 'get') frameWindow.postMessage({ type: STORAGE_VALUE, id: request.id, value }, frameOrigin);
}
