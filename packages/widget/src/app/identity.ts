/**
 * A visitor identified by the site (identity verification), as its backend signed it:
 * - `token`: a JWT (HS256 with the identity secret) carrying `sub` (the user id) and optionally `email`, `name`,
 *   `exp`. `userId` is its `sub`, read here WITHOUT verifying (only the server can): it only tells which user a
 *   stored visitor token belongs to.
 * - legacy `hash`: hex HMAC-SHA256 of `userId`. It signs the user id only, so no e-mail or name travels with it.
 * Shared by the loader and the frame: no dependencies.
 */
export type VisitorIdentity = { userId: string; token: string } | { userId: string; hash: string };

export const IDENTITY_LIMITS = { userId: 200, hash: 128, token: 4096 } as const;

const HEX = /^[0-9a-f]+$/;
const JWT = /^[\w-]+\.([\w-]+)\.[\w-]*$/;

function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed !== '' && trimmed.length <= max ? trimmed : undefined;
}

/** The claims of a JWT (base64url JSON payload, UTF-8), unverified; `undefined` for anything malformed. */
function claimsOf(token: string): Record<string, unknown> | undefined {
  const match = token.length <= IDENTITY_LIMITS.token ? JWT.exec(token) : null;
  if (!match) return undefined;
  try {
    const binary = atob(match[1]!.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const payload: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return typeof payload === 'object' && payload ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The `sub` of a JWT, unverified; `undefined` for anything malformed. */
export function subjectOf(token: string): string | undefined {
  const claims = claimsOf(token);
  return claims && text(claims['sub'], IDENTITY_LIMITS.userId);
}

/**
 * What an identity token states of the user besides `sub` (`email`, `name`; unverified), as a string to compare with
 * the one kept with the visitor token: `''` when it states neither (or for a legacy identity).
 */
export function profileOf(identity: VisitorIdentity | null | undefined): string {
  const claims = identity && 'token' in identity ? claimsOf(identity.token) : undefined;
  const profile = claims ? [claims['email'] ?? null, claims['name'] ?? null] : [null, null];
  return profile[0] === null && profile[1] === null ? '' : JSON.stringify(profile);
}

/**
 * The identity in `input` (from script attributes, the fragment, `Parley.identify()` or a message), or `null`.
 * A `token` (trimmed) wins and must be a JWT with a `sub`; else a `userId` and hex `hash` (trimmed, at most 200 and
 * 128 characters). Anything else, `email` and `name` included, is ignored: they count only signed, in the token.
 */
export function readIdentity(input: unknown): VisitorIdentity | null {
  if (typeof input !== 'object' || input === null) return null;
  const { userId: rawId, hash: rawHash, token: rawToken } = input as Record<string, unknown>;
  if (typeof rawToken === 'string') {
    const token = rawToken.trim();
    const sub = subjectOf(token);
    return sub ? { userId: sub, token } : null;
  }
  const userId = text(rawId, IDENTITY_LIMITS.userId);
  const hash = text(rawHash, IDENTITY_LIMITS.hash)?.toLowerCase();
  return userId && hash && HEX.test(hash) ? { userId, hash } : null;
}

/** The `userId` a stored token must belong to: `null` for an anonymous visitor. */
export function ownerOf(identity: VisitorIdentity | null | undefined): string | null {
  return identity ? identity.userId : null;
}
