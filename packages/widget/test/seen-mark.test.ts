import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../src/app/browser-storage.ts';
import { createChatStore, parseSeen } from '../src/app/chat-store.ts';
import { createSeenMark, seenUpTo } from '../src/app/seen-mark.ts';
import { emptyTimeline, type Timeline } from '../src/app/timeline.ts';

const at = (conversationId: string | null, lastSeq: number): Timeline => ({ ...emptyTimeline(), conversationId, lastSeq, latestSeq: lastSeq });

describe('seen mark', () => {
  it('records how far the visitor read, only while they look and only forward', () => {
    const storage = memoryStorage();
    const store = createChatStore('acme', storage);
    const mark = createSeenMark(store);
    mark(at(null, 0), true); // no conversation yet: nothing to record
    mark(at('c1', 3), false); // not looking: the replies are unread
    expect(storage.getItem('parley:acme:seen')).toBeNull();
    mark(at('c1', 3), true);
    expect(JSON.parse(storage.getItem('parley:acme:seen')!)).toEqual({ conversationId: 'c1', seq: 3 });
    mark(at('c1', 5), false);
    expect(store.readSeen()).toEqual({ conversationId: 'c1', seq: 3 });
    mark(at('c1', 5), true);
    expect(store.readSeen()).toEqual({ conversationId: 'c1', seq: 5 });
    mark(at('c2', 1), true); // a new conversation
    expect(store.readSeen()).toEqual({ conversationId: 'c2', seq: 1 });
  });

  it('does not write the same mark twice', () => {
    const writes: string[] = [];
    const storage = memoryStorage();
    const mark = createSeenMark(createChatStore('acme', { ...storage, setItem: (key, value) => (writes.push(value), storage.setItem(key, value)) }));
    mark(at('c1', 2), true);
    mark(at('c1', 2), true);
    mark(at('c1', 1), true);
    expect(writes).toHaveLength(1);
  });

  it('never takes back what another tab of the visitor recorded', () => {
    const storage = memoryStorage();
    const tabA = createSeenMark(createChatStore('acme', storage));
    const tabB = createSeenMark(createChatStore('acme', storage));
    tabB(at('c1', 3), true);
    tabA(at('c1', 5), true);
    tabB(at('c1', 4), true); // tab B is behind: the mark stays where tab A put it
    expect(parseSeen(storage.getItem('parley:acme:seen'))).toEqual({ conversationId: 'c1', seq: 5 });
    const store = createChatStore('acme', storage);
    expect(seenUpTo(store, 'c1', 5)).toBe(true);
    expect(seenUpTo(store, 'c1', 6)).toBe(false);
    expect(seenUpTo(store, 'c2', 1)).toBe(false);
    expect(seenUpTo(createChatStore('other', storage), 'c1', 0)).toBe(false);
  });

  it('goes with the token: forgetting the token forgets the mark', () => {
    const storage = memoryStorage();
    const store = createChatStore('acme', storage);
    store.writeToken('tok');
    store.writeSeen({ conversationId: 'c1', seq: 4 });
    store.clearToken();
    expect(store.readSeen()).toBeNull();
    expect(storage.getItem('parley:acme:seen')).toBeNull();
  });

  it('reads back only a well-formed mark', () => {
    expect(parseSeen('{"conversationId":"c1","seq":0}')).toEqual({ conversationId: 'c1', seq: 0 });
    for (const raw of [null, '', 'x', '[]', 'null', '{"conversationId":"","seq":1}', '{"conversationId":"c","seq":-1}', '{"conversationId":"c","seq":1.5}', '{"seq":1}']) {
      expect(parseSeen(raw), String(raw)).toBeNull();
    }
  });
});
