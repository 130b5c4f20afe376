/**
 * The storage bridge (frame ↔ loader), used when the frame cannot keep its own `localStorage` (blocked
 * third-party storage): the loader keeps the frame's keys first-party, in the host page's storage.
 *   frame → loader `{ type: STORAGE_GET, id, key }`, answered loader → frame `{ type: STORAGE_VALUE, id, value }`
 *   frame → loader `{ type: STORAGE_SET, key, value }` and `{ type: STORAGE_REMOVE, key }` (no answer)
 * Keys must start with `storageKeyPrefix(desk)`; the loader ignores any other key.
 */
export const STORAGE_GET = 'parley:storage:get';
export const STORAGE_VALUE = 'parley:storage:value';
export const STORAGE_SET = 'parley:storage:set';
export const STORAGE_REMOVE = 'parley:storage:remove';

/** Every key the widget stores for a desk starts with this (desk ids contain no `:`). */
export function storageKeyPrefix(desk: string): string {
  return `parley:${desk}:`;
}
