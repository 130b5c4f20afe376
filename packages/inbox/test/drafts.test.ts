import { describe, expect, it } from 'vitest';
import {
  addAttachment,
  createDraftStore,
  DRAFT_PREFIX,
  editDraft,
  hasContent,
  messagePayload,
  prepareSend,
  removeAttachment,
  reviewed,
  startedOn,
  type Draft,
  type KeyValueStorage,
} from '../src/state/drafts.ts';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('draft store', () => {
  it('keeps one draft per ticket across store instances (a reload)', () => {
    const storage = memoryStorage();
    createDraftStore(storage).save('c1', { text: 'hello', type: 'note' });
    createDraftStore(storage).save('c2', { text: 'other', type: 'agent' });
    const reloaded = createDraftStore(storage);
    expect(reloaded.load('c1')).toEqual({ text: 'hello', type: 'note' });
    expect(reloaded.load('c2')?.text).toBe('other');
    expect(reloaded.load('c3')).toBeNull();
  });

  it('clear removes only that ticket', () => {
    const storage = memoryStorage();
    const store = createDraftStore(storage);
    store.save('c1', { text: 'a', type: 'agent' });
    store.save('c2', { text: 'b', type: 'agent' });
    store.clear('c1');
    expect(store.load('c1')).toBeNull();
    expect(store.load('c2')?.text).toBe('b');
  });

  it('an empty reply draft takes no space', () => {
    const storage = memoryStorage();
    const store = createDraftStore(storage);
    store.save('c1', { text: 'x', type: 'agent' });
    store.save('c1', { text: '', type: 'agent' });
    expect(storage.data.has(DRAFT_PREFIX + 'c1')).toBe(false);
  });

  it('survives corrupt entries and failing storage', () => {
    const storage = memoryStorage();
    storage.data.set(DRAFT_PREFIX + 'c1', '{not json');
    storage.data.set(DRAFT_PREFIX + 'c2', JSON.stringify({ text: 5 }));
    const store = createDraftStore(storage);
    expect(store.load('c1')).toBeNull();
    expect(store.load('c2')).toBeNull();
    const broken = createDraftStore({
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    });
    expect(broken.load('c1')).toBeNull();
    expect(() => broken.save('c1', { text: 'x', type: 'agent' })).not.toThrow();
    expect(createDraftStore(null).load('c1')).toBeNull();
  });
});

describe('clientMsgId of a draft', () => {
  it('a retry of the same text reuses the clientMsgId (no double post)', () => {
    let n = 0;
    const newId = () => `generated-${++n}`;
    const first = prepareSend({ text: 'hi', type: 'agent' }, newId);
    const retry = prepareSend(first, newId);
    expect(retry.clientMsgId).toBe(first.clientMsgId);
    expect(n).toBe(1);
  });

  it('editing the text forgets the clientMsgId; an unchanged text keeps it', () => {
    const sent = { text: 'hi', type: 'agent' as const, clientMsgId: 'generated-1' };
    expect(editDraft(sent, 'hi')).toBe(sent);
    expect(editDraft(sent, 'hi there').clientMsgId).toBeUndefined();
    expect(editDraft(sent, 'hi there').type).toBe('agent');
  });

  it('the stored draft remembers the clientMsgId across a reload', () => {
    const storage = memoryStorage();
    createDraftStore(storage).save('c1', { text: 'hi', type: 'agent', clientMsgId: 'abcdefgh12' });
    expect(createDraftStore(storage).load('c1')?.clientMsgId).toBe('abcdefgh12');
  });
});

describe('attachments of a draft', () => {
  const a = { id: 'att_a', name: 'a.png', contentType: 'image/png', size: 10 };
  const b = { id: 'att_b', name: '보고서.pdf', contentType: 'application/pdf', size: 2048 };

  it('uploaded files survive a reload (their ids stay valid), also with an empty text', () => {
    const storage = memoryStorage();
    createDraftStore(storage).save('c1', { text: '', type: 'agent', attachments: [a, b] });
    expect(createDraftStore(storage).load('c1')).toEqual({ text: '', type: 'agent', attachments: [a, b] });
  });

  it('drops malformed stored refs and keeps at most the limit', () => {
    const storage = memoryStorage();
    const refs = Array.from({ length: 7 }, (_, i) => ({ ...a, id: `att_${i}` }));
    storage.data.set(
      DRAFT_PREFIX + 'c1',
      JSON.stringify({ text: 'x', type: 'agent', attachments: [{ id: '../../x', name: 'n', contentType: 'x', size: 1 }, 5, ...refs] }),
    );
    const loaded = createDraftStore(storage).load('c1');
    expect(loaded?.attachments?.map((r) => r.id)).toEqual(['att_0', 'att_1', 'att_2', 'att_3', 'att_4']);
    storage.data.set(DRAFT_PREFIX + 'c2', JSON.stringify({ text: 'x', type: 'agent', attachments: 'nope' }));
    expect(createDraftStore(storage).load('c2')).toEqual({ text: 'x', type: 'agent' });
  });

  it('removing the last file of an empty reply frees the storage', () => {
    const storage = memoryStorage();
    const store = createDraftStore(storage);
    const withFile = addAttachment({ text: '', type: 'agent' }, a);
    store.save('c1', withFile);
    expect(storage.data.has(DRAFT_PREFIX + 'c1')).toBe(true);
    store.save('c1', removeAttachment(withFile, a.id));
    expect(storage.data.has(DRAFT_PREFIX + 'c1')).toBe(false);
  });

  it('adding and removing files is a new message (new clientMsgId); duplicates and overflow are ignored', () => {
    const sent: Draft = { text: 'hi', type: 'note', attachments: [a], clientMsgId: 'generated-1' };
    const more = addAttachment(sent, b);
    expect(more).toEqual({ text: 'hi', type: 'note', attachments: [a, b] });
    expect(addAttachment(sent, a)).toBe(sent);
    expect(removeAttachment(sent, 'unknown')).toBe(sent);
    expect(removeAttachment(more, a.id)).toEqual({ text: 'hi', type: 'note', attachments: [b] });
    expect(removeAttachment(sent, a.id)).toEqual({ text: 'hi', type: 'note' });
    let full: Draft = { text: '', type: 'agent' };
    for (let i = 0; i < 6; i++) full = addAttachment(full, { ...a, id: `att_${i}` });
    expect(full.attachments).toHaveLength(5);
    expect(editDraft(more, 'hello').attachments).toEqual([a, b]);
  });

  it('a draft with files only may be sent; an empty one may not', () => {
    expect(hasContent({ text: '  ', type: 'agent' })).toBe(false);
    expect(hasContent({ text: '', type: 'agent', attachments: [a] })).toBe(true);
    expect(hasContent({ text: 'x', type: 'agent' })).toBe(true);
  });

  it('the send carries the attachment ids; a retry and "Send anyway" resend exactly the same ids', () => {
    let n = 0;
    const newId = () => `generated-${++n}`;
    const storage = memoryStorage();
    const store = createDraftStore(storage);
    const first = prepareSend({ text: '', type: 'agent', attachments: [a, b] }, newId);
    store.save('c1', first); // the composer keeps the ready draft while the send is in flight
    expect(messagePayload(first)).toEqual({ clientMsgId: 'generated-1', text: '', type: 'agent', attachmentIds: ['att_a', 'att_b'] });
    // stale_ticket: the agent reviews, reloads even, then sends anyway
    const anyway = prepareSend(createDraftStore(storage).load('c1') as Draft, newId);
    expect(messagePayload(anyway)).toEqual(messagePayload(first));
    expect(n).toBe(1);
    expect(messagePayload(prepareSend({ text: 'x', type: 'note' }, newId)).attachmentIds).toEqual([]);
  });
});

describe('the view a draft was started from', () => {
  const view = (seq: number, assigneeId: string | null = null) => ({ seq, assigneeId, status: 'open' as const });

  it('is taken with the first words, kept while writing, and forgotten when the draft empties', () => {
    const empty: Draft = { text: '', type: 'agent' };
    expect(startedOn(empty, view(3))).toEqual(empty);
    const started = startedOn(editDraft(empty, 'H'), view(3));
    expect(started.seen).toEqual(view(3));
    // later keystrokes and new messages drawn meanwhile do not move it
    const later = startedOn(editDraft(started, 'Hello there'), view(9));
    expect(later.seen).toEqual(view(3));
    const emptied = editDraft(later, '');
    expect(emptied.seen).toBeUndefined();
    expect(startedOn(editDraft(emptied, 'Again'), view(9)).seen).toEqual(view(9));
  });

  it('survives a reload through the store, and a malformed stored view is dropped', () => {
    const storage = memoryStorage();
    const store = createDraftStore(storage);
    const draft = startedOn(editDraft({ text: '', type: 'agent' }, 'Hi'), view(5, 'a1'));
    store.save('c1', draft);
    expect(store.load('c1')).toEqual(draft);
    storage.setItem(`${DRAFT_PREFIX}c2`, JSON.stringify({ text: 'x', type: 'agent', seen: { seq: -1, assigneeId: 7, status: 'gone' } }));
    expect(store.load('c2')).toEqual({ text: 'x', type: 'agent' });
  });

  it('is moved to now once the agent reviewed what changed', () => {
    const draft = startedOn(editDraft({ text: '', type: 'agent' }, 'Hi'), view(2));
    expect(reviewed(draft, view(7, 'b')).seen).toEqual(view(7, 'b'));
    expect(reviewed({ text: '', type: 'agent' }, view(7)).seen).toBeUndefined();
  });
});
