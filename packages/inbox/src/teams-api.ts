/** The teams' REST calls (admins create and change them; everyone lists them, see hooks/useTeams.ts). */
import type { Team } from '@parley/protocol/model';
import { request } from './api.ts';

export const createTeam = (name: string, memberIds: string[]) => request<{ team: Team }>('POST', '/teams', { name, memberIds });

export const updateTeam = (id: string, patch: { name?: string; memberIds?: string[] }) =>
  request<{ team: Team }>('PATCH', `/teams/${encodeURIComponent(id)}`, patch);
