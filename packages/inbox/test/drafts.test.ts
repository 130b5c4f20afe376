import { describe, expect, it } from 'vitest';
import { createDraftStore, DRAFT_PREFIX, editDraft, prepareSend, type KeyValueStorage } from '../src/state/drafts.ts';

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
