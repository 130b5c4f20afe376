import type { IncomingMessage } from 'node:http';
import { ownOrigin, type TrustProxy } from './request-identity.ts';

type Request = Pick<IncomingMessage, 'headers' | 'socket'>;

export interface OriginPolicy {
  /** Sites that embed the widget or call the visitor API from their pages (ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
  publicUrl: string | undefined;
  trustProxy: TrustProxy;
}

/**
 * The visitor surface (widget sessions, the /visitor namespace, visitors' uploads): Parley's own origin, where the
 * widget's frame lives, and the sites listed in ALLOWED_ORIGINS. Requests without an Origin header are not from a
 * browser page (browsers always send it cross-origin).
 */
export function visitorOriginAllowed(req: Request, policy: OriginPolicy): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  return policy.allowedOrigins.includes(origin) || origin === ownOrigin(req, policy.trustProxy, policy.publicUrl);
}

/**
 * The agent surface (the /agent namespace, every cookie-authenticated REST call): Parley's own origin only, scheme
 * included. A site listed for the widget may share Parley's registrable domain, and then the agent's SameSite=Strict
 * cookie travels with its requests: any script on it could otherwise act as the agent.
 */
export function agentOriginAllowed(req: Request, policy: OriginPolicy): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  return origin === ownOrigin(req, policy.trustProxy, policy.publicUrl);
}

/**
 * The pages that embed the widget, calling the visitor API from their own origin (the unread count): any origin when
 * ALLOWED_ORIGINS is empty (as the widget's frame-ancestors), else the listed ones and Parley's own.
 */
export function embedderOriginAllowed(req: Request, policy: OriginPolicy): boolean {
  return policy.allowedOrigins.length === 0 || visitorOriginAllowed(req, policy);
}
