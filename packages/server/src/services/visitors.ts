import { AppError } from '../lib/app-error.ts';
import { hashSecret, newId, newSecret } from '../lib/ids.ts';
import type { ContactRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';

/** A new anonymous visitor identity. The token is returned once and only its hash is stored. */
export async function createVisitorSession(deps: ServiceDeps, deskId: string, ip: string): Promise<{ token: string; contact: ContactRecord }> {
  if (!(await deps.store.getDesk(deskId))) throw new AppError('not_found', `Unknown desk "${deskId}"`);
  await deps.limits.consume('visitorSessionsPerIp', ip);
  const token = newSecret();
  const at = iso(deps);
  const contact = await deps.store.createContact({
    id: newId(),
    deskId,
    name: null,
    email: null,
    createdAt: at,
    lastSeenAt: at,
    tokenHash: hashSecret(token),
  });
  return { token, contact };
}

export async function authenticateVisitor(deps: ServiceDeps, token: string): Promise<ContactRecord | null> {
  if (!token) return null;
  return deps.store.findContactByTokenHash(hashSecret(token));
}
