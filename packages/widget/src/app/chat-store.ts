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
  /** Typed after "New conversation": sent with `newConversation` on every attempt. */
  fresh?: boolean;
}

/**
 * A visitor token and the `userId` of the site identity it was issued for (`null`: anonymous). `fallback`: an
 * anonymous token taken because the server refused that identity (the identity is tried again on the next start).
 * `profile`: what the identity token it was issued with said of the user (`profileOf`), when it said anything.
 */
export interface StoredToken {
  token: string;
  userId: string | null;
  fallback?: boolean;
  profile?: string;
}

/**
 * How far the visitor has read their conversation: every message up to `seq` was shown while they looked. The loader
 * sends it to ask for the unread count on a later page load, before the app is loaded.
 */
export interface SeenMark {
  conversationId: string;
  seq: number;
}

/** What the widget keeps per desk on this browser: the visitor token, the unsent messages and the seen mark. */
export interface ChatStore {
  readToken(): StoredToken | null;
  writeToken(token: string, userId?: string | null, fallback?: boolean, profile?: string): void;
  /** Forgets the token and the seen mark that goes with its conversation. */
  clearToken(): void;
  readSeen(): SeenMark | null;
  writeSeen(mark: SeenMark): void;
  readOutbox(): OutboxEntry[];
  /**
   * Replaces the whole outbox, or with `before` (what this tab wrote last) only this tab's entries: another tab of
   * the visitor shares the storage, and its unsent messages stay (sent by the next start if that tab goes away).
   */
  writeOutbox(entries: readonly OutboxEntry[], before?: readonly OutboxEntry[]): void;
}

/** The storage keys of a desk: `parley:<desk>:token`, `parley:<desk>:outbox` and `parley:<desk>:seen`. */
export function chatStoreKeys(desk: string): { token: string; outbox: string; seen: string } {
  const prefix = storageKeyPrefix(desk);
  return { token: `${prefix}token`, outbox: `${prefix}outbox`, seen: `${prefix}seen` };
}

export function createChatStore(desk: string, storage: KeyValueStorage): ChatStore {
  const { token: tokenKey, outbox: outboxKey, seen: seenKey } = chatStoreKeys(desk);
  const readOutbox = (): OutboxEntry[] => parseOutbox(safe(() => storage.getItem(outboxKey)));
  return {
    readToken: () => parseToken(safe(() => storage.getItem(tokenKey))),
    writeToken: (token, userId = null, fallback = false, profile = '') =>
      safe(() => {
        const value =
          userId === null
            ? token
            : JSON.stringify(fallback ? { token, userId, fallback } : profile ? { token, userId, profile } : { token, userId });
        storage.setItem(tokenKey, value);
      }),
    clearToken: () =>
      safe(() => {
        storage.removeItem(tokenKey);
        storage.removeItem(seenKey);
      }),
    readSeen: () => parseSeen(safe(() => storage.getItem(seenKey))),
    writeSeen: ({ conversationId, seq }) => safe(() => storage.setItem(seenKey, JSON.stringify({ conversationId, seq }))),
    readOutbox,
    writeOutbox: (entries, before) =>
      safe(() => {
        const own = [...(before ?? []), ...entries].map((e) => e.clientMsgId);
        const all = [...(before ? readOutbox().filter((e) => !own.includes(e.clientMsgId)) : []), ...entries];
        if (all.length === 0) storage.removeItem(outboxKey);
        else storage.setItem(outboxKey, JSON.stringify(all.map(serializeEntry)));
      }),
  };
}

function serializeEntry({ clientMsgId, text, attachments, fresh }: OutboxEntry): OutboxEntry {
  const entry: OutboxEntry = { clientMsgId, text, attachments: attachments.map(copyAttachmentRef) };
  if (fresh) entry.fresh = true;
  return entry;
}

/**
 * The token key holds a plain string for an anonymous visitor (as before identity verification, so either version
 * of the widget reads the other's) and JSON `{ token, userId, fallback? }` for an identified one.
 */
export function parseToken(raw: string | null | undefined): StoredToken | null {
  if (!raw) return null;
  if (raw.charAt(0) !== '{') return { token: raw, userId: null };
  try {
    const { token, userId, fallback, profile } = JSON.parse(raw) as Record<string, unknown>;
    if (typeof token === 'string' && token !== '' && (userId === null || typeof userId === 'string')) {
      if (fallback === true && userId !== null) return { token, userId, fallback };
      return typeof profile === 'string' && profile !== '' && userId !== null ? { token, userId, profile } : { token, userId };
    }
  } catch {
    // damaged: no token, a new session replaces it
  }
  return null;
}

export function parseSeen(raw: string | null | undefined): SeenMark | null {
  try {
    const { conversationId, seq } = JSON.parse(raw ?? '') as Record<string, unknown>;
    if (typeof conversationId === 'string' && conversationId !== '' && Number.isSafeInteger(seq) && (seq as number) >= 0) {
      return { conversationId, seq: seq as number };
    }
  } catch {
    // absent or damaged: written again on the next look at the chat
  }
  return null;
}

/** Stored data is untrusted (another version of the widget, a user, an extension may have written it). */
export function parseOutbox(raw: string | null | undefined): OutboxEntry[] {
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
    const { clientMsgId, text, attachments: list = [], fresh } = item as Record<string, unknown>;
    if (!isClientMsgId(clientMsgId) || typeof text !== 'string' || text.length > MAX_MESSAGE_LENGTH) continue;
    // Entries written before attachments existed have none; a damaged list drops the entry rather than part of it.
    if (!Array.isArray(list) || list.length > MAX_ATTACHMENTS_PER_MESSAGE || !list.every(isAttachmentRef)) continue;
    const attachments = list.map(copyAttachmentRef);
    if (text.trim() === '' && attachments.length === 0) continue;
    if (entries.some((e) => e.clientMsgId === clientMsgId)) continue;
    entries.push(fresh === true ? { clientMsgId, text, attachments, fresh } : { clientMsgId, text, attachments });
  }
  return entries;
}

/** Undefined when the storage throws: quota exceeded or storage revoked (the widget keeps working in memory). */
function safe<T>(action: () => T): T | undefined {
  try {
    return action();
  } catch {
    return undefined;
  }
}
