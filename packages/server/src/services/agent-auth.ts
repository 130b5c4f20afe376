import type { AgentProfile } from '@parley/protocol';
import { AppError } from '../lib/app-error.ts';
import { hashSecret, newSecret } from '../lib/ids.ts';
import { hashPassword, verifyPassword } from '../lib/password.ts';
import type { AgentRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { logEvent } from './event-log.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export function toProfile(agent: AgentRecord): AgentProfile {
  return { id: agent.id, deskId: agent.deskId, name: agent.name, email: agent.email, role: agent.role };
}

// Verifying against a real hash when the e-mail is unknown keeps both paths equally slow (no account probing by timing).
let dummyHash: Promise<string> | undefined;

/**
 * Password login with two brakes: attempts per IP, and a lock-out of the account after repeated failures
 * (from any IP), lifted by time; a successful login clears the account's failures.
 */
export async function login(
  deps: ServiceDeps,
  deskId: string,
  email: string,
  password: string,
  ip: string,
): Promise<{ agent: AgentRecord; token: string; expiresAt: Date }> {
  const accountKey = `${deskId}:${email}`;
  await deps.limits.consume('loginPerIp', ip);
  await deps.limits.check('loginFailuresPerAccount', accountKey);
  const agent = await deps.store.findAgentByEmail(deskId, email);
  const ok = agent
    ? await verifyPassword(password, agent.passwordHash)
    : await verifyPassword(password, await (dummyHash ??= hashPassword('not-a-password'))).then(() => false);
  if (!agent || !ok) {
    await deps.limits.consume('loginFailuresPerAccount', accountKey).catch(() => undefined);
    await logEvent(deps, deskId, 'agent.login_failed', { type: 'system', id: null }, { ip });
    throw new AppError('unauthorized', 'Wrong e-mail or password');
  }
  await deps.limits.reset('loginFailuresPerAccount', accountKey);
  const token = newSecret();
  const expiresAt = new Date(deps.now().getTime() + SESSION_TTL_MS);
  await deps.store.createSession({ tokenHash: hashSecret(token), agentId: agent.id, createdAt: iso(deps), expiresAt: expiresAt.toISOString() });
  await logEvent(deps, deskId, 'agent.login', { type: 'agent', id: agent.id }, {});
  return { agent, token, expiresAt };
}

/** The agent behind a session token, or null when the token is unknown, expired or its agent is gone. */
export async function authenticateSession(deps: ServiceDeps, token: string): Promise<AgentRecord | null> {
  if (!token) return null;
  const session = await deps.store.getSession(hashSecret(token));
  if (!session) return null;
  if (Date.parse(session.expiresAt) <= deps.now().getTime()) {
    await deps.store.deleteSession(session.tokenHash);
    return null;
  }
  return deps.store.getAgent(session.agentId);
}

export async function logout(deps: ServiceDeps, token: string): Promise<void> {
  const tokenHash = hashSecret(token);
  const session = await deps.store.getSession(tokenHash);
  await deps.store.deleteSession(tokenHash);
  if (session) deps.bus.emit('session.revoked', { agentId: session.agentId, tokenHash });
}
