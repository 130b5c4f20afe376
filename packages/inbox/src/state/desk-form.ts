/**
 * The desk settings form: the settings as editable text, and back to a `PATCH /settings/desk` body. Fields the
 * server's environment pins are left out of the patch (the server would refuse them); what is wrong is found here
 * first, field by field, with the same field names as the server's answers (`widget.color`, `allowedOrigins.2`).
 */
import type {
  DeskSettings,
  DeskSettingsPatchInput,
  ReplyPolicy,
  RoutingMode,
  WidgetPosition,
} from '@parley/protocol/settings';
import { parseCapacity } from './capacity.ts';
import type { Problem } from './form-errors.ts';
import { parseOrigins } from './origins.ts';
import { formsForm, formsPatch, type FormsForm } from './forms-form.ts';

export interface DeskForm {
  name: string;
  color: string;
  position: WidgetPosition;
  launcherEn: string;
  launcherKo: string;
  greetingEn: string;
  greetingKo: string;
  /** The widget's chime for an agent's reply while the chat is closed. */
  sound: boolean;
  /** Agents see the visitor's unsent text (a privacy choice, off by default). */
  typingPreview: boolean;
  /** One origin per line. */
  origins: string;
  replyPolicy: ReplyPolicy;
  routingMode: RoutingMode;
  defaultCapacity: string;
  reassignWhenOffline: boolean;
  forms: FormsForm;
}

export const DESK_RULES = {
  name: 'form.name',
  'widget.color': 'form.color',
  'widget.position': 'form.required',
  'widget.launcherLabel.en': 'form.text40',
  'widget.launcherLabel.ko': 'form.text40',
  'widget.greeting.en': 'form.text500',
  'widget.greeting.ko': 'form.text500',
  allowedOrigins: 'form.origins',
  replyPolicy: 'form.required',
  'routing.mode': 'form.required',
  'routing.defaultCapacity': 'form.capacityRequired',
  'routing.reassignWhenOffline': 'form.required',
  'forms.preChat.fields': 'form.customFields',
  'forms.preChat.teamIds': 'form.teamChoice',
  'forms.preChat': 'form.required',
  'forms.offline': 'form.required',
  'forms.emailPrompt': 'form.required',
} as const;
export type DeskField = keyof typeof DESK_RULES;

export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

export function deskForm(settings: DeskSettings): DeskForm {
  const { widget, routing } = settings;
  return {
    name: settings.name,
    color: widget.color,
    position: widget.position,
    launcherEn: widget.launcherLabel.en,
    launcherKo: widget.launcherLabel.ko,
    greetingEn: widget.greeting.en,
    greetingKo: widget.greeting.ko,
    sound: widget.sound,
    typingPreview: widget.typingPreview,
    origins: settings.allowedOrigins.join('\n'),
    replyPolicy: settings.replyPolicy,
    routingMode: routing.mode,
    defaultCapacity: String(routing.defaultCapacity),
    reassignWhenOffline: routing.reassignWhenOffline,
    forms: formsForm(settings.forms),
  };
}

export type DeskPatchResult =
  | { ok: true; patch: DeskSettingsPatchInput }
  | { ok: false; problems: Partial<Record<DeskField, Problem>> };

/** `teamIds`: the desk's teams as loaded (null: not loaded yet), to drop a team deleted meanwhile from the choice. */
export function deskPatch(form: DeskForm, settings: Pick<DeskSettings, 'version' | 'pinned'>, teamIds: ReadonlySet<string> | null = null): DeskPatchResult {
  const problems: Partial<Record<DeskField, Problem>> = {};
  const pinned = (field: 'name' | 'allowedOrigins') => settings.pinned.includes(field);
  const name = form.name.trim();
  if (!pinned('name') && (name === '' || name.length > 100)) problems.name = { key: 'form.name' };
  if (!HEX_COLOR.test(form.color.trim())) problems['widget.color'] = { key: 'form.color' };
  const long = (text: string, max: number) => text.trim().length > max;
  if (long(form.launcherEn, 40)) problems['widget.launcherLabel.en'] = { key: 'form.text40' };
  if (long(form.launcherKo, 40)) problems['widget.launcherLabel.ko'] = { key: 'form.text40' };
  if (long(form.greetingEn, 500)) problems['widget.greeting.en'] = { key: 'form.text500' };
  if (long(form.greetingKo, 500)) problems['widget.greeting.ko'] = { key: 'form.text500' };
  const origins = parseOrigins(form.origins);
  if (!pinned('allowedOrigins')) {
    const line = origins.invalidLines[0];
    if (line !== undefined) problems.allowedOrigins = { key: 'form.originLine', params: { line } };
    else if (origins.origins.length > 50) problems.allowedOrigins = { key: 'form.origins' };
  }
  const capacity = parseCapacity(form.defaultCapacity);
  if (typeof capacity !== 'number') problems['routing.defaultCapacity'] = { key: 'form.capacityRequired' };
  const forms = formsPatch(form.forms, teamIds);
  if (!forms.ok) Object.assign(problems, forms.problems);
  if (Object.keys(problems).length > 0 || typeof capacity !== 'number' || !forms.ok) return { ok: false, problems };

  return {
    ok: true,
    patch: {
      version: settings.version,
      ...(pinned('name') ? {} : { name }),
      widget: {
        color: form.color.trim().toLowerCase(),
        position: form.position,
        launcherLabel: { en: form.launcherEn.trim(), ko: form.launcherKo.trim() },
        greeting: { en: form.greetingEn.trim(), ko: form.greetingKo.trim() },
        sound: form.sound,
        typingPreview: form.typingPreview,
      },
      ...(pinned('allowedOrigins') ? {} : { allowedOrigins: origins.origins }),
      replyPolicy: form.replyPolicy,
      routing: { mode: form.routingMode, defaultCapacity: capacity, reassignWhenOffline: form.reassignWhenOffline },
      forms: forms.forms,
    },
  };
}
