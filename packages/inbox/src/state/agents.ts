/**
 * The desk's agents (`GET /api/v1/agents`), for showing assignees by name and for the assignee select.
 * The directory may be missing (not loaded yet, or the request failed): every function then degrades to what
 * the inbox knows without it (the signed-in agent, and "another agent" for anyone else).
 */
import type { AgentProfile } from '@parley/protocol/model';

export type AgentDirectory = ReadonlyMap<string, AgentProfile>;

export const emptyDirectory: AgentDirectory = new Map();

/** A directory from the server's answer plus the signed-in agent (always known); one entry per id. */
export function createDirectory(agents: readonly AgentProfile[], self: AgentProfile): AgentDirectory {
  const byId = new Map<string, AgentProfile>();
  for (const agent of agents) byId.set(agent.id, agent);
  if (!byId.has(self.id)) byId.set(self.id, self);
  return byId;
}

/** The directory with one account as the server now describes it (a push, or the answer to an admin's change). */
export function withAgent(directory: AgentDirectory, agent: AgentProfile): AgentDirectory {
  const next = new Map(directory);
  next.set(agent.id, agent);
  return next;
}

/** How an assignee is shown. */
export type AssigneeView =
  | { kind: 'none' }
  | { kind: 'me'; name: string }
  | { kind: 'agent'; name: string }
  | { kind: 'unknown' };

export function assigneeView(assigneeId: string | null, selfId: string, directory: AgentDirectory): AssigneeView {
  if (assigneeId === null) return { kind: 'none' };
  const agent = directory.get(assigneeId);
  if (assigneeId === selfId) return { kind: 'me', name: agent?.name ?? '' };
  return agent ? { kind: 'agent', name: agent.name } : { kind: 'unknown' };
}

export interface AssigneeOption {
  /** '' stands for "unassigned" (a <select> value is a string). */
  value: string;
  view: AssigneeView;
}

/**
 * The assignee select's options: "unassigned", the signed-in agent, every other agent by name (in `locale`
 * order), only members when the ticket is a team's (`teamMembers`), and the current assignee when they are not
 * among those, so the select can always show the ticket's real value.
 */
export function assigneeOptions(
  directory: AgentDirectory,
  selfId: string,
  currentAssigneeId: string | null,
  locale: string,
  teamMembers: ReadonlySet<string> | null = null,
): AssigneeOption[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  const eligible = (id: string) => !teamMembers || teamMembers.has(id);
  // A deactivated agent takes no new tickets, nor does anyone outside the ticket's team; the current assignee stays
  // visible below whatever they are.
  const others = [...directory.values()]
    .filter((a) => a.id !== selfId && a.active && eligible(a.id))
    .sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id));
  const options: AssigneeOption[] = [
    { value: '', view: { kind: 'none' } },
    ...(eligible(selfId) ? [{ value: selfId, view: assigneeView(selfId, selfId, directory) }] : []),
    ...others.map((a) => ({ value: a.id, view: { kind: 'agent', name: a.name } as const })),
  ];
  if (currentAssigneeId !== null && !options.some((o) => o.value === currentAssigneeId)) {
    const known = directory.get(currentAssigneeId);
    options.push({ value: currentAssigneeId, view: known ? { kind: 'agent', name: known.name } : { kind: 'unknown' } });
  }
  return options;
}

/** A select value back to an `assigneeId`. */
export function assigneeFromValue(value: string): string | null {
  return value === '' ? null : value;
}
