import { describe, expect, it } from 'vitest';
import { createChatStore, parseOutbox } from '../src/app/chat-store.ts';
import { memoryStorage } from '../src/app/browser-storage.ts';

describe('chat store', () => {
  it('keeps the token per desk under parley:<desk>:token', () => {
    const storage = memoryStorage();
    const store = createChatStore('acme', storage);
    expect(store.readToken()).toBeNull();
    store.writeToken('tok-1');
    expect(storage.getItem('parley:acme:token')).toBe('tok-1');
    expect(createChatStore('other', storage).readToken()).toBeNull();
    store.clearToken();
    expect(store.readToken()).toBeNull();
  });

  it('round-trips the outbox and removes the key when it is empty', () => {
    const storage = memoryStorage();
    const store = createChatStore('acme', storage);
    store.writeOutbox([{ clientMsgId: 'abcdefgh1234', text: 'hello', attachments: [] }]);
    expect(createChatStore('acme', storage).readOutbox()).toEqual([
      { clientMsgId: 'abcdefgh1234', text: 'hello', attachments: [] },
    ]);
    store.writeOutbox([]);
    expect(storage.getItem('parley:acme:outbox')).toBeNull();
  });

  it("replaces only this tab's entries when told what it wrote last: another tab's unsent messages stay", () => {
    const storage = memoryStorage();
    const tabA = createChatStore('acme', storage);
    const tabB = createChatStore('acme', storage);
    const entry = (clientMsgId: string, text: string) => ({ clientMsgId, text, attachments: [] });
    const a1 = entry('aaaaaaaa0001', 'from A');
    const b1 = entry('bbbbbbbb0001', 'from B');
    const b2 = entry('bbbbbbbb0002', 'from B again');
    tabA.writeOutbox([a1], []);
    tabB.writeOutbox([b1], []);
    expect(tabA.readOutbox()).toEqual([a1, b1]);
    tabB.writeOutbox([b1, b2], [b1]);
    tabB.writeOutbox([b2], [b1, b2]); // b1 was stored by the server
    expect(tabA.readOutbox()).toEqual([a1, b2]);
    tabA.writeOutbox([], [a1]);
    expect(tabB.readOutbox()).toEqual([b2]);
    tabB.writeOutbox([]); // no previous list: the whole outbox goes (another visitor, Parley.reset())
    expect(storage.getItem('parley:acme:outbox')).toBeNull();
  });

  it('survives storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const store = createChatStore('acme', broken);
    expect(store.readToken()).toBeNull();
    expect(() => store.writeToken('t')).not.toThrow();
    expect(store.readOutbox()).toEqual([]);
  });
});

describe('parseOutbox', () => {
  const ref = { id: 'upload_1', name: '보고서.pdf', contentType: 'application/pdf', size: 1234 };

  it('keeps the attachments of an entry, which may then have no text', () => {
    const storage = memoryStorage();
    const store = createChatStore('acme', storage);
    const entries = [
      { clientMsgId: 'abcdefgh1234', text: '', attachments: [ref] },
      { clientMsgId: 'abcdefgh5678', text: 'and text', attachments: [ref, { ...ref, id: 'upload_2' }] },
    ];
    store.writeOutbox(entries);
    expect(createChatStore('acme', storage).readOutbox()).toEqual(entries);
  });

  it('reads entries written before attachments existed, and drops entries with a damaged list', () => {
    const raw = JSON.stringify([
      { clientMsgId: 'abcdefgh0001', text: 'legacy' },
      { clientMsgId: 'abcdefgh0002', text: 'x', attachments: [{ ...ref, id: 'bad id' }] },
      { clientMsgId: 'abcdefgh0003', text: 'x', attachments: 'upload_1' },
      { clientMsgId: 'abcdefgh0004', text: 'x', attachments: Array.from({ length: 6 }, (_, i) => ({ ...ref, id: `u${i}` })) },
      { clientMsgId: 'abcdefgh0005', text: '  ', attachments: [] },
      { clientMsgId: 'abcdefgh0006', text: '', attachments: [{ ...ref, extra: '<script>' }] },
    ]);
    expect(parseOutbox(raw)).toEqual([
      { clientMsgId: 'abcdefgh0001', text: 'legacy', attachments: [] },
      { clientMsgId: 'abcdefgh0006', text: '', attachments: [ref] },
    ]);
  });

  it('drops anything malformed', () => {
    const raw = JSON.stringify([
      { clientMsgId: 'abcdefgh1234', text: 'ok' },
      { clientMsgId: 'abcdefgh1234', text: 'duplicate' },
      { clientMsgId: 'bad id', text: 'x' },
      { clientMsgId: 'abcdefgh5678', text: '   ' },
      { clientMsgId: 'abcdefgh9999', text: 42 },
      null,
      'str',
    ]);
    expect(parseOutbox(raw)).toEqual([{ clientMsgId: 'abcdefgh1234', text: 'ok', attachments: [] }]);
    expect(parseOutbox('{not json')).toEqual([]);
    expect(parseOutbox('{"a":1}')).toEqual([]);
    expect(parseOutbox(null)).toEqual([]);
  });
});
