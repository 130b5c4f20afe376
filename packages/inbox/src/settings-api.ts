/** The settings screens' REST calls: the agent's own profile, the desk's agents (admins), the desk (admins). */
import type { AgentProfile, AgentRole, AgentSelf } from '@parley/protocol/model';
import type {
  AgentAdminPatchInput,
  DeskSettings,
  DeskSettingsPatchInput,
  IdentitySecretInput,
  ProfilePatchInput,
} from '@parley/protocol/settings';
import { request } from './api.ts';

export const updateProfile = (patch: ProfilePatchInput) => request<{ agent: AgentSelf }>('PATCH', '/auth/me', patch);

export const changePassword = (currentPassword: string, newPassword: string) =>
  request('POST', '/auth/me/password', { currentPassword, newPassword });

export interface NewAgent {
  name: string;
  email: string;
  password: string;
  role: AgentRole;
}

export const createAgent = (body: NewAgent) => request<{ agent: AgentProfile }>('POST', '/agents', body);

export const updateAgent = (id: string, patch: AgentAdminPatchInput) =>
  request<{ agent: AgentProfile }>('PATCH', `/agents/${encodeURIComponent(id)}`, patch);

export const resetPassword = (id: string, newPassword: string) =>
  request('POST', `/agents/${encodeURIComponent(id)}/password`, { newPassword });

export const deskSettings = () => request<{ settings: DeskSettings }>('GET', '/settings/desk');

export const updateDesk = (patch: DeskSettingsPatchInput) => request<{ settings: DeskSettings }>('PATCH', '/settings/desk', patch);

export const identitySecret = (body: IdentitySecretInput) =>
  request<{ settings: DeskSettings; secret?: string }>('POST', '/settings/desk/identity-secret', body);
