/**
 * Uploading one attachment: the raw file to `POST /api/v1/attachments` (cookie session + `X-Parley-CSRF: 1`,
 * the URI-encoded name in `X-Filename`), answered `201 { ok, attachment }`. Like `request` (api.ts) it never
 * throws: network failures, timeouts and non-JSON answers become failures (`unavailable`, `rate_limited`,
 * `payload_too_large`, `internal`), and an answer without a well-formed attachment is `internal`.
 */
import type { Result } from '@parley/protocol/errors';
import type { AttachmentRef } from '@parley/protocol/model';
import { API_BASE, failure, nonJsonFailure } from './api.ts';
import { isAttachmentRef } from './state/attachments.ts';

/** Up to 10 MB over a slow link: far longer than the JSON requests' timeout. */
export const UPLOAD_TIMEOUT_MS = 120_000;

export type UploadAnswer = Result<{ attachment: AttachmentRef }>;

export interface UploadOptions {
  /** Aborts the upload (the agent removed the chip); the answer is then an `unavailable` failure. */
  signal?: AbortSignal;
  /** For tests; the global `fetch` otherwise. */
  fetch?: typeof fetch;
}

function withTimeout(signal: AbortSignal | undefined): AbortSignal | undefined {
  const timeout = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(UPLOAD_TIMEOUT_MS) : undefined;
  if (!signal) return timeout;
  if (!timeout || typeof AbortSignal.any !== 'function') return signal;
  return AbortSignal.any([signal, timeout]);
}

export async function uploadAttachment(file: Blob & { name: string }, options: UploadOptions = {}): Promise<UploadAnswer> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${API_BASE}/attachments`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'x-parley-csrf': '1',
        'x-filename': encodeURIComponent(file.name),
        'content-type': file.type || 'application/octet-stream',
      },
      body: file,
      signal: withTimeout(options.signal),
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
  if (typeof data !== 'object' || data === null || typeof (data as { ok?: unknown }).ok !== 'boolean') {
    return failure('internal', `Unexpected answer (HTTP ${response.status}).`);
  }
  const answer = data as UploadAnswer;
  if (answer.ok && !isAttachmentRef(answer.attachment)) return failure('internal', 'Malformed upload answer.');
  if (!answer.ok && (typeof answer.error !== 'object' || answer.error === null)) {
    return failure('internal', `Unexpected answer (HTTP ${response.status}).`);
  }
  return answer;
}
