import type { PublicFormField } from '@parley/protocol';
import type { ProfileAnswers } from '../visitor-transport.ts';
import type { FormStrings } from './strings.ts';

/** What is wrong with one answer, in the forms' words. */
export type FieldError = 'errorRequired' | 'errorEmail' | 'errorPhone' | 'errorInvalid';

/** The same shapes the server checks (protocol's VisitorProfile), without shipping zod to the widget. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const PHONE = /^[+0-9 ()./-]*$/;

const KINDS: readonly string[] = ['name', 'email', 'phone', 'team', 'text'];

/** The pre-chat fields of the desk's config that can be shown (a malformed one is left out rather than break the chat). */
export function shownFields(list: unknown): PublicFormField[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((raw: unknown) => {
    const f = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const label = (typeof f['label'] === 'object' && f['label'] !== null ? f['label'] : {}) as Record<string, unknown>;
    if (typeof f['kind'] !== 'string' || !KINDS.includes(f['kind']) || typeof f['key'] !== 'string' || f['key'] === '') return [];
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    const options = Array.isArray(f['options'])
      ? (f['options'] as unknown[]).flatMap((o) => {
          const { id, name } = (typeof o === 'object' && o !== null ? o : {}) as Record<string, unknown>;
          return typeof id === 'string' && typeof name === 'string' ? [{ id, name }] : [];
        })
      : [];
    const field: PublicFormField = { kind: f['kind'] as PublicFormField['kind'], key: f['key'], label: { en: text(label['en']), ko: text(label['ko']) }, required: f['required'] === true };
    if (field.kind === 'team') field.options = options;
    return [field];
  });
}

/** One field's answer, found wrong before anything is sent (the server checks again, field by field). */
export function checkAnswer(field: Pick<PublicFormField, 'kind' | 'required'>, value: string): FieldError | null {
  const v = value.trim();
  if (v === '') return field.required ? 'errorRequired' : null;
  if (field.kind === 'email' && (!EMAIL.test(v) || v.length > 254)) return 'errorEmail';
  if (field.kind === 'phone' && (!PHONE.test(v) || v.length > 40)) return 'errorPhone';
  return null;
}

/** Every wrong answer, by field key. */
export function checkAnswers(fields: readonly PublicFormField[], values: Readonly<Record<string, string>>): Record<string, FieldError> {
  const errors: Record<string, FieldError> = {};
  for (const field of fields) {
    const error = checkAnswer(field, values[field.key] ?? '');
    if (error) errors[field.key] = error;
  }
  return errors;
}

/** The `visitor:profile` payload of a form's values (blank answers left out). */
export function toAnswers(form: ProfileAnswers['form'], fields: readonly PublicFormField[], values: Readonly<Record<string, string>>): ProfileAnswers {
  const answers: ProfileAnswers = { form };
  for (const field of fields) {
    const value = (values[field.key] ?? '').trim();
    if (value === '') continue;
    if (field.kind === 'text') answers.fields = { ...answers.fields, [field.key]: value };
    else if (field.kind === 'team') answers.teamId = value;
    else answers[field.kind] = value;
  }
  return answers;
}

/** The server's `invalid_input` details (`[{ path, message }]`) as errors by field key; null when none is a field. */
export function serverErrors(fields: readonly PublicFormField[], details: unknown): Record<string, FieldError> | null {
  if (!Array.isArray(details)) return null;
  const errors: Record<string, FieldError> = {};
  for (const detail of details as unknown[]) {
    const { path, message } = (typeof detail === 'object' && detail !== null ? detail : {}) as Record<string, unknown>;
    if (typeof path !== 'string') continue;
    const field = fields.find((f) => path === (f.kind === 'text' ? `fields.${f.key}` : f.kind === 'team' ? 'teamId' : f.kind));
    if (!field || errors[field.key]) continue;
    errors[field.key] =
      message === 'required' ? 'errorRequired' : field.kind === 'email' ? 'errorEmail' : field.kind === 'phone' ? 'errorPhone' : 'errorInvalid';
  }
  return Object.keys(errors).length ? errors : null;
}

/** A field's label: the desk's own words in the visitor's language (else the other one), else ours. */
export function labelOf(field: PublicFormField, locale: 'en' | 'ko', strings: FormStrings): string {
  const own = field.label[locale] || field.label[locale === 'en' ? 'ko' : 'en'];
  if (own) return own;
  return field.kind === 'text' ? field.key : strings[field.kind];
}
