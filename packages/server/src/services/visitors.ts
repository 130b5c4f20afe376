import { NEW_CONTACT_DEFAULTS } from '../store/defaults.ts';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { IdentityClaims, type VisitorIdentityInput } from '@parley/protocol';
import { errors as jose, jwtVerify } from 'jose';
import { AppError } from '../lib/app-error.ts';
import { hashSecret, newId, newSecret } from '../lib/ids.ts';
import { DuplicateKeyError } from '../store/errors.ts';
import { anonymousIdentityKey, externalIdentityKey } from '../store/records.ts';
import type { ContactRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { logEvent } from './event-log.ts';

/** How far a site's clock may be from ours when `exp` / `nbf` of an identity token are checked. */
export const IDENTITY_CLOCK_SKEW_SECONDS = 60;

/**
 * Who the site vouches for. `name` and `email` are present only when signed (an identity token); `undefined`
 * means "not stated": the stored value stays.
 */
interface VerifiedIdentity {
  userId: string;
  name?: string | undefined;
  email?: string | undefined;
}

class IdentityRefused extends Error {}

function legacyHash(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex');
}

/** The legacy form signs the user id only: nothing else is taken from it. */
function verifyLegacy(secret: string, userId: string, hash: string): VerifiedIdentity {
  const expected = Buffer.from(legacyHash(secret, userId), 'hex');
  const given = Buffer.from(hash.toLowerCase(), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new IdentityRefused('identity: the signature does not match the user id');
  }
  return { userId };
}

/** Why a token was refused, for the site's developer: never the secret nor the token. */
function refusal(err: unknown): IdentityRefused {
  if (err instanceof jose.JWTExpired) {
    return new IdentityRefused(`identity: the token expired (exp; Parley allows ${IDENTITY_CLOCK_SKEW_SECONDS} s of clock skew)`);
  }
  if (err instanceof jose.JWTClaimValidationFailed) {
    return new IdentityRefused(`identity: the token's "${err.claim}" claim is not valid (${err.reason})`);
  }
  if (err instanceof jose.JOSEAlgNotAllowed) {
    return new IdentityRefused('identity: the token must be signed with HS256 (its "alg" is not allowed)');
  }
  if (err instanceof jose.JWSSignatureVerificationFailed) {
    return new IdentityRefused('identity: the token\'s signature does not match (it must be signed with IDENTITY_SECRET)');
  }
  if (err instanceof jose.JOSEError) return new IdentityRefused('identity: the token is malformed (a JWS in compact form is expected)');
  throw err;
}

/** A JWT signed with HS256 and IDENTITY_SECRET; `exp` honoured when present. Only HS256: `none`, RS*, ES* are refused. */
async function verifyToken(secret: string, token: string): Promise<VerifiedIdentity> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      clockTolerance: IDENTITY_CLOCK_SKEW_SECONDS,
    }));
  } catch (err) {
    throw refusal(err);
  }
  const claims = IdentityClaims.safeParse(payload);
  if (!claims.success) {
    const names = [...new Set(claims.error.issues.map((issue) => String(issue.path[0] ?? 'payload')))];
    throw new IdentityRefused(`identity: the token's ${names.map((n) => `"${n}"`).join(', ')} claim is missing or not valid`);
  }
  const { sub, name, email } = claims.data;
  return { userId: sub, name: name ?? undefined, email: email ?? undefined };
}

async function verify(deps: ServiceDeps, deskId: string, ip: string, identity: VisitorIdentityInput, secret: string | undefined): Promise<VerifiedIdentity> {
  if (!secret) throw new AppError('invalid_input', 'identity: identity verification is not configured on this server (IDENTITY_SECRET)');
  try {
    return 'token' in identity ? await verifyToken(secret, identity.token) : verifyLegacy(secret, identity.userId, identity.hash);
  } catch (err) {
    if (!(err instanceof IdentityRefused)) throw err;
    await logEvent(deps, deskId, 'visitor.identity_rejected', { type: 'system', id: null }, { ip });
    throw new AppError('forbidden', err.message);
  }
}

/** The contact as the site now signs it: a verified name or e-mail that differs from the stored one replaces it. */
async function withSignedProfile(deps: ServiceDeps, contact: ContactRecord, identity: VerifiedIdentity): Promise<ContactRecord> {
  const profile = {
    name: identity.name ?? contact.name,
    email: identity.email ?? contact.email,
    verified: { name: identity.name !== undefined || contact.verified.name, email: identity.email !== undefined || contact.verified.email },
  };
  const same = profile.name === contact.name && profile.email === contact.email;
  if (same && profile.verified.name === contact.verified.name && profile.verified.email === contact.verified.email) return contact;
  return (await deps.store.updateContact(contact.id, profile)) ?? { ...contact, ...profile };
}

/**
 * A new visitor token. Anonymous: a new contact. Identified (signature verified): the contact of that user on this
 * desk, created on first sight, so every device of the user shares one contact and its history. A verified token's
 * name and e-mail replace the stored ones (the site's signed values are the truth); the legacy hash form never
 * sets them, and nothing is ever merged on them.
 * The token is returned once and only its hash is stored.
 */
export async function createVisitorSession(
  deps: ServiceDeps,
  deskId: string,
  ip: string,
  given?: VisitorIdentityInput,
  identitySecret?: string,
): Promise<{ token: string; contact: ContactRecord }> {
  if (!(await deps.store.getDesk(deskId))) throw new AppError('not_found', `Unknown desk "${deskId}"`);
  await deps.limits.consume('visitorSessionsPerIp', ip);
  const identity = given ? await verify(deps, deskId, ip, given, identitySecret) : undefined;
  const token = newSecret();
  const tokenHash = hashSecret(token);
  const at = iso(deps);
  if (identity) {
    const identityKey = externalIdentityKey(deskId, identity.userId);
    const known = await followMerge(deps, await deps.store.findContactByIdentityKey(identityKey));
    if (known) {
      const contact = await withSignedProfile(deps, known, identity);
      await deps.store.addVisitorToken(tokenHash, known.id, at);
      return { token, contact };
    }
  }
  const id = newId();
  const contact: ContactRecord = {
    ...NEW_CONTACT_DEFAULTS,
    verified: { name: identity?.name !== undefined, email: identity?.email !== undefined },
    id,
    deskId,
    name: identity?.name ?? null,
    email: identity?.email ?? null,
    externalId: identity?.userId ?? null,
    identityKey: identity ? externalIdentityKey(deskId, identity.userId) : anonymousIdentityKey(id),
    createdAt: at,
    lastSeenAt: at,
    tokenHash,
  };
  try {
    return { token, contact: await deps.store.createContact(contact) };
  } catch (err) {
    // Two devices of one user identified at the same moment: the other created the contact; join it.
    if (!(err instanceof DuplicateKeyError) || !identity) throw err;
    const winner = await followMerge(deps, await deps.store.findContactByIdentityKey(contact.identityKey));
    if (!winner) throw err;
    const joined = await withSignedProfile(deps, winner, identity);
    await deps.store.addVisitorToken(tokenHash, winner.id, at);
    return { token, contact: joined };
  }
}

export async function authenticateVisitor(deps: ServiceDeps, token: string): Promise<ContactRecord | null> {
  if (!token) return null;
  return followMerge(deps, await deps.store.findContactByTokenHash(hashSecret(token)));
}

/**
 * A contact merged into another stands for that one: its visitor's tokens and its identity open the target, so a
 * returning visitor keeps their history (merges point straight at the final target, one look suffices).
 */
async function followMerge(deps: ServiceDeps, contact: ContactRecord | null): Promise<ContactRecord | null> {
  if (!contact?.mergedInto) return contact;
  return (await deps.store.getContact(contact.mergedInto)) ?? contact;
}
