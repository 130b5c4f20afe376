/**
 * Merging a duplicate contact from the sidebar, as pure functions: which search results the picker offers, how a
 * contact is named in it, and the words for a refused merge.
 */
import type { Contact } from '@parley/protocol/model';
import type { ErrorBody } from '@parley/protocol/errors';
import type { MessageKey } from '../i18n.ts';

/** The contacts a search offers to merge into: never the contact being merged. */
export const mergeTargets = (found: readonly Contact[], sourceId: string): Contact[] => found.filter((c) => c.id !== sourceId);

/** A contact as the picker names it: name, else e-mail, else phone (with the others after it), else null. */
export { contactLabel } from './contact-label.ts';

const REASONS = ['same_contact', 'already_merged', 'both_open'] as const;

/** The words for a refused merge (`details.reason`), or null for other failures. */
export function mergeReasonKey(error: ErrorBody): MessageKey | null {
  const reason = (error.details as { reason?: unknown } | undefined)?.reason;
  const known = REASONS.find((r) => r === reason);
  return known ? `merge.reason.${known}` : null;
}
