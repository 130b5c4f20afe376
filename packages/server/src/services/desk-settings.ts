import type { DeskSettings, DeskSettingsPatchInput, IdentitySecretInput, PinnableSetting } from '@parley/protocol';
import { makeEvent } from '../events/catalogue.ts';
import { AppError } from '../lib/app-error.ts';
import { newId, newSecret } from '../lib/ids.ts';
import type { AgentRecord, Desk, DeskChange } from '../store/types.ts';
import { requireAdmin } from './agents.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { formSettingsProblem } from '../domain/visitor-forms.ts';

/** The settings screen's view of the desk: everything but the identity secret's value. */
export function settingsView(desk: Desk, pinned: PinnableSetting[]): DeskSettings {
  const { widget, replyPolicy, routing, forms, identitySecret } = desk.settings;
  return {
    name: desk.name,
    widget: {
      color: widget.color,
      position: widget.position,
      launcherLabel: { ...widget.launcherLabel },
      greeting: { ...desk.greeting },
      sound: widget.sound,
      typingPreview: widget.typingPreview,
    },
    allowedOrigins: [...desk.allowedOrigins],
    replyPolicy,
    routing: { ...routing },
    forms: structuredClone(forms),
    identitySecret: { configured: identitySecret !== null },
    pinned,
    version: desk.version,
    updatedAt: desk.updatedAt,
  };
}

export function getDeskSettings(deps: ServiceDeps, admin: AgentRecord): DeskSettings {
  requireAdmin(admin);
  return settingsView(deps.desk.current, deps.desk.pinnedFields);
}

/**
 * Applies an admin's change. Fields the environment pins are refused by name (the screen shows them read-only);
 * a change made meanwhile by another admin is `conflict` (reload and apply again).
 */
export async function updateDeskSettings(deps: ServiceDeps, admin: AgentRecord, patch: DeskSettingsPatchInput): Promise<DeskSettings> {
  requireAdmin(admin);
  const pinned = deps.desk.pinnedFields;
  const stored = await deps.store.getDesk(deps.desk.id);
  if (!stored) throw new AppError('not_found', 'The desk is gone');
  const fields: string[] = [];
  const change: DeskChange = {
    name: stored.name,
    allowedOrigins: stored.allowedOrigins,
    greeting: stored.greeting,
    settings: structuredClone(stored.settings),
  };
  const refusePinned = (field: PinnableSetting, env: string) => {
    if (pinned.includes(field)) {
      throw new AppError('invalid_input', `${field} is set by ${env} in the server's environment; change it there`, { field, reason: 'pinned' });
    }
  };
  if (patch.name !== undefined && patch.name !== stored.name) {
    refusePinned('name', 'DESK_NAME');
    change.name = patch.name;
    fields.push('name');
  }
  if (patch.allowedOrigins !== undefined) {
    refusePinned('allowedOrigins', 'ALLOWED_ORIGINS');
    change.allowedOrigins = [...new Set(patch.allowedOrigins)];
    fields.push('allowedOrigins');
  }
  if (patch.widget) {
    const { greeting, ...look } = patch.widget;
    if (greeting) {
      change.greeting = { ...change.greeting, ...greeting };
      fields.push('widget.greeting');
    }
    if (look.launcherLabel) change.settings.widget.launcherLabel = { ...change.settings.widget.launcherLabel, ...look.launcherLabel };
    if (look.color) change.settings.widget.color = look.color;
    if (look.position) change.settings.widget.position = look.position;
    if (look.sound !== undefined) change.settings.widget.sound = look.sound;
    if (look.typingPreview !== undefined) change.settings.widget.typingPreview = look.typingPreview;
    for (const key of ['color', 'position', 'launcherLabel', 'sound', 'typingPreview'] as const) if (look[key] !== undefined) fields.push(`widget.${key}`);
  }
  if (patch.replyPolicy !== undefined) {
    change.settings.replyPolicy = patch.replyPolicy;
    fields.push('replyPolicy');
  }
  if (patch.routing) {
    change.settings.routing = { ...change.settings.routing, ...patch.routing };
    fields.push(...Object.keys(patch.routing).map((k) => `routing.${k}`));
  }
  if (patch.forms) {
    change.settings.forms = { ...change.settings.forms, ...patch.forms };
    checkForms(change.settings.forms, new Set((await deps.store.listTeams(deps.desk.id)).map((t) => t.id)));
    fields.push(...Object.keys(patch.forms).map((k) => `forms.${k}`));
  }
  return save(deps, admin, patch.version, change, fields);
}

/** The forms' teams must be the desk's own, and a team field must offer at least one. */
function checkForms(forms: DeskChange['settings']['forms'], teamIds: ReadonlySet<string>): void {
  const problem = formSettingsProblem(forms, teamIds);
  if (problem) throw new AppError('invalid_input', `${problem.path}: ${problem.message}`, [problem]);
}

/**
 * Sets, generates or removes the identity-verification secret. A generated secret is answered once, here, and never
 * shown again (the site's backend needs it; the screen only says whether one is configured).
 */
export async function setIdentitySecret(
  deps: ServiceDeps,
  admin: AgentRecord,
  input: IdentitySecretInput,
): Promise<{ settings: DeskSettings; secret?: string }> {
  requireAdmin(admin);
  if (deps.desk.pinnedFields.includes('identitySecret')) {
    throw new AppError('invalid_input', "The identity secret is set by IDENTITY_SECRET in the server's environment; change it there", {
      field: 'identitySecret',
      reason: 'pinned',
    });
  }
  const stored = await deps.store.getDesk(deps.desk.id);
  if (!stored) throw new AppError('not_found', 'The desk is gone');
  const secret = input.action === 'generate' ? newSecret() + newSecret() : input.action === 'set' ? input.secret : null;
  const change: DeskChange = { ...stored, settings: { ...stored.settings, identitySecret: secret } };
  const settings = await save(deps, admin, stored.version, change, ['identitySecret']);
  return input.action === 'generate' && secret ? { settings, secret } : { settings };
}

async function save(deps: ServiceDeps, admin: AgentRecord, version: number, change: DeskChange, fields: string[]): Promise<DeskSettings> {
  const id = deps.desk.id;
  const event = makeEvent('desk.updated', { id: newId(), deskId: id, conversationId: null, actor: { type: 'agent', id: admin.id }, at: iso(deps) }, {
    fields,
    version: version + 1,
  });
  const saved = await deps.store.updateDesk(id, version, change, iso(deps), event);
  if (!saved) throw new AppError('conflict', 'Another admin changed the settings meanwhile: reload them and apply your change again');
  deps.desk.accept(saved);
  deps.bus.emit('desk.changed', { deskId: id });
  return settingsView(deps.desk.current, deps.desk.pinnedFields);
}
