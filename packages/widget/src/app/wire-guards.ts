import type { ErrorBody, ErrorCode, Failure, Message, VisitorConversation, VisitorConversationSummary } from '@parley/protocol';
import { copyAttachmentRef, isAttachmentRef } from './attachments.ts';

/** Light shape checks of what the server sends, so one malformed frame cannot break rendering. */
function isMessageShape(value: unknown): value is Omit<Message, 'attachments'> {
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

/** The rows of a `visitor:conversations` answer (texts are rendered as text, a missing one as nothing). */
export function summariesOf(value: unknown): VisitorConversationSummary[] {
  return Array.isArray(value) ? (value.filter(isVisitorConversation) as VisitorConversationSummary[]) : [];
}

/** A message from the wire with its attachments checked (malformed ones dropped, a missing list empty), else `null`. */
export function parseMessage(value: unknown): Message | null {
  if (!isMessageShape(value)) return null;
  const list: unknown = (value as { attachments?: unknown }).attachments;
  const attachments = Array.isArray(list) ? list.filter(isAttachmentRef).map(copyAttachmentRef) : [];
  return { ...value, attachments };
}

export function messagesOf(value: unknown): Message[] {
  if (!Array.isArray(value)) return [];
  const messages: Message[] = [];
  for (const item of value) {
    const message = parseMessage(item);
    if (message) messages.push(message);
  }
  return messages;
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
