/** Canned responses over REST (`/api/v1/canned`): the desk's and the signed-in agent's own. */
import type { CannedResponse } from '@parley/protocol/canned';
import { request } from './api.ts';

export interface CannedInput {
  scope: 'desk' | 'personal';
  shortcut: string;
  title: string;
  text: string;
}

export type CannedChange = Partial<Omit<CannedInput, 'scope'>>;

export const listCanned = () => request<{ canned: unknown }>('GET', '/canned');

export const createCanned = (body: CannedInput) => request<{ canned: CannedResponse }>('POST', '/canned', body);

export const updateCanned = (id: string, patch: CannedChange) =>
  request<{ canned: CannedResponse }>('PATCH', `/canned/${encodeURIComponent(id)}`, patch);

export const deleteCanned = (id: string) => request('DELETE', `/canned/${encodeURIComponent(id)}`);
