import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import proxyAddr from 'proxy-addr';

/** Which peers are reverse proxies whose X-Forwarded-* headers are believed (Express's `trust proxy`). */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY with Express's semantics: `false` (no proxy), `true` (trust every hop: only behind a proxy that
 * overwrites X-Forwarded-For), a hop count, or a comma-separated list of addresses, CIDR ranges and the names
 * `loopback`, `linklocal`, `uniquelocal`. Throws a TypeError naming what it cannot read.
 */
export function compileTrustProxy(setting: string): TrustProxy {
  const value = setting.trim();
  if (value === 'true') return () => true;
  if (value === 'false') return () => false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new TypeError('empty');
  return proxyAddr.compile(list);
}

type Request = Pick<IncomingMessage, 'headers' | 'socket'>;

/** The client's address: the peer, or what trusted proxies say it was. The same for REST calls and sockets. */
export function clientAddress(req: Request, trust: TrustProxy): string {
  return proxyAddr(req as IncomingMessage, trust);
}

/** https when the connection is TLS, or a trusted proxy says the client used https. */
export function requestScheme(req: Request, trust: TrustProxy): 'http' | 'https' {
  if ((req.socket as TLSSocket).encrypted) return 'https';
  const peer = req.socket.remoteAddress ?? '';
  const forwarded = req.headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return proto === 'https' && trust(peer, 0) ? 'https' : 'http';
}

/**
 * Parley's own origin, scheme included: PUBLIC_URL's when it is set, else the one this request was addressed to.
 * The inbox and the widget's frame are served from it.
 */
export function ownOrigin(req: Request, trust: TrustProxy, publicUrl: string | undefined): string | null {
  if (publicUrl) return new URL(publicUrl).origin;
  const host = req.headers.host;
  if (!host) return null;
  try {
    return new URL(`${requestScheme(req, trust)}://${host}`).origin;
  } catch {
    return null;
  }
}
