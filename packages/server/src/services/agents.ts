import type { AgentAdminPatchInput, AgentProfile, AgentRole, AgentSelf, ProfilePatchInput } from '@parley/protocol';
import { makeEvent, type DomainEvent } from '../events/catalogue.ts';
import { AppError } from '../lib/app-error.ts';
import { newId } from '../lib/ids.ts';
import { hashPassword, verifyPassword } from '../lib/password.ts';
import { NEW_AGENT_DEFAULTS } from '../store/defaults.ts';
import { DuplicateKeyError } from '../store/errors.ts';
import type { AgentPatch, AgentRecord } from '../store/types.ts';
import { toProfile, toSelf } from './agent-auth.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { logEvent } from './event-log.ts';

/** Roles are enforced here, in the service, whatever the transport. */
export function requireAdmin(agent: AgentRecord): void {
  if (agent.role !== 'admin') throw new AppError('forbidden', 'Only an admin can do this');
}

export async function listAgents(deps: ServiceDeps, agent: AgentRecord): Promise<AgentProfile[]> {
  return (await deps.store.listAgents(agent.deskId)).map(toProfile);
}

export async function createAgent(
  deps: ServiceDeps,
  admin: AgentRecord,
  input: { name: string; email: string; password: string; role: AgentRole },
): Promise<AgentProfile> {
  requireAdmin(admin);
  const record: AgentRecord = {
    ...NEW_AGENT_DEFAULTS,
    id: newId(),
    deskId: admin.deskId,
    name: input.name,
    email: input.email,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    createdAt: iso(deps),
  };
  try {
    await deps.store.createAgent(record);
  } catch (err) {
    if (err instanceof DuplicateKeyError) throw new AppError('conflict', `An agent with e-mail ${input.email} already exists`);
    throw err;
  }
  await logEvent(deps, admin.deskId, 'agent.created', { type: 'agent', id: admin.id }, { agentId: record.id, role: record.role });
  deps.bus.emit('agent.changed', { deskId: admin.deskId, agentId: record.id, agent: record });
  return toProfile(record);
}

/**
 * An admin changes another account: name, role, capacity, active. The desk always keeps one active admin, so the
 * last one can be neither demoted nor deactivated (nor do it to themselves). Deactivating ends every session at once.
 */
export async function updateAgentAsAdmin(deps: ServiceDeps, admin: AgentRecord, agentId: string, patch: AgentAdminPatchInput): Promise<AgentProfile> {
  requireAdmin(admin);
  const target = await agentOfDesk(deps, admin, agentId);
  const losesAdmin = target.role === 'admin' && target.active && (patch.role === 'agent' || patch.active === false);
  if (losesAdmin) {
    const admins = (await deps.store.listAgents(admin.deskId)).filter((a) => a.role === 'admin' && a.active);
    if (admins.length <= 1) {
      throw new AppError('conflict', 'The desk needs at least one active admin: make someone else an admin first', { reason: 'last_admin' });
    }
  }
  if (patch.active === false && target.id === admin.id) {
    throw new AppError('conflict', 'You cannot deactivate your own account', { reason: 'self_deactivation' });
  }
  const updated = await applyPatch(deps, admin, target, patch);
  if (patch.active === false && target.active) await endSessions(deps, target.id);
  return toProfile(updated);
}

/** The agent's own profile and preferences. */
export async function updateOwnProfile(deps: ServiceDeps, agent: AgentRecord, patch: ProfilePatchInput): Promise<AgentSelf> {
  const change: AgentPatch = { ...patch, preferences: patch.preferences ? { ...agent.preferences, ...patch.preferences } : undefined };
  if (!change.preferences) delete change.preferences;
  return toSelf(await applyPatch(deps, agent, agent, change));
}

export async function changeOwnPassword(deps: ServiceDeps, agent: AgentRecord, currentPassword: string, newPassword: string): Promise<void> {
  // A stolen session must not become a way to guess the password: wrong guesses count like failed logins.
  const accountKey = `${agent.deskId}:${agent.email}`;
  await deps.limits.check('loginFailuresPerAccount', accountKey);
  if (!(await verifyPassword(currentPassword, agent.passwordHash))) {
    await deps.limits.consume('loginFailuresPerAccount', accountKey).catch(() => undefined);
    throw new AppError('invalid_input', 'The current password is wrong', { field: 'currentPassword', reason: 'wrong_password' });
  }
  await deps.store.setAgentPassword(agent.id, await hashPassword(newPassword));
  await logEvent(deps, agent.deskId, 'agent.password_changed', { type: 'agent', id: agent.id }, { agentId: agent.id, by: 'self' });
}

/** An admin sets a new password for someone who lost theirs: every session of that agent ends. */
export async function resetAgentPassword(deps: ServiceDeps, admin: AgentRecord, agentId: string, newPassword: string): Promise<void> {
  requireAdmin(admin);
  const target = await agentOfDesk(deps, admin, agentId);
  await deps.store.setAgentPassword(target.id, await hashPassword(newPassword));
  await logEvent(deps, admin.deskId, 'agent.password_changed', { type: 'agent', id: admin.id }, { agentId: target.id, by: 'admin' });
  if (target.id !== admin.id) await endSessions(deps, target.id);
}

async function agentOfDesk(deps: ServiceDeps, admin: AgentRecord, agentId: string): Promise<AgentRecord> {
  const target = await deps.store.getAgent(agentId);
  if (!target || target.deskId !== admin.deskId) throw new AppError('not_found', 'No such agent');
  return target;
}

async function applyPatch(deps: ServiceDeps, actor: AgentRecord, target: AgentRecord, patch: AgentPatch): Promise<AgentRecord> {
  const fields = (Object.keys(patch) as (keyof AgentPatch)[]).filter((k) => patch[k] !== undefined);
  if (fields.length === 0) return target;
  const event: DomainEvent = makeEvent(
    'agent.updated',
    { id: newId(), deskId: target.deskId, conversationId: null, actor: { type: 'agent', id: actor.id }, at: iso(deps) },
    { agentId: target.id, fields },
  );
  const updated = await deps.store.updateAgent(target.id, patch, event);
  if (!updated) throw new AppError('not_found', 'No such agent');
  deps.bus.emit('agent.changed', { deskId: target.deskId, agentId: target.id, agent: updated });
  return updated;
}

async function endSessions(deps: ServiceDeps, agentId: string): Promise<void> {
  await deps.store.deleteAgentSessions(agentId);
  deps.bus.emit('agent.sessions_revoked', { agentId });
}
