/**
 * The canned responses this agent may use, loaded once per page and shared by every composer and the settings: a
 * picker opening asks again when the list is older than a few seconds (an admin may have just added one; the list
 * shows at once and follows the answer); the settings put their own changes in at once. A failed load keeps what was
 * known, and is remembered until a load succeeds: the settings say the list could not be loaded rather than that
 * there is none.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { CannedResponse } from '@parley/protocol/canned';
import type { ErrorBody } from '@parley/protocol/errors';
import { listCanned } from '../canned-api.ts';
import { cannedOf } from '../state/canned.ts';

export const CANNED_STALE_MS = 5_000;

let list: readonly CannedResponse[] = [];
let loadedAt: number | null = null;
/** Why the last load failed (null: it did not, or none was made yet). */
let failure: ErrorBody | null = null;
/** Whose list it is: another agent signing in on this page starts over. */
let owner: string | null = null;
let loading: Promise<void> | null = null;
interface Shown {
  list: readonly CannedResponse[];
  failure: ErrorBody | null;
}
const listeners = new Set<(next: Shown) => void>();

function publish(next: readonly CannedResponse[], failed: ErrorBody | null = failure) {
  list = next;
  failure = failed;
  for (const listener of listeners) listener({ list, failure });
}

/** Load the list (again); concurrent calls share one request. */
export function loadCanned(): Promise<void> {
  loading ??= listCanned()
    .then((answer) => {
      if (!answer.ok) return publish(list, answer.error);
      loadedAt = Date.now();
      publish(cannedOf(answer.canned), null);
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
  /** Why the list could not be loaded, until a load succeeds. */
  failure: ErrorBody | null;
  /** Whether the list was ever loaded on this page (before that, an empty list says nothing). */
  loaded: boolean;
  /** Ask the server again when the list is older than CANNED_STALE_MS (or never loaded). */
  refreshIfStale: () => void;
  reload: () => Promise<void>;
}

export function useCanned(agentId: string): Canned {
  if (owner !== agentId) {
    owner = agentId;
    list = [];
    loadedAt = null;
    failure = null;
  }
  const [shown, setShown] = useState<Shown>({ list, failure });
  useEffect(() => {
    listeners.add(setShown);
    setShown({ list, failure });
    if (loadedAt === null) void loadCanned();
    return () => {
      listeners.delete(setShown);
    };
  }, []);
  const refreshIfStale = useCallback(() => {
    if (loadedAt === null || Date.now() - loadedAt > CANNED_STALE_MS) void loadCanned();
  }, []);
  return { canned: shown.list, failure: shown.failure, loaded: loadedAt !== null, refreshIfStale, reload: loadCanned };
}
