/**
 * Transfer and escalation as the ticket header offers them, as pure functions: which agents the transfer form
 * lists for a team, what its choices send, the next priority, and the words for a refusal's reason.
 */
import { PRIORITIES, type AgentProfile, type Priority, type Team } from '@parley/protocol/model';
import type { ErrorBody } from '@parley/protocol/errors';
import type { MessageKey } from '../i18n.ts';

/** The team choice: keep the ticket's team, no team, or a team's id. */
export const KEEP = 'keep';
export const NONE = 'none';

export interface TransferChoice {
  team: string;
  /** KEEP (the assignee stays if they are in the team), NONE (the team's queue), or an agent's id. */
  agent: string;
  note: string;
}

/** What the form sends: a kept choice is left out, NONE is null. */
export function transferPayload(choice: TransferChoice): { teamId?: string | null; assigneeId?: string | null; note: string } {
  const payload: { teamId?: string | null; assigneeId?: string | null; note: string } = { note: choice.note.trim() };
  if (choice.team !== KEEP) payload.teamId = choice.team === NONE ? null : choice.team;
  if (choice.agent !== KEEP) payload.assigneeId = choice.agent === NONE ? null : choice.agent;
  return payload;
}

/** Whether the form names anything to transfer to. */
export const transferReady = (choice: TransferChoice): boolean => choice.team !== KEEP || choice.agent !== KEEP;

/**
 * The agents the form offers: active ones, members of the team the ticket will be in (the chosen one, else its
 * current one; everyone when it will have none), by name.
 */
export function transferAgents(
  agents: Iterable<AgentProfile>,
  teams: readonly Team[],
  choice: Pick<TransferChoice, 'team'>,
  currentTeamId: string | null,
  locale: string,
): AgentProfile[] {
  const teamId = choice.team === KEEP ? currentTeamId : choice.team === NONE ? null : choice.team;
  const team = teamId === null ? null : teams.find((t) => t.id === teamId);
  const members = team ? new Set(team.memberIds) : null;
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  return [...agents]
    .filter((a) => a.active && (!members || members.has(a.id)))
    .sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id));
}

/** The level above `priority`; null at urgent. */
export function nextPriority(priority: Priority): Priority | null {
  return PRIORITIES[PRIORITIES.indexOf(priority) + 1] ?? null;
}

const REASONS = ['no_target', 'closed', 'unknown_team', 'unknown_agent', 'inactive_agent', 'not_team_member', 'unchanged', 'already_urgent'] as const;

/** The words for a refused transfer or escalation (`details.reason`), or null for other failures. */
export function handoffReasonKey(error: ErrorBody): MessageKey | null {
  if (error.code !== 'invalid_input') return null;
  const reason = (error.details as { reason?: unknown } | undefined)?.reason;
  const known = REASONS.find((r) => r === reason);
  return known ? `handoff.reason.${known}` : null;
}
