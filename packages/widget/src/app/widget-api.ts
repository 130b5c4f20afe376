import type { AttachmentRef, DeskPublicConfig, ErrorCode } from '@parley/protocol';
import { ERROR_CODES } from '@parley/protocol/errors';
import { checkFileSize, copyAttachmentRef, isAttachmentRef } from './attachments.ts';
import type { VisitorIdentity } from './identity.ts';

/** What an upload sends: a `File`, or any blob with a name. */
export type UploadFile = Blob & { readonly name: string };

/** Why an upload failed: the server's error code, or `network` when no answer came (offline, aborted). */
export type UploadErrorCode = ErrorCode | 'network';
export type UploadResult = { ok: true; attachment: AttachmentRef } | { ok: false; code: UploadErrorCode };

/** The REST calls of the widget (`docs/API.md`), same origin as the frame. */
export interface WidgetApi {
  /**
   * A new visitor token, for the site's verified user when `identity` is given (the same contact on every device);
   * throws when the server cannot be reached or refuses (`SessionRefusedError`: 403 for a bad, expired or wrongly
   * signed token or hash, 400 when identity verification is not configured).
   */
  createSession(desk: string, identity?: VisitorIdentity | null): Promise<string>;
  /** The desk's public configuration, or `null` when it cannot be loaded. */
  fetchDeskConfig(desk: string): Promise<DeskPublicConfig | null>;
  /**
   * Upload one file as the visitor (`POST /api/v1/attachments`, the raw file as the body). Never throws; a file the
   * server would refuse for its size is refused here without a request (`payload_too_large`, or `invalid_input`
   * when empty).
   */
  uploadAttachment(token: string, file: UploadFile, signal?: AbortSignal): Promise<UploadResult>;
}

export function createWidgetApi(fetchImpl: typeof fetch = (input, init) => fetch(input, init)): WidgetApi {
  return {
    async createSession(desk, identity) {
      const response = await fetchImpl('/api/v1/widget/sessions', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-Parley-CSRF': '1' },
        // Only the known fields: the server refuses unknown ones. The token's `userId` is ours (its unverified `sub`).
        body: JSON.stringify(
          identity
            ? { desk, identity: 'token' in identity ? { token: identity.token } : { userId: identity.userId, hash: identity.hash } }
            : { desk },
        ),
      });
      const body = await readJson(response);
      if (body?.['ok'] !== true || typeof body['token'] !== 'string' || body['token'] === '') {
        const error = body?.['error'] as { message?: unknown } | undefined;
        throw new SessionRefusedError(response.status, typeof error?.message === 'string' ? error.message.slice(0, 300) : undefined);
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
    async uploadAttachment(token, file, signal) {
      const refusal = checkFileSize(file);
      if (refusal) return { ok: false, code: refusal === 'too_large' ? 'payload_too_large' : 'invalid_input' };
      let response: Response;
      try {
        response = await fetchImpl('/api/v1/attachments', {
          method: 'POST',
          credentials: 'same-origin',
          headers: {
            authorization: `Bearer ${token}`,
            'x-filename': encodeURIComponent(file.name || 'file'),
            'content-type': file.type || 'application/octet-stream',
          },
          body: file,
          signal,
        });
      } catch {
        return { ok: false, code: 'network' };
      }
      const body = await readJson(response);
      if (response.ok && body?.['ok'] === true && isAttachmentRef(body['attachment'])) {
        return { ok: true, attachment: copyAttachmentRef(body['attachment']) };
      }
      return { ok: false, code: errorCodeOf(body, response.status) };
    },
  };
}

/** The answer's error code; from the HTTP status when the body is not ours (e.g. a proxy's 413 page). */
function errorCodeOf(body: Record<string, unknown> | null, status: number): ErrorCode {
  const error = body?.['error'];
  const code = typeof error === 'object' && error !== null ? (error as Record<string, unknown>)['code'] : undefined;
  if (typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code)) return code as ErrorCode;
  if (status === 413) return 'payload_too_large';
  if (status === 429) return 'rate_limited';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 502 || status === 503 || status === 504) return 'unavailable';
  return 'internal';
}

/** The server answered but gave no session. `permanent` when asking again cannot help (e.g. an unknown desk). */
export class SessionRefusedError extends Error {
  readonly permanent: boolean;
  /** `reason`: the server's message, for the site owner's console (e.g. "identity: the token expired ..."). */
  constructor(
    readonly status: number,
    readonly reason?: string,
  ) {
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

export function isDeskConfig(value: unknown): value is DeskPublicConfig {
  if (typeof value !== 'object' || value === null) return false;
  const { id, name, greeting } = value as Record<string, unknown>;
  if (typeof id !== 'string' || typeof name !== 'string') return false;
  if (typeof greeting !== 'object' || greeting === null) return false;
  const { en, ko } = greeting as Record<string, unknown>;
  return typeof en === 'string' && typeof ko === 'string';
}
