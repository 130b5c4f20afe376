import { describe, expect, it } from 'vitest';
import { memoryStorage, openLocalStorage, openPersistentStorage, tryLocalStorage } from '../src/app/browser-storage.ts';
import { readFrameMessage } from '../src/panel/frame-messages.ts';
import { serveStorage } from '../src/panel/storage-host.ts';
import { tick, windowPair, type FakeWindow } from './fake-windows.ts';

const HOST = 'https://shop.example';
const PARLEY = 'https://chat.example.com';
const KEYS = ['parley:acme:token', 'parley:acme:outbox'];

const blocked = (): Storage => {
  throw new DOMException('Access is denied', 'SecurityError');
};

/** The frame's window: a working or blocked `localStorage`, plus the message listeners of the fake pair. */
function frameWith(frame: FakeWindow, localStorage: () => Storage) {
  Object.defineProperty(frame, 'localStorage', { get: localStorage });
  return frame as FakeWindow & { localStorage: Storage };
}

function loader(host: FakeWindow, frame: FakeWindow, storage = memoryStorage()) {
  host.addEventListener('message', (event) => {
    const message = readFrameMessage(event, PARLEY, frame, 'parley:acme:');
    if (message && message.type !== 'close' && message.type !== 'ready' && message.type !== 'unread' && message.type !== 'look' && message.type !== 'message') serveStorage(message, storage, frame, PARLEY);
  });
  return storage;
}

describe('tryLocalStorage', () => {
  it('returns a working localStorage and leaves no probe behind', () => {
    const storage = memoryStorage();
    expect(tryLocalStorage({ localStorage: storage as Storage })).toBe(storage);
    expect(storage.getItem('parley:probe')).toBeNull();
  });

  it('is null when the property or its methods throw', () => {
    expect(tryLocalStorage({ get localStorage() { return blocked(); } })).toBeNull();
    const quota = { ...memoryStorage(), setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } };
    expect(tryLocalStorage({ localStorage: quota as unknown as Storage })).toBeNull();
    expect(openLocalStorage({ get localStorage() { return blocked(); } }).getItem('x')).toBeNull(); // memory instead
  });
});

describe('openPersistentStorage: fallback order', () => {
  it('1. the frame\'s own localStorage, without asking the loader', async () => {
    const { host, frame } = windowPair(HOST, PARLEY);
    const own = memoryStorage();
    const win = frameWith(frame, () => own as Storage);
    expect(await openPersistentStorage(win, { window: host, origin: HOST }, KEYS, 50)).toBe(own);
    expect(host.posted).toEqual([]);
  });

  it('2. the host page\'s storage through the loader when the frame\'s is blocked', async () => {
    const { host, frame } = windowPair(HOST, PARLEY);
    const hostStorage = loader(host, frame);
    hostStorage.setItem('parley:acme:token', 'tok-host');
    const storage = await openPersistentStorage(frameWith(frame, blocked), { window: host, origin: HOST }, KEYS, 200);
    expect(storage.getItem('parley:acme:token')).toBe('tok-host');
    storage.setItem('parley:acme:outbox', '[]');
    await tick();
    expect(hostStorage.getItem('parley:acme:outbox')).toBe('[]');
  });

  it('3. memory after the timeout when no loader answers', async () => {
    const { host, frame } = windowPair(HOST, PARLEY);
    const started = Date.now();
    const storage = await openPersistentStorage(frameWith(frame, blocked), { window: host, origin: HOST }, KEYS, 50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    storage.setItem('parley:acme:token', 'tok-memory');
    expect(storage.getItem('parley:acme:token')).toBe('tok-memory');
    await tick();
    expect(host.posted.every(([data]) => (data as { type: string }).type === 'parley:storage:get')).toBe(true);
  });

  it('3. memory at once when the host page (or its origin) is unknown', async () => {
    const { frame } = windowPair(HOST, PARLEY);
    const started = Date.now();
    const storage = await openPersistentStorage(frameWith(frame, blocked), null, KEYS, 1_000);
    expect(Date.now() - started).toBeLessThan(100);
    expect(storage.getItem('parley:acme:token')).toBeNull();
  });
});
