/**
 * The canned responses this agent may use, loaded once per page and shared by every composer and the settings: a
 * picker opening asks again when the list is older than a few seconds (an admin may have just added one; the list
 * shows at once and follows the answer); the settings put their own changes in at once. A failed load keeps what was
 * known.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { CannedResponse } from '@parley/protocol/canned';
import { listCanned } from '../canned-api.ts';
import { cannedOf } from '../state/canned.ts';

export const CANNED_STALE_MS = 5_000;

let list: readonly CannedResponse[] = [];
let loadedAt: number | null = null;
/** Whose list it is: another agent signing in on this page starts over. */
let owner: string | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<(next: readonly CannedResponse[]) => void>();

function publish(next: readonly CannedResponse[]) {
  list = next;
  for (const listener of listeners) listener(next);
}

/** Load the list (again); concurrent calls share one request. */
export function loadCanned(): Promise<void> {
  loading ??= listCanned()
    .then((answer) => {
      if (!answer.ok) return;
      loadedAt = Date.now();
      publish(cannedOf(answer.canned));
    })
    .finally(() => {
      loading = null;
    });
  return loading;
}

/** A response this agent just saved (new or changed), or removed. */
export function keepCanned(saved: CannedResponse): void {
  publish(cannedOf([...list.filter((c) => c.id !== saved.id), saved]));
}

export function dropCanned(id: string): void {
  publish(list.filter((c) => c.id !== id));
}

export interface Canned {
  canned: readonly CannedResponse[];
  /** Ask the server again when the list is older than CANNED_STALE_MS (or never loaded). */
  refreshIfStale: () => void;
  reload: () => Promise<void>;
}

export function useCanned(agentId: string): Canned {
  if (owner !== agentId) {
    owner = agentId;
    list = [];
    loadedAt = null;
  }
  const [canned, setCanned] = useState(list);
  useEffect(() => {
    listeners.add(setCanned);
    setCanned(list);
    if (loadedAt === null) void loadCanned();
    return () => {
      listeners.delete(setCanned);
    };
  }, []);
  const refreshIfStale = useCallback(() => {
    if (loadedAt === null || Date.now() - loadedAt > CANNED_STALE_MS) void loadCanned();
  }, []);
  return { canned, refreshIfStale, reload: loadCanned };
}
