/**
 * The widget's forms in the desk settings form: the pre-chat form's built-in fields (each off, optional or required),
 * its custom fields (a contact attribute's key and a label per language), the teams its team choice offers, the
 * offline form and the e-mail prompt; and back to the `forms` part of a `PATCH /settings/desk` body.
 */
import type { FormField, WidgetForms } from '@parley/protocol/settings';
import type { Problem } from './form-errors.ts';

export const BUILTIN_FIELDS = ['name', 'email', 'phone', 'team'] as const;
export type BuiltinField = (typeof BUILTIN_FIELDS)[number];
export type Ask = 'off' | 'optional' | 'required';

export interface CustomFieldRow {
  key: string;
  labelEn: string;
  labelKo: string;
  required: boolean;
}

export interface FormsForm {
  preChat: boolean;
  builtins: Record<BuiltinField, Ask>;
  custom: CustomFieldRow[];
  teamIds: string[];
  offline: boolean;
  emailPrompt: boolean;
}

/** The same rule as a contact attribute's name (the server's AttributeKey). */
const ATTRIBUTE_KEY = /^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u;
const MAX_FIELDS = 12;

export function formsForm(forms: WidgetForms): FormsForm {
  const builtins: Record<BuiltinField, Ask> = { name: 'off', email: 'off', phone: 'off', team: 'off' };
  const custom: CustomFieldRow[] = [];
  for (const field of forms.preChat.fields) {
    if (field.kind === 'text') custom.push({ key: field.key, labelEn: field.label.en, labelKo: field.label.ko, required: field.required });
    else builtins[field.kind] = field.required ? 'required' : 'optional';
  }
  return {
    preChat: forms.preChat.enabled,
    builtins,
    custom,
    teamIds: [...forms.preChat.teamIds],
    offline: forms.offline.enabled,
    emailPrompt: forms.emailPrompt,
  };
}

export type FormsField = 'forms.preChat.fields' | 'forms.preChat.teamIds';

export type FormsPatch = { ok: true; forms: WidgetForms } | { ok: false; problems: Partial<Record<FormsField, Problem>> };

/** Checks what the server would refuse, naming the first wrong custom field by its line. */
export function formsPatch(form: FormsForm, knownTeamIds: ReadonlySet<string> | null): FormsPatch {
  const problems: Partial<Record<FormsField, Problem>> = {};
  const fields: FormField[] = [];
  for (const kind of BUILTIN_FIELDS) {
    const ask = form.builtins[kind];
    if (ask !== 'off') fields.push({ kind, key: kind, label: { en: '', ko: '' }, required: ask === 'required' });
  }
  const seen = new Set<string>(fields.map((f) => f.key));
  form.custom.forEach((row, i) => {
    const key = row.key.trim();
    const label = { en: row.labelEn.trim(), ko: row.labelKo.trim() };
    const bad = !ATTRIBUTE_KEY.test(key) || key.length > 40 || seen.has(key.toLowerCase()) || (label.en === '' && label.ko === '');
    if (bad && !problems['forms.preChat.fields']) problems['forms.preChat.fields'] = { key: 'form.customField', params: { line: i + 1 } };
    seen.add(key.toLowerCase());
    fields.push({ kind: 'text', key, label, required: row.required });
  });
  if (fields.length > MAX_FIELDS) problems['forms.preChat.fields'] = { key: 'form.tooManyFields', params: { count: MAX_FIELDS } };
  // A team deleted since the settings were loaded is dropped (null: the teams are not loaded yet, keep them all).
  const teamIds = form.teamIds.filter((id) => knownTeamIds === null || knownTeamIds.has(id));
  if (form.builtins.team !== 'off' && teamIds.length === 0) problems['forms.preChat.teamIds'] = { key: 'form.teamChoice' };
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    forms: { preChat: { enabled: form.preChat, fields, teamIds }, offline: { enabled: form.offline }, emailPrompt: form.emailPrompt },
  };
}
