/**
 * A visitor identified by the site (identity verification): `hash` is the site's hex HMAC-SHA256 of `userId` with
 * its identity secret, computed by the site's backend. Shared by the loader and the frame: no dependencies.
 */
export interface VisitorIdentity {
  userId: string;
  hash: string;
  email?: string;
  name?: string;
}

export const IDENTITY_LIMITS = { userId: 200, hash: 128, email: 254, name: 100 } as const;

const HEX = /^[0-9a-f]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed !== '' && trimmed.length <= max ? trimmed : undefined;
}

/**
 * The identity in `input` (from script attributes, the fragment, `Parley.identify()` or a message), or `null`
 * without a usable `userId` and hex `hash` (trimmed, at most 200 and 128 characters). An over-long or malformed
 * `email` / `name` is left out rather than failing the whole identity.
 */
export function readIdentity(input: unknown): VisitorIdentity | null {
  if (typeof input !== 'object' || input === null) return null;
  const { userId: rawId, hash: rawHash, email: rawEmail, name: rawName } = input as Record<string, unknown>;
  const userId = text(rawId, IDENTITY_LIMITS.userId);
  const hash = text(rawHash, IDENTITY_LIMITS.hash)?.toLowerCase();
  if (!userId || !hash || !HEX.test(hash)) return null;
  const identity: VisitorIdentity = { userId, hash };
  const email = text(rawEmail, IDENTITY_LIMITS.email);
  const name = text(rawName, IDENTITY_LIMITS.name);
  if (email && EMAIL.test(email)) identity.email = email;
  if (name) identity.name = name;
  return identity;
}

/** The `userId` a stored token must belong to: `null` for an anonymous visitor. */
export function ownerOf(identity: VisitorIdentity | null | undefined): string | null {
  return identity ? identity.userId : null;
}
