/** Shape checks of mentions from the server (a push, or `GET /mentions`): a malformed one is ignored. */
import type { Mention } from '@parley/protocol/notifications';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function isMention(v: unknown): v is Mention {
  return (
    isRecord(v) &&
    typeof v.id === 'string' &&
    typeof v.conversationId === 'string' &&
    typeof v.number === 'number' &&
    typeof v.subject === 'string' &&
    typeof v.excerpt === 'string' &&
    typeof v.at === 'string' &&
    (v.byAgentId === null || typeof v.byAgentId === 'string')
  );
}

export function mentionOf(payload: unknown): Mention | null {
  return isRecord(payload) && isMention(payload.mention) ? payload.mention : null;
}

export function mentionsOf(value: unknown): Mention[] {
  return Array.isArray(value) ? value.filter(isMention) : [];
}
