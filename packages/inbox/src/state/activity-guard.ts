/** The shape check of a `ticket.activity` push: a malformed one is ignored, never drawn. */
import type { TicketActivity } from '@parley/protocol/model';

const CAUSES = new Set(['edit', 'visitor_message', 'agent_reply', 'snooze_ended', 'routing', 'transfer', 'escalation', 'contact_merge']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function isActivity(v: unknown): v is TicketActivity {
  if (!isRecord(v) || !isRecord(v.actor) || !isRecord(v.changes)) return false;
  return (
    typeof v.id === 'string' &&
    typeof v.conversationId === 'string' &&
    typeof v.at === 'string' &&
    typeof v.cause === 'string' &&
    CAUSES.has(v.cause) &&
    typeof v.actor.type === 'string'
  );
}

/** `payload.activity` of a `ticket.activity` push, if well-formed. */
export function activityOf(payload: unknown): TicketActivity | null {
  return isRecord(payload) && isActivity(payload.activity) ? payload.activity : null;
}
