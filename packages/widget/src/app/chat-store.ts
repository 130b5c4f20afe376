import type { AttachmentRef } from '@parley/protocol';
import { MAX_ATTACHMENTS_PER_MESSAGE, MAX_MESSAGE_LENGTH } from './limits.ts';
import { isClientMsgId } from './client-msg-id.ts';
import { copyAttachmentRef, isAttachmentRef } from './attachments.ts';
import type { KeyValueStorage } from './browser-storage.ts';
import { storageKeyPrefix } from './storage-protocol.ts';

/**
 * A message typed here and not yet stored by the server: kept across reloads and sent again on start. Its files
 * were uploaded before it was queued, so a retry sends the same attachment ids and never uploads again.
 */
export interface OutboxEntry {
  clientMsgId: string;
  text: string;
  attachments: readonly AttachmentRef[];
}

/** What the widget keeps per desk on this browser: the visitor token and the unsent messages. */
export interface ChatStore {
  readToken(): string | null;
  writeToken(token: string): void;
  clearToken(): void;
  readOutbox(): OutboxEntry[];
  writeOutbox(entries: readonly OutboxEntry[]): void;
}

/** The storage keys of a desk: `parley:<desk>:token` and `parley:<desk>:outbox`. */
export function chatStoreKeys(desk: string): { token: string; outbox: string } {
  const prefix = storageKeyPrefix(desk);
  return { token: `${prefix}token`, outbox: `${prefix}outbox` };
}

export function createChatStore(desk: string, storage: KeyValueStorage): ChatStore {
  const { token: tokenKey, outbox: outboxKey } = chatStoreKeys(desk);
  return {
    readToken: () => safe(() => storage.getItem(tokenKey), null) || null,
    writeToken: (token) => safe(() => storage.setItem(tokenKey, token), undefined),
    clearToken: () => safe(() => storage.removeItem(tokenKey), undefined),
    readOutbox: () => parseOutbox(safe(() => storage.getItem(outboxKey), null)),
    writeOutbox: (entries) =>
      safe(() => {
        if (entries.length === 0) storage.removeItem(outboxKey);
        else storage.setItem(outboxKey, JSON.stringify(entries.map(serializeEntry)));
      }, undefined),
  };
}

function serializeEntry({ clientMsgId, text, attachments }: OutboxEntry): OutboxEntry {
  return { clientMsgId, text, attachments: attachments.map(copyAttachmentRef) };
}

/** Stored data is untrusted (another version of the widget, a user, an extension may have written it). */
export function parseOutbox(raw: string | null): OutboxEntry[] {
  if (!raw) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const entries: OutboxEntry[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { clientMsgId, text, attachments: list = [] } = item as Record<string, unknown>;
    if (!isClientMsgId(clientMsgId) || typeof text !== 'string' || text.length > MAX_MESSAGE_LENGTH) continue;
    // Entries written before attachments existed have none; a damaged list drops the entry rather than part of it.
    if (!Array.isArray(list) || list.length > MAX_ATTACHMENTS_PER_MESSAGE || !list.every(isAttachmentRef)) continue;
    const attachments = list.map(copyAttachmentRef);
    if (text.trim() === '' && attachments.length === 0) continue;
    if (entries.some((e) => e.clientMsgId === clientMsgId)) continue;
    entries.push({ clientMsgId, text, attachments });
  }
  return entries;
}

function safe<T>(action: () => T, fallback: T): T {
  try {
    return action();
  } catch {
    return fallback; // quota exceeded or storage revoked: the widget keeps working in memory
  }
}
