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
    store.writeOutbox([{ clientMsgId: 'abcdefgh1234', text: 'hello' }]);
    expect(createChatStore('acme', storage).readOutbox()).toEqual([{ clientMsgId: 'abcdefgh1234', text: 'hello' }]);
    store.writeOutbox([]);
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
    expect(parseOutbox(raw)).toEqual([{ clientMsgId: 'abcdefgh1234', text: 'ok' }]);
    expect(parseOutbox('{not json')).toEqual([]);
    expect(parseOutbox('{"a":1}')).toEqual([]);
    expect(parseOutbox(null)).toEqual([]);
  });
});
