/**
 * A refused form, field by field. `invalid_input` names its fields in `details`: a list of zod issues
 * (`[{ path: 'widget.color', message }]`) or one rule of a service (`{ field: 'currentPassword', reason }`). Each form
 * says which of its fields a path belongs to and what that field expects, in words of our own (the server's words
 * are English); whatever no field claims is shown for the whole form.
 */
import type { ErrorBody } from '@parley/protocol/errors';
import type { MessageKey, Params } from '../i18n.ts';

export interface Problem {
  key: MessageKey;
  params?: Params;
}

export interface FormErrors<F extends string> {
  fields: Partial<Record<F, Problem>>;
  /** What no field claims (a conflict, the network, a field this form does not show). */
  general: ErrorBody | null;
}

interface Issue {
  path: string;
  reason: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The fields an `invalid_input` answer names (none for other codes or unreadable details). */
export function invalidIssues(error: ErrorBody): Issue[] {
  if (error.code !== 'invalid_input') return [];
  const { details } = error;
  if (Array.isArray(details)) {
    return details.filter(isRecord).flatMap((d) => (typeof d.path === 'string' ? [{ path: d.path, reason: null }] : []));
  }
  if (isRecord(details) && typeof details.field === 'string') {
    return [{ path: details.field, reason: typeof details.reason === 'string' ? details.reason : null }];
  }
  return [];
}

/** Words for a service's reasons, whichever field they concern. */
const REASONS: Record<string, MessageKey> = {
  wrong_password: 'form.wrongPassword',
  pinned: 'form.pinned',
};

/**
 * `error` spread over a form's fields: `rules` gives each field's expectation. A path belongs to the field it starts
 * with; an item of a list field (`allowedOrigins.2`) is told with `itemRules`' words and `{ line: 3 }`.
 */
export function formErrors<F extends string>(
  error: ErrorBody | null,
  rules: Record<F, MessageKey>,
  itemRules: Partial<Record<F, MessageKey>> = {},
): FormErrors<F> {
  const result: FormErrors<F> = { fields: {}, general: null };
  if (!error) return result;
  const names = Object.keys(rules) as F[];
  let claimed = false;
  for (const issue of invalidIssues(error)) {
    const field = names.find((name) => issue.path === name || issue.path.startsWith(`${name}.`));
    if (field === undefined || result.fields[field]) {
      claimed ||= field !== undefined;
      continue;
    }
    claimed = true;
    const rest = issue.path.slice(field.length + 1);
    const reason = issue.reason === null ? undefined : REASONS[issue.reason];
    const itemKey = itemRules[field];
    result.fields[field] =
      itemKey && /^\d+$/.test(rest) ? { key: itemKey, params: { line: Number(rest) + 1 } } : { key: reason ?? rules[field] };
  }
  if (!claimed) result.general = error;
  return result;
}

/** A field problem found before sending (the same shape as the server's). */
export function withField<F extends string>(errors: FormErrors<F>, field: F, problem: Problem): FormErrors<F> {
  return { ...errors, fields: { ...errors.fields, [field]: problem } };
}

/** The `details.reason` of an error, if any (`last_admin`, `assigned_elsewhere`...). */
export function reasonOf(error: ErrorBody): string | null {
  return isRecord(error.details) && typeof error.details.reason === 'string' ? error.details.reason : null;
}
