/**
 * The REST client (same origin, cookie session). State-changing requests carry `X-Parley-CSRF: 1`, which a
 * cross-site page cannot send without a preflight the server never grants. Every call answers a `Result`;
 * network failures, timeouts and non-JSON answers become `unavailable` / `rate_limited` / `internal` failures
 * instead of throwing, so a form waiting on one always becomes usable again.
 */
import type { Failure, Result } from '@parley/protocol/errors';
import type { AgentSelf } from '@parley/protocol/model';
import type { DeskRules } from '@parley/protocol/settings';

export const API_BASE = '/api/v1';

/** A request still unanswered after this long fails as `unavailable`. */
export const REQUEST_TIMEOUT_MS = 15_000;

/** The failure for a non-JSON answer (a proxy's error page, say: a body-size limit answers 413). */
export function nonJsonFailure(status: number, retryAfter: string | null): Failure {
  if (status === 429) {
    const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
    return failure(
      'rate_limited',
      seconds === null ? 'Too many attempts; try again later' : `Too many attempts; try again in ${seconds} s`,
    );
  }
  if (status === 413) return failure('payload_too_large', 'Too large (HTTP 413).');
  return failure(status >= 500 ? 'unavailable' : 'internal', `Unexpected answer (HTTP ${status}).`);
}

export function failure(code: Failure['error']['code'], message: string): Failure {
  return { ok: false, error: { code, message } };
}

function isResult(value: unknown): value is Result {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

export async function request<T extends object>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<Result<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-Parley-CSRF'] = '1';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(API_BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      ...(typeof AbortSignal.timeout === 'function' ? { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) } : {}),
    });
  } catch {
    return failure('unavailable', 'The server cannot be reached.');
  }
  let data: unknown;
  try {
    data = await response.json();
  } catch {
    return nonJsonFailure(response.status, response.headers.get('Retry-After'));
  }
  if (!isResult(data)) return failure('internal', `Unexpected answer (HTTP ${response.status}).`);
  return data;
}

/** Who is signed in, and the desk's rules every agent follows (the reply policy). */
export interface Session {
  agent: AgentSelf;
  desk: DeskRules;
}

export const login = (email: string, password: string) => request<Session>('POST', '/auth/login', { email, password });

export const logout = () => request('POST', '/auth/logout');

export const me = () => request<Session>('GET', '/auth/me');

/** Every agent of the desk (names for assignees); any signed-in agent may ask. Entries are narrowed by the caller. */
export const agents = () => request<{ agents: unknown }>('GET', '/agents');
