/** Shape check of a `ticket.notice` push (a transfer to the agent or their team, an escalation to urgent). */
import type { TicketNotice } from '@parley/protocol/notifications';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function noticeOf(payload: unknown): TicketNotice | null {
  const v = isRecord(payload) ? payload.notice : null;
  if (!isRecord(v)) return null;
  const ok =
    typeof v.id === 'string' &&
    (v.kind === 'transfer' || v.kind === 'escalation') &&
    typeof v.conversationId === 'string' &&
    typeof v.number === 'number' &&
    typeof v.subject === 'string' &&
    typeof v.note === 'string' &&
    typeof v.at === 'string' &&
    (v.byAgentId === null || typeof v.byAgentId === 'string');
  return ok ? (v as unknown as TicketNotice) : null;
}
