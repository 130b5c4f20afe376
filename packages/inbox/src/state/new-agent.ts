/** The "Add an agent" form's rules: what is checked before sending, and what the server's refusal means for it. */
import type { ErrorBody } from '@parley/protocol/errors';
import { formErrors, withField, type FormErrors } from './form-errors.ts';
import { MIN_PASSWORD } from './password.ts';

export const NEW_AGENT_RULES = { name: 'form.name', email: 'form.email', password: 'form.password', role: 'form.required' } as const;
export type NewAgentField = keyof typeof NEW_AGENT_RULES;

/** The server's refusal spread over the form: a `conflict` is the e-mail already taken. */
export function newAgentErrors(error: ErrorBody | null): FormErrors<NewAgentField> {
  if (error?.code === 'conflict') return withField(formErrors<NewAgentField>(null, NEW_AGENT_RULES), 'email', { key: 'agents.emailTaken' });
  return formErrors(error, NEW_AGENT_RULES);
}

/** What is wrong before sending (a rough e-mail shape: the server has the last word). */
export function checkNewAgent(input: { name: string; email: string; password: string }): FormErrors<NewAgentField> {
  let found = newAgentErrors(null);
  if (input.name.trim() === '' || input.name.trim().length > 100) found = withField(found, 'name', { key: 'form.name' });
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email.trim())) found = withField(found, 'email', { key: 'form.email' });
  if (input.password.length < MIN_PASSWORD) found = withField(found, 'password', { key: 'form.password' });
  return found;
}

/**
 * The password to hand to an agent just added: the one the form generated (shown once, in full, with a copy button,
 * while the form is already empty for the next agent); a typed one the admin knows, and it is not shown.
 */
export function handedOver(password: string, generated: string | null): string | null {
  return generated !== null && generated === password ? password : null;
}
