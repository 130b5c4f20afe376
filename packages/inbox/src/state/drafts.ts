/**
 * Per-ticket drafts in localStorage: what an agent typed survives a reload, a reconnect and another agent's
 * changes, and is cleared only once the server acknowledged the message. The draft also remembers the
 * clientMsgId of a send in flight, so retrying the same text after a lost ack cannot post it twice, and the
 * files already uploaded for it (their ids stay valid until a message uses them).
 */
import { CONVERSATION_STATUSES, type AttachmentRef, type ConversationStatus } from '@parley/protocol/model';
import { isAttachmentRef, MAX_ATTACHMENTS_PER_MESSAGE } from './attachments.ts';

export type DraftType = 'agent' | 'note';

/**
 * The ticket as the agent saw it when they started writing this draft: the server refuses the send as stale when a
 * reply by someone else landed after `seq`, or the ticket was reassigned or resolved since.
 */
export interface DraftSeen {
  seq: number;
  assigneeId: string | null;
  status: ConversationStatus;
}

export interface Draft {
  text: string;
  type: DraftType;
  /** Uploaded files the message will carry (absent when none). */
  attachments?: AttachmentRef[];
  /** Set when this exact message was sent (maybe without an ack); reused by a retry. */
  clientMsgId?: string;
  /** When the agent started writing it (absent while the draft is empty). */
  seen?: DraftSeen;
}

/** A draft being sent; a note also names the colleagues it mentions (never stored with the draft). */
export type ReadyDraft = Draft & { clientMsgId: string; mentions?: readonly string[] };

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
    const seen = seenOf((value as Record<string, unknown>).seen);
    if (seen) draft.seen = seen;
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

function seenOf(value: unknown): DraftSeen | null {
  if (typeof value !== 'object' || value === null) return null;
  const { seq, assigneeId, status } = value as Record<string, unknown>;
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) return null;
  if (assigneeId !== null && typeof assigneeId !== 'string') return null;
  if (!(CONVERSATION_STATUSES as readonly unknown[]).includes(status)) return null;
  return { seq, assigneeId, status: status as ConversationStatus };
}

/**
 * A draft with other content: a new message, so without the clientMsgId of an earlier attempt. It keeps the view it
 * was started from; an emptied draft forgets it (writing again starts from the ticket as it is then).
 */
function changed(from: Draft, text: string, attachments: readonly AttachmentRef[] | undefined): Draft {
  const next: Draft = attachments?.length ? { text, type: from.type, attachments: [...attachments] } : { text, type: from.type };
  if (from.seen && hasContent(next)) next.seen = from.seen;
  return next;
}

/** The draft after the agent edited the text: a changed text is a new message, so it needs a new clientMsgId. */
export function editDraft(draft: Draft, text: string): Draft {
  if (text === draft.text) return draft;
  return changed(draft, text, draft.attachments);
}

/** The draft with one more uploaded file (ignored when it is already there or the draft is full). */
export function addAttachment(draft: Draft, ref: AttachmentRef): Draft {
  const list = draft.attachments ?? [];
  if (list.some((a) => a.id === ref.id) || list.length >= MAX_ATTACHMENTS_PER_MESSAGE) return draft;
  return changed(draft, draft.text, [...list, ref]);
}

/** The draft without the file `id`. */
export function removeAttachment(draft: Draft, id: string): Draft {
  const list = draft.attachments ?? [];
  if (!list.some((a) => a.id === id)) return draft;
  return changed(
    draft,
    draft.text,
    list.filter((a) => a.id !== id),
  );
}

/**
 * The draft stamped with the ticket as it is now when the agent has just started writing it (it has content and no
 * view yet); otherwise unchanged. `now` is null when no ticket is shown.
 */
export function startedOn(draft: Draft, now: DraftSeen | null): Draft {
  if (draft.seen || !now || !hasContent(draft)) return draft;
  return { ...draft, seen: now };
}

/** The agent reviewed what changed: the draft now answers the ticket as it is. */
export function reviewed(draft: Draft, now: DraftSeen | null): Draft {
  if (!now || !hasContent(draft)) return draft;
  return { ...draft, seen: now };
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
  mentions?: string[];
} {
  return {
    clientMsgId: draft.clientMsgId,
    text: draft.text,
    type: draft.type,
    attachmentIds: (draft.attachments ?? []).map((a) => a.id),
    // the server refuses mentions on a reply
    ...(draft.type === 'note' && draft.mentions?.length ? { mentions: [...draft.mentions] } : {}),
  };
}
