/**
 * Merging a duplicate contact from the sidebar, as pure functions: which search results the picker offers and the
 * words for a refused merge (the picker names contacts with contact-label.ts).
 */
import type { Contact } from '@parley/protocol/model';
import type { ErrorBody } from '@parley/protocol/errors';
import type { MessageKey } from '../i18n.ts';

/** The contacts a search offers to merge into: never the contact being merged. */
export const mergeTargets = (found: readonly Contact[], sourceId: string): Contact[] => found.filter((c) => c.id !== sourceId);

const REASONS = ['same_contact', 'already_merged', 'both_open'] as const;

/** The words for a refused merge (`details.reason`), or null for other failures. */
export function mergeReasonKey(error: ErrorBody): MessageKey | null {
  const reason = (error.details as { reason?: unknown } | undefined)?.reason;
  const known = REASONS.find((r) => r === reason);
  return known ? `merge.reason.${known}` : null;
}
