import type { DeskPublicConfig } from '@parley/protocol';

/** The two REST calls of the widget (`docs/API.md`), same origin as the frame. */
export interface WidgetApi {
  /** A new visitor identity; throws when the server cannot be reached or refuses. */
  createSession(desk: string): Promise<string>;
  /** The desk's public configuration, or `null` when it cannot be loaded. */
  fetchDeskConfig(desk: string): Promise<DeskPublicConfig | null>;
}

export function createWidgetApi(fetchImpl: typeof fetch = (input, init) => fetch(input, init)): WidgetApi {
  return {
    async createSession(desk) {
      const response = await fetchImpl('/api/v1/widget/sessions', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-Parley-CSRF': '1' },
        body: JSON.stringify({ desk }),
      });
      const body = await readJson(response);
      if (body?.['ok'] !== true || typeof body['token'] !== 'string' || body['token'] === '') {
        throw new SessionRefusedError(response.status);
      }
      return body['token'];
    },
    async fetchDeskConfig(desk) {
      try {
        const response = await fetchImpl(`/api/v1/widget/config?desk=${encodeURIComponent(desk)}`, {
          credentials: 'same-origin',
        });
        const body = await readJson(response);
        return body?.['ok'] === true && isDeskConfig(body['desk']) ? body['desk'] : null;
      } catch {
        return null;
      }
    },
  };
}

/** The server answered but gave no session. `permanent` when asking again cannot help (e.g. an unknown desk). */
export class SessionRefusedError extends Error {
  readonly permanent: boolean;
  constructor(readonly status: number) {
    super(`session refused (HTTP ${status})`);
    this.permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  }
}

async function readJson(response: Response): Promise<Record<string, unknown> | null> {
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function isDeskConfig(value: unknown): value is DeskPublicConfig {
  if (typeof value !== 'object' || value === null) return false;
  const { id, name, greeting } = value as Record<string, unknown>;
  if (typeof id !== 'string' || typeof name !== 'string') return false;
  if (typeof greeting !== 'object' || greeting === null) return false;
  const { en, ko } = greeting as Record<string, unknown>;
  return typeof en === 'string' && typeof ko === 'string';
}
