/**
 * Canned responses in the inbox: the shape check of the server's list, the values their placeholders are filled
 * with, and the settings form's rules (checked before sending; the server's refusals put at their fields).
 */
import { CANNED_SHORTCUT, type CannedResponse, type PlaceholderValues } from '@parley/protocol/canned';
import type { ErrorBody } from '@parley/protocol/errors';
import { formErrors, withField, type FormErrors } from './form-errors.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isCanned(v: unknown): v is CannedResponse {
  return (
    isRecord(v) &&
    typeof v.id === 'string' &&
    (v.ownerId === null || typeof v.ownerId === 'string') &&
    typeof v.shortcut === 'string' &&
    typeof v.title === 'string' &&
    typeof v.text === 'string'
  );
}

/** The well-formed entries of a list from the server, in shortcut order. */
export function cannedOf(value: unknown): CannedResponse[] {
  return (Array.isArray(value) ? value.filter(isCanned) : []).sort((a, b) => a.shortcut.localeCompare(b.shortcut));
}

export interface PlaceholderSource {
  contact: { name: string | null; email: string | null } | null;
  agentName: string;
  ticketNumber: number;
  deskName: string;
}

export function placeholderValues(source: PlaceholderSource): PlaceholderValues {
  return {
    'contact.name': source.contact?.name ?? null,
    'contact.email': source.contact?.email ?? null,
    'agent.name': source.agentName,
    'ticket.number': String(source.ticketNumber),
    'desk.name': source.deskName,
  };
}

/** Whether this agent may change or delete a response: their own personal ones; desk-wide ones if admin. */
export function mayEditCanned(canned: Pick<CannedResponse, 'ownerId'>, self: { id: string; role: string }): boolean {
  return canned.ownerId === null ? self.role === 'admin' : canned.ownerId === self.id;
}

export type CannedField = 'scope' | 'shortcut' | 'title' | 'text';

const RULES = {
  scope: 'form.required',
  shortcut: 'canned.shortcutRule',
  title: 'canned.titleRule',
  text: 'canned.textRule',
} as const;

/** The shortcut as the server keeps it (no leading `/`, lower case). */
export const normalShortcut = (typed: string): string => typed.trim().replace(/^\//u, '').toLowerCase();

/** What is wrong with the form before sending anything. */
export function checkCanned(input: { shortcut: string; title: string; text: string }): FormErrors<CannedField> {
  let errors: FormErrors<CannedField> = { fields: {}, general: null };
  if (!CANNED_SHORTCUT.test(normalShortcut(input.shortcut))) errors = withField(errors, 'shortcut', { key: RULES.shortcut });
  const title = input.title.trim();
  if (title === '' || title.length > 80) errors = withField(errors, 'title', { key: RULES.title });
  if (input.text.trim() === '') errors = withField(errors, 'text', { key: RULES.text });
  return errors;
}

/** The server's refusal at its field: a taken shortcut (`conflict`, field `shortcut`) or a rule (`invalid_input`). */
export function cannedErrors(error: ErrorBody | null, shortcut: string): FormErrors<CannedField> {
  if (error?.code === 'conflict' && isRecord(error.details) && error.details.field === 'shortcut') {
    return { fields: { shortcut: { key: 'canned.shortcutTaken', params: { shortcut: normalShortcut(shortcut) } } }, general: null };
  }
  return formErrors(error, RULES);
}

export const hasProblems = (errors: FormErrors<CannedField>): boolean =>
  errors.general !== null || Object.keys(errors.fields).length > 0;
