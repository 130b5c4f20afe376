import { FORM_FIELD_KINDS, MAX_FORM_FIELDS, type FormField, type WidgetForms } from '@parley/protocol';

/**
 * The widget's forms as stored in the desk's settings document, read tolerantly (as the rest of it, defaults.ts): a
 * missing or damaged value reads as "off", a damaged field is dropped rather than the whole form.
 */
export function readWidgetForms(raw: unknown): WidgetForms {
  const r = record(raw);
  const preChat = record(r?.preChat);
  const fields = Array.isArray(preChat?.fields) ? preChat.fields.map(readField).filter((f): f is FormField => f !== null) : [];
  const teamIds = Array.isArray(preChat?.teamIds) ? preChat.teamIds.filter((id): id is string => typeof id === 'string') : [];
  return {
    preChat: { enabled: preChat?.enabled === true, fields: fields.slice(0, MAX_FORM_FIELDS), teamIds },
    offline: { enabled: record(r?.offline)?.enabled === true },
    emailPrompt: r?.emailPrompt === true,
  };
}

function readField(raw: unknown): FormField | null {
  const f = record(raw);
  const kind = FORM_FIELD_KINDS.find((k) => k === f?.kind);
  if (!f || !kind || typeof f.key !== 'string' || f.key === '') return null;
  const label = record(f.label);
  return {
    kind,
    key: f.key,
    label: { en: typeof label?.en === 'string' ? label.en : '', ko: typeof label?.ko === 'string' ? label.ko : '' },
    required: f.required === true,
  };
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
