/**
 * Per-ticket drafts in localStorage: what an agent typed survives a reload, a reconnect and another agent's
 * changes, and is cleared only once the server acknowledged the message. The draft also remembers the
 * clientMsgId of a send in flight, so retrying the same text after a lost ack cannot post it twice, and the
 * files already uploaded for it (their ids stay valid until a message uses them).
 */
import type { AttachmentRef } from '@parley/protocol/model';
import { isAttachmentRef, MAX_ATTACHMENTS_PER_MESSAGE } from './attachments.ts';

export type DraftType = 'agent' | 'note';

export interface Draft {
  text: string;
  type: DraftType;
  /** Uploaded files the message will carry (absent when none). */
  attachments?: AttachmentRef[];
  /** Set when this exact message was sent (maybe without an ack); reused by a retry. */
  clientMsgId?: string;
}

export type ReadyDraft = Draft & { clientMsgId: string };

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface DraftStore {
  load(conversationId: string): Draft | null;
  save(conversationId: string, draft: Draft): void;
  clear(conversationId: string): void;
}

export const DRAFT_PREFIX = 'parley.inbox.draft.';

function parseDraft(raw: string | null): Draft | null {
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { text, type, clientMsgId, attachments } = value as Record<string, unknown>;
    if (typeof text !== 'string') return null;
    const draft: Draft = { text, type: type === 'note' ? 'note' : 'agent' };
    const refs = Array.isArray(attachments)
      ? attachments.filter(isAttachmentRef).slice(0, MAX_ATTACHMENTS_PER_MESSAGE)
      : [];
    if (refs.length > 0) draft.attachments = refs;
    if (typeof clientMsgId === 'string') draft.clientMsgId = clientMsgId;
    return draft;
  } catch {
    return null;
  }
}

/** A draft store over `storage`; storage errors (quota, privacy mode) only cost persistence. */
export function createDraftStore(storage: KeyValueStorage | null): DraftStore {
  const safely = <T>(fn: (s: KeyValueStorage) => T, fallback: T): T => {
    if (!storage) return fallback;
    try {
      return fn(storage);
    } catch {
      return fallback;
    }
  };
  return {
    load: (id) => safely((s) => parseDraft(s.getItem(DRAFT_PREFIX + id)), null),
    save: (id, draft) =>
      safely((s) => {
        if (draft.text === '' && draft.type === 'agent' && !draft.attachments?.length) s.removeItem(DRAFT_PREFIX + id);
        else s.setItem(DRAFT_PREFIX + id, JSON.stringify(draft));
      }, undefined),
    clear: (id) => safely((s) => s.removeItem(DRAFT_PREFIX + id), undefined),
  };
}

/** A draft with other content: a new message, so without the clientMsgId of an earlier attempt. */
function changed(text: string, type: DraftType, attachments: readonly AttachmentRef[] | undefined): Draft {
  return attachments?.length ? { text, type, attachments: [...attachments] } : { text, type };
}

/** The draft after the agent edited the text: a changed text is a new message, so it needs a new clientMsgId. */
export function editDraft(draft: Draft, text: string): Draft {
  if (text === draft.text) return draft;
  return changed(text, draft.type, draft.attachments);
}

/** The draft with one more uploaded file (ignored when it is already there or the draft is full). */
export function addAttachment(draft: Draft, ref: AttachmentRef): Draft {
  const list = draft.attachments ?? [];
  if (list.some((a) => a.id === ref.id) || list.length >= MAX_ATTACHMENTS_PER_MESSAGE) return draft;
  return changed(draft.text, draft.type, [...list, ref]);
}

/** The draft without the file `id`. */
export function removeAttachment(draft: Draft, id: string): Draft {
  const list = draft.attachments ?? [];
  if (!list.some((a) => a.id === id)) return draft;
  return changed(
    draft.text,
    draft.type,
    list.filter((a) => a.id !== id),
  );
}

/** Something to send: text, or at least one file (the text may then be empty). */
export function hasContent(draft: Draft): boolean {
  return draft.text.trim() !== '' || (draft.attachments?.length ?? 0) > 0;
}

/** The draft ready to send: it keeps the clientMsgId (and files) of an earlier attempt at the same message. */
export function prepareSend(draft: Draft, newId: () => string): ReadyDraft {
  return { ...draft, clientMsgId: draft.clientMsgId ?? newId() };
}

/** The message part of `agent:message` for a ready draft; a retry or "Send anyway" sends exactly the same. */
export function messagePayload(draft: ReadyDraft): {
  clientMsgId: string;
  text: string;
  type: DraftType;
  attachmentIds: string[];
} {
  return {
    clientMsgId: draft.clientMsgId,
    text: draft.text,
    type: draft.type,
    attachmentIds: (draft.attachments ?? []).map((a) => a.id),
  };
}
