import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What Parley writes to its log, field by field. An allow-list: headers, query strings, bodies and cookies are never
 * logged unless named here, so a new credential-bearing header or parameter cannot leak by default.
 */

const REQUEST_HEADERS = ['host', 'origin', 'user-agent', 'content-type', 'content-length', 'x-request-id'] as const;
const RESPONSE_HEADERS = ['content-type', 'content-length'] as const;

/** Path segments that are capabilities (whoever knows one may read it): logged as a placeholder. */
const CAPABILITY_PATHS: ReadonlyArray<[RegExp, string]> = [[/^\/api\/v1\/attachments\/[^/]+(\/.*)?$/, '/api/v1/attachments/:id']];

/** The path only: query strings carry Socket.IO session ids and whatever a caller put there. */
export function loggedPath(url: string | undefined): string {
  const path = (url ?? '').split(/[?#]/, 1)[0] ?? '';
  for (const [pattern, placeholder] of CAPABILITY_PATHS) if (pattern.test(path)) return placeholder;
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

function pick(headers: IncomingMessage['headers'] | ReturnType<ServerResponse['getHeaders']>, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    if (typeof value === 'string' || typeof value === 'number') out[name] = String(value).slice(0, 200);
  }
  return out;
}

export function requestView(req: IncomingMessage & { id?: unknown; ip?: string; originalUrl?: string }): Record<string, unknown> {
  return {
    id: req.id,
    method: req.method,
    path: loggedPath(req.originalUrl ?? req.url),
    ip: req.ip ?? req.socket?.remoteAddress,
    headers: pick(req.headers, REQUEST_HEADERS),
  };
}

export function responseView(res: ServerResponse): Record<string, unknown> {
  return { statusCode: res.statusCode, headers: pick(res.getHeaders(), RESPONSE_HEADERS) };
}

/**
 * Connection strings in messages lose their user:password part. A scheme starts only where a run of scheme
 * characters starts (the lookbehind), so each run is scanned once: `\b` let every `.` or `-` in "a.a.a.a…" start a
 * new scan to the end of the run, quadratic in an error message that quotes user input.
 */
export function scrubText(text: string): string {
  return text.replace(/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1***@');
}

export function errorView(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: scrubText(String(err)) };
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    message: scrubText(err.message),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(err.stack ? { stack: scrubText(err.stack) } : {}),
  };
}
