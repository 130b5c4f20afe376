import type { ConversationStatus } from '@parley/protocol';
import { toConversation } from '../store/records.ts';
import type { ConversationPatch, ConversationRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';

/**
 * Applies a rule-driven patch (not a user's edit) to the newest version of a ticket, retrying on version races,
 * and publishes the change. Returns the updated ticket, or the current one when the rule no longer applies.
 */
export async function applyRulePatch(
  deps: ServiceDeps,
  conversationId: string,
  decide: (current: ConversationRecord) => ConversationPatch | null,
): Promise<ConversationRecord | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await deps.store.getConversation(conversationId);
    if (!current) return null;
    const patch = decide(current);
    if (!patch) return current;
    const updated = await deps.store.updateConversation(current.id, current.version, patch, iso(deps));
    if (updated) {
      deps.bus.emit('conversation.updated', { conversation: toConversation(updated), changes: Object.keys(patch) });
      return updated;
    }
  }
  return deps.store.getConversation(conversationId);
}

export const statusPatch = (status: ConversationStatus | null): ConversationPatch | null => (status ? { status } : null);
