import { initialsOf, type AgentProfile, type AgentSelf } from '@parley/protocol';
import { AppError } from '../lib/app-error.ts';
import { hashSecret, newSecret } from '../lib/ids.ts';
import { hashPassword, verifyPassword } from '../lib/password.ts';
import type { AgentRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { logEvent } from './event-log.ts';


export function toProfile(agent: AgentRecord): AgentProfile {
  return {
    id: agent.id,
    deskId: agent.deskId,
    name: agent.name,
    email: agent.email,
    role: agent.role,
    active: agent.active,
    initials: agent.initials || initialsOf(agent.name),
    availability: agent.availability,
    capacity: agent.capacity,
  };
}

/** The signed-in agent's own view of their account. */
export function toSelf(agent: AgentRecord): AgentSelf {
  return { ...toProfile(agent), signature: agent.signature, preferences: { ...agent.preferences } };
}


// Verifying against a real hash when the e-mail is unknown keeps both paths equally slow (no account probing by timing).
let dummyHash: Promise<string> | undefined;

/**
 * Password login with three brakes: attempts per IP; failures per (account, IP), the one that stops guessing without
 * letting a stranger lock the owner out from elsewhere; and failures per account from anywhere, a much slower
 * curve against guessing spread over many addresses. All are lifted by time; a success clears its (account, IP).
 */
export async function login(
  deps: ServiceDeps,
  deskId: string,
  email: string,
  password: string,
  ip: string,
): Promise<{ agent: AgentRecord; token: string; expiresAt: Date }> {
  const accountKey = `${deskId}:${email}`;
  const accountIpKey = `${accountKey}:${ip}`;
  await deps.limits.consume('loginPerIp', ip);
  await deps.limits.check('loginFailuresPerAccountIp', accountIpKey);
  await deps.limits.check('loginFailuresPerAccount', accountKey);
  const agent = await deps.store.findAgentByEmail(deskId, email);
  const ok = agent
    ? await verifyPassword(password, agent.passwordHash)
    : await verifyPassword(password, await (dummyHash ??= hashPassword('not-a-password'))).then(() => false);
  if (!agent || !ok) {
    await deps.limits.consumeAll([['loginFailuresPerAccountIp', accountIpKey], ['loginFailuresPerAccount', accountKey]]).catch(() => undefined);
    await logEvent(deps, deskId, 'agent.login_failed', { type: 'system', id: null }, { ip });
    throw new AppError('unauthorized', 'Wrong e-mail or password');
  }
  // Only someone who knows the password learns that the account exists but is deactivated.
  if (!agent.active) throw new AppError('forbidden', 'This account is deactivated: ask an admin of your desk', { reason: 'deactivated' });
  await deps.limits.reset('loginFailuresPerAccountIp', accountIpKey);
  const token = newSecret();
  const expiresAt = new Date(deps.now().getTime() + deps.sessionTtlMs);
  await deps.store.createSession({ tokenHash: hashSecret(token), agentId: agent.id, createdAt: iso(deps), expiresAt: expiresAt.toISOString() });
  await logEvent(deps, deskId, 'agent.login', { type: 'agent', id: agent.id }, {});
  return { agent, token, expiresAt };
}

/** The agent behind a session token, or null when the token is unknown, expired or its agent is gone. */
export async function authenticateSession(deps: ServiceDeps, token: string): Promise<AgentRecord | null> {
  return (await liveSession(deps, token))?.agent ?? null;
}

/** The agent behind a session token and when the session ends, or null (unknown, expired, agent gone). */
export async function liveSession(deps: ServiceDeps, token: string): Promise<{ agent: AgentRecord; expiresAt: number } | null> {
  if (!token) return null;
  const session = await deps.store.getSession(hashSecret(token));
  if (!session) return null;
  const expiresAt = Date.parse(session.expiresAt);
  if (expiresAt <= deps.now().getTime()) {
    await deps.store.deleteSession(session.tokenHash);
    return null;
  }
  const agent = await deps.store.getAgent(session.agentId);
  return agent?.active ? { agent, expiresAt } : null;
}

export async function logout(deps: ServiceDeps, token: string): Promise<void> {
  const tokenHash = hashSecret(token);
  const session = await deps.store.getSession(tokenHash);
  await deps.store.deleteSession(tokenHash);
  if (session) deps.bus.emit('session.revoked', { agentId: session.agentId, tokenHash });
}
