import type { CannedResponse } from '@parley/protocol';
import { makeEvent } from '../events/catalogue.ts';
import { AppError } from '../lib/app-error.ts';
import { newId } from '../lib/ids.ts';
import { DuplicateKeyError } from '../store/errors.ts';
import type { AgentRecord, CannedChange, CannedRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';

const toCanned = (c: CannedRecord): CannedResponse => ({ ...c });

/** Desk-wide responses are the admins' to keep; personal ones their owner's. Everyone uses the desk-wide ones. */
function mayEdit(agent: AgentRecord, canned: CannedRecord): boolean {
  return canned.ownerId === null ? agent.role === 'admin' : canned.ownerId === agent.id;
}

export async function listCanned(deps: ServiceDeps, agent: AgentRecord): Promise<CannedResponse[]> {
  return (await deps.store.listCanned(agent.deskId, agent.id)).map(toCanned);
}

export async function createCanned(
  deps: ServiceDeps,
  agent: AgentRecord,
  input: { scope: 'desk' | 'personal'; shortcut: string; title: string; text: string },
): Promise<CannedResponse> {
  if (input.scope === 'desk' && agent.role !== 'admin') throw new AppError('forbidden', 'Only an admin keeps the desk-wide responses');
  const at = iso(deps);
  const canned: CannedRecord = {
    id: newId(),
    deskId: agent.deskId,
    ownerId: input.scope === 'desk' ? null : agent.id,
    shortcut: input.shortcut,
    title: input.title,
    text: input.text,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await deps.store.createCanned(canned, audit(deps, agent, 'canned.created', canned.id));
  } catch (err) {
    throw duplicate(err, input.shortcut);
  }
  return toCanned(canned);
}

export async function updateCanned(deps: ServiceDeps, agent: AgentRecord, id: string, change: CannedChange): Promise<CannedResponse> {
  const current = await editable(deps, agent, id);
  let updated: CannedRecord | null;
  try {
    updated = await deps.store.updateCanned(current.id, change, iso(deps), audit(deps, agent, 'canned.updated', id));
  } catch (err) {
    throw duplicate(err, change.shortcut ?? current.shortcut);
  }
  if (!updated) throw new AppError('not_found', 'No such canned response');
  return toCanned(updated);
}

export async function deleteCanned(deps: ServiceDeps, agent: AgentRecord, id: string): Promise<void> {
  await editable(deps, agent, id);
  if (!(await deps.store.deleteCanned(id, audit(deps, agent, 'canned.deleted', id)))) throw new AppError('not_found', 'No such canned response');
}

async function editable(deps: ServiceDeps, agent: AgentRecord, id: string): Promise<CannedRecord> {
  const canned = await deps.store.getCanned(id);
  // Someone else's personal response does not exist for this agent.
  if (!canned || canned.deskId !== agent.deskId || (canned.ownerId !== null && canned.ownerId !== agent.id)) {
    throw new AppError('not_found', 'No such canned response');
  }
  if (!mayEdit(agent, canned)) throw new AppError('forbidden', 'Only an admin changes the desk-wide responses');
  return canned;
}

function audit(deps: ServiceDeps, agent: AgentRecord, type: 'canned.created' | 'canned.updated' | 'canned.deleted', cannedId: string) {
  return makeEvent(type, { id: newId(), deskId: agent.deskId, conversationId: null, actor: { type: 'agent', id: agent.id }, at: iso(deps) }, { cannedId });
}

function duplicate(err: unknown, shortcut: string): unknown {
  return err instanceof DuplicateKeyError ? new AppError('conflict', `The shortcut /${shortcut} is taken`, { field: 'shortcut' }) : err;
}
