/**
 * Per-ticket drafts in localStorage: what an agent typed survives a reload, a reconnect and another agent's
 * changes, and is cleared only once the server acknowledged the message. The draft also remembers the
 * clientMsgId of a send in flight, so retrying the same text after a lost ack cannot post it twice.
 */
export type DraftType = 'agent' | 'note';

export interface Draft {
  text: string;
  type: DraftType;
  /** Set when this exact text was sent (maybe without an ack); reused by a retry. */
  clientMsgId?: string;
}

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
    const { text, type, clientMsgId } = value as Record<string, unknown>;
    if (typeof text !== 'string') return null;
    const draft: Draft = { text, type: type === 'note' ? 'note' : 'agent' };
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
        if (draft.text === '' && draft.type === 'agent') s.removeItem(DRAFT_PREFIX + id);
        else s.setItem(DRAFT_PREFIX + id, JSON.stringify(draft));
      }, undefined),
    clear: (id) => safely((s) => s.removeItem(DRAFT_PREFIX + id), undefined),
  };
}

/** The draft after the agent edited the text: a changed text is a new message, so it needs a new clientMsgId. */
export function editDraft(draft: Draft, text: string): Draft {
  if (text === draft.text) return draft;
  return { text, type: draft.type };
}

/** The draft ready to send: it keeps the clientMsgId of an earlier attempt at the same text. */
export function prepareSend(draft: Draft, newId: () => string): Draft & { clientMsgId: string } {
  return { ...draft, clientMsgId: draft.clientMsgId ?? newId() };
}
