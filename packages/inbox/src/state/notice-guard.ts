/** Shape checks of notices (a transfer to the agent or their team, an escalation to urgent): pushed, or `GET /notices`. */
import type { TicketNotice } from '@parley/protocol/notifications';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isNotice(v: unknown): v is TicketNotice {
  return (
    isRecord(v) &&
    typeof v.id === 'string' &&
    (v.kind === 'transfer' || v.kind === 'escalation') &&
    typeof v.conversationId === 'string' &&
    typeof v.number === 'number' &&
    typeof v.subject === 'string' &&
    typeof v.note === 'string' &&
    typeof v.at === 'string' &&
    (v.byAgentId === null || typeof v.byAgentId === 'string')
  );
}

/** `payload.notice` of a `ticket.notice` push, if well-formed. */
export function noticeOf(payload: unknown): TicketNotice | null {
  return isRecord(payload) && isNotice(payload.notice) ? payload.notice : null;
}

/** The well-formed notices of a `GET /notices` answer. */
export function noticesOf(value: unknown): TicketNotice[] {
  return Array.isArray(value) ? value.filter(isNotice) : [];
}
