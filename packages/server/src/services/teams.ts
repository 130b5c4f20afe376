import type { Team } from '@parley/protocol';
import { makeEvent } from '../events/catalogue.ts';
import { AppError } from '../lib/app-error.ts';
import { newId } from '../lib/ids.ts';
import { DuplicateKeyError } from '../store/errors.ts';
import type { AgentRecord, TeamPatch, TeamRecord } from '../store/types.ts';
import { requireAdmin } from './agents.ts';
import { iso, type ServiceDeps } from './deps.ts';

export const toTeam = (t: TeamRecord): Team => ({ id: t.id, deskId: t.deskId, name: t.name, memberIds: [...t.memberIds], createdAt: t.createdAt });

export async function listTeams(deps: ServiceDeps, agent: AgentRecord): Promise<Team[]> {
  return (await deps.store.listTeams(agent.deskId)).map(toTeam);
}

/** Teams (departments, tiers) are the admins' to make; members must be agents of the desk. */
export async function createTeam(deps: ServiceDeps, admin: AgentRecord, input: { name: string; memberIds: string[] }): Promise<Team> {
  requireAdmin(admin);
  const memberIds = await membersOfDesk(deps, admin, input.memberIds);
  const team: TeamRecord = { id: newId(), deskId: admin.deskId, name: input.name, memberIds, createdAt: iso(deps) };
  const event = makeEvent('team.created', base(deps, admin), { teamId: team.id, name: team.name });
  try {
    await deps.store.createTeam(team, event);
  } catch (err) {
    throw duplicateName(err, input.name);
  }
  deps.bus.emit('team.changed', { deskId: admin.deskId, teamId: team.id });
  return toTeam(team);
}

export async function updateTeam(deps: ServiceDeps, admin: AgentRecord, teamId: string, input: TeamPatch): Promise<Team> {
  requireAdmin(admin);
  const current = await deps.store.getTeam(teamId);
  if (!current || current.deskId !== admin.deskId) throw new AppError('not_found', 'No such team');
  const patch: TeamPatch = {};
  if (input.name !== undefined && input.name !== current.name) patch.name = input.name;
  if (input.memberIds !== undefined) patch.memberIds = await membersOfDesk(deps, admin, input.memberIds);
  if (Object.keys(patch).length === 0) return toTeam(current);
  const event = makeEvent('team.updated', base(deps, admin), { teamId, fields: Object.keys(patch) });
  let updated: TeamRecord | null;
  try {
    updated = await deps.store.updateTeam(teamId, patch, event);
  } catch (err) {
    throw duplicateName(err, input.name ?? current.name);
  }
  if (!updated) throw new AppError('not_found', 'No such team');
  deps.bus.emit('team.changed', { deskId: admin.deskId, teamId });
  return toTeam(updated);
}

async function membersOfDesk(deps: ServiceDeps, admin: AgentRecord, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const known = new Set((await deps.store.listAgents(admin.deskId)).map((a) => a.id));
  const unknown = unique.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new AppError('invalid_input', `memberIds: no such agent (${unknown.join(', ')})`, { field: 'memberIds', unknown });
  return unique;
}

const base = (deps: ServiceDeps, admin: AgentRecord) => ({
  id: newId(),
  deskId: admin.deskId,
  conversationId: null,
  actor: { type: 'agent' as const, id: admin.id },
  at: iso(deps),
});

function duplicateName(err: unknown, name: string): unknown {
  return err instanceof DuplicateKeyError ? new AppError('conflict', `A team named "${name}" already exists`, { field: 'name' }) : err;
}
