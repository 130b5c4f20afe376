import type { AgentProfile, AgentRole } from '@parley/protocol';
import { AppError } from '../lib/app-error.ts';
import { newId } from '../lib/ids.ts';
import { hashPassword } from '../lib/password.ts';
import { DuplicateKeyError } from '../store/errors.ts';
import type { AgentRecord } from '../store/types.ts';
import { toProfile } from './agent-auth.ts';
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
  return toProfile(record);
}
