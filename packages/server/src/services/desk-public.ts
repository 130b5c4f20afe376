import type { DeskPublicConfig, PublicForms } from '@parley/protocol';
import type { ServiceDeps } from './deps.ts';

/**
 * What the widget is told of the desk: its look and greeting, and its forms with the names of the teams the pre-chat
 * form offers (names only: never members, never the settings' secrets).
 */
export async function publicDeskConfig(deps: Pick<ServiceDeps, 'desk' | 'store'>): Promise<DeskPublicConfig> {
  const config = deps.desk.publicConfig();
  const { preChat, offline, emailPrompt } = deps.desk.current.settings.forms;
  const forms: PublicForms = { preChat: null, offline: offline.enabled, emailPrompt };
  if (preChat.enabled && preChat.fields.length > 0) {
    const teams = preChat.fields.some((f) => f.kind === 'team') ? await deps.store.listTeams(deps.desk.id) : [];
    const options = preChat.teamIds.flatMap((id) => teams.filter((t) => t.id === id).map((t) => ({ id: t.id, name: t.name })));
    forms.preChat = preChat.fields.map((f) => (f.kind === 'team' ? { ...f, label: { ...f.label }, options } : { ...f, label: { ...f.label } }));
  }
  return { ...config, forms };
}
