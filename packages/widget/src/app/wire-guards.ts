import type { ErrorBody, ErrorCode, Failure, Message, VisitorConversation } from '@parley/protocol';

/** Light shape checks of what the server sends, so one malformed frame cannot break rendering. */
export function isMessage(value: unknown): value is Message {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m['id'] === 'string' &&
    typeof m['conversationId'] === 'string' &&
    typeof m['seq'] === 'number' &&
    typeof m['clientMsgId'] === 'string' &&
    typeof m['type'] === 'string' &&
    typeof m['text'] === 'string' &&
    typeof m['createdAt'] === 'string' &&
    (m['authorName'] === null || m['authorName'] === undefined || typeof m['authorName'] === 'string')
  );
}

export function isVisitorConversation(value: unknown): value is VisitorConversation {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return typeof c['id'] === 'string' && typeof c['lastSeq'] === 'number';
}

export function messagesOf(value: unknown): Message[] {
  return Array.isArray(value) ? value.filter(isMessage) : [];
}

/** The `{ ok: false, error }` of an answer, or a generic one when the answer is not a proper failure. */
export function failureOf(answer: unknown): Failure {
  const error = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>)['error'] : null;
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as Record<string, unknown>;
    if (typeof code === 'string' && typeof message === 'string') {
      return { ok: false, error: { code: code as ErrorCode, message } };
    }
  }
  return malformed();
}

export function malformed(): Failure {
  const error: ErrorBody = { code: 'internal', message: 'malformed answer' };
  return { ok: false, error };
}

export function isOk(answer: unknown): answer is Record<string, unknown> & { ok: true } {
  return typeof answer === 'object' && answer !== null && (answer as Record<string, unknown>)['ok'] === true;
}
