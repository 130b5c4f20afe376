/**
 * The desk's teams (`GET /api/v1/teams`), loaded once per page and shared by every component that names teams;
 * `refresh` reloads them (a team made meanwhile by an admin shows up when the agent opens the team select).
 */
import { useEffect, useState } from 'preact/hooks';
import type { Team } from '@parley/protocol/model';
import { request } from '../api.ts';

type Listener = (teams: readonly Team[]) => void;

let teams: readonly Team[] = [];
let loading: Promise<void> | null = null;
const listeners = new Set<Listener>();

function isTeam(v: unknown): v is Team {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as Record<string, unknown>;
  return typeof t.id === 'string' && typeof t.name === 'string' && Array.isArray(t.memberIds);
}

export function refreshTeams(): Promise<void> {
  loading ??= request<{ teams: unknown }>('GET', '/teams')
    .then((answer) => {
      if (!answer.ok || !Array.isArray(answer.teams)) return;
      teams = answer.teams.filter(isTeam);
      for (const listener of listeners) listener(teams);
    })
    .finally(() => (loading = null));
  return loading;
}

export function useTeams(): { teams: readonly Team[]; refresh: () => Promise<void> } {
  const [current, setCurrent] = useState(teams);
  useEffect(() => {
    listeners.add(setCurrent);
    if (teams.length === 0) void refreshTeams();
    return () => void listeners.delete(setCurrent);
  }, []);
  return { teams: current, refresh: refreshTeams };
}

/** A team's name, or '' when it is not known (yet). */
export const teamName = (all: readonly Team[], id: string): string => all.find((t) => t.id === id)?.name ?? '';
