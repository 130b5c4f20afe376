import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../lib/app-error.ts';
import { hashSecret, newId, newSecret } from '../lib/ids.ts';
import { DuplicateKeyError } from '../store/errors.ts';
import { anonymousIdentityKey, externalIdentityKey } from '../store/records.ts';
import type { ContactRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { logEvent } from './event-log.ts';

/** A visitor identity vouched for by the site: `hash` is hex HMAC-SHA256(IDENTITY_SECRET, userId). */
export interface SignedIdentity {
  userId: string;
  hash: string;
  email?: string | undefined;
  name?: string | undefined;
}

export function identityHash(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex');
}

function verified(secret: string | undefined, identity: SignedIdentity): boolean {
  if (!secret) throw new AppError('invalid_input', 'identity: identity verification is not configured on this server (IDENTITY_SECRET)');
  const expected = Buffer.from(identityHash(secret, identity.userId), 'hex');
  const given = Buffer.from(identity.hash.toLowerCase(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A new visitor token. Anonymous: a new contact. Identified (signature verified): the contact of that user on this
 * desk, created on first sight, so every device of the user shares one contact and its history.
 * The token is returned once and only its hash is stored.
 */
export async function createVisitorSession(
  deps: ServiceDeps,
  deskId: string,
  ip: string,
  identity?: SignedIdentity,
  identitySecret?: string,
): Promise<{ token: string; contact: ContactRecord }> {
  if (!(await deps.store.getDesk(deskId))) throw new AppError('not_found', `Unknown desk "${deskId}"`);
  await deps.limits.consume('visitorSessionsPerIp', ip);
  if (identity && !verified(identitySecret, identity)) {
    await logEvent(deps, deskId, 'visitor.identity_rejected', { type: 'system', id: null }, { ip });
    throw new AppError('forbidden', 'identity: the signature does not match the user id');
  }
  const token = newSecret();
  const tokenHash = hashSecret(token);
  const at = iso(deps);
  if (identity) {
    const identityKey = externalIdentityKey(deskId, identity.userId);
    const known = await deps.store.findContactByIdentityKey(identityKey);
    if (known) {
      await deps.store.addVisitorToken(tokenHash, known.id, at);
      return { token, contact: known };
    }
  }
  const id = newId();
  const contact: ContactRecord = {
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
    const winner = await deps.store.findContactByIdentityKey(contact.identityKey);
    if (!winner) throw err;
    await deps.store.addVisitorToken(tokenHash, winner.id, at);
    return { token, contact: winner };
  }
}

export async function authenticateVisitor(deps: ServiceDeps, token: string): Promise<ContactRecord | null> {
  if (!token) return null;
  return deps.store.findContactByTokenHash(hashSecret(token));
}
