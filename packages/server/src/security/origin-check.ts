import type { IncomingMessage } from 'node:http';

/**
 * Which browser origins may open a socket or create a widget session. The widget's chat and the inbox are served
 * by Parley itself, so their requests come from Parley's own origin; other origins only when listed in
 * ALLOWED_ORIGINS (sites that call the API directly). Requests without an Origin header are not from a browser page.
 */
export function originAllowed(req: Pick<IncomingMessage, 'headers'>, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowedOrigins.includes(origin)) return true;
  const host = req.headers.host;
  if (!host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
