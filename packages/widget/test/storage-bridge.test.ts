import { afterEach, describe, expect, it } from 'vitest';
import { openBridgeStorage } from '../src/app/storage-bridge.ts';
import { memoryStorage, openLocalStorage, type KeyValueStorage } from '../src/app/browser-storage.ts';
import { readFrameMessage } from '../src/panel/frame-messages.ts';
import { serveStorage } from '../src/panel/storage-host.ts';
import { FakeWindow, tick, windowPair } from './fake-windows.ts';

const HOST = 'https://shop.example';
const PARLEY = 'https://chat.example.com';
const KEYS = ['parley:acme:token', 'parley:acme:outbox'];

let stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
});

/** The loader's side, wired as in `src/panel/panel.ts`: validate, then serve from the host page's storage. */
function serveFrom(host: FakeWindow, frame: FakeWindow, storage: KeyValueStorage, parleyOrigin = PARLEY): void {
  const onMessage = (event: { data: unknown; origin: string; source: unknown }): void => {
    const message = readFrameMessage(event, parleyOrigin, frame, 'parley:acme:');
    if (message && message.type !== 'close' && message.type !== 'ready' && message.type !== 'unread' && message.type !== 'look' && message.type !== 'message') serveStorage(message, storage, frame, parleyOrigin);
  };
  host.addEventListener('message', onMessage);
  stops.push(() => host.removeEventListener('message', onMessage));
}

const open = (frame: FakeWindow, host: FakeWindow, timeoutMs = 200) =>
  openBridgeStorage(frame, { window: host, origin: HOST }, KEYS, timeoutMs);

describe('storage bridge', () => {
  it('reads the keys from the host page and writes through to it', async () => {
    const { host, frame } = windowPair(HOST, PARLEY);
    const hostStorage = memoryStorage();
    hostStorage.setItem('parley:acme:token', 'tok-1');
    serveFrom(host, frame, hostStorage);

    const storage = await open(frame, host);
    expect(storage).not.toBeNull();
    expect(storage!.getItem('parley:acme:token')).toBe('tok-1');
    expect(storage!.getItem('parley:acme:outbox')).toBeNull();

    storage!.setItem('parley:acme:outbox', '[1]');
    storage!.removeItem('parley:acme:token');
    expect(storage!.getItem('parley:acme:outbox')).toBe('[1]'); // at once, from the copy
    await tick();
    expect(hostStorage.getItem('parley:acme:outbox')).toBe('[1]');
    expect(hostStorage.getItem('parley:acme:token')).toBeNull();

    // a reload: a new frame window reads what the last one wrote
    const again = await open(frame, host);
    expect(again!.getItem('parley:acme:outbox')).toBe('[1]');
    expect(again!.getItem('parley:acme:token')).toBeNull();
  });

  it('addresses requests to the host origin and answers to the Parley origin only', async () => {
    const { host, frame } = windowPair(HOST, PARLEY);
    serveFrom(host, frame, memoryStorage());
    const storage = await open(frame, host);
    storage!.setItem('parley:acme:token', 'secret');
    expect(host.posted.map(([data, target]) => [(data as { type: string }).type, target])).toEqual([
      ['parley:storage:get', HOST],
      ['parley:storage:get', HOST],
      ['parley:storage:set', HOST],
    ]);
    expect(frame.posted.map(([data, target]) => [(data as { type: string }).type, target])).toEqual([
      ['parley:storage:value', PARLEY],
      ['parley:storage:value', PARLEY],
    ]);
  });

  it('is null when nobody answers in time, and stops listening', async () => {
    const { host, frame } = windowPair(HOST, PARLEY);
    const started = Date.now();
    expect(await open(frame, host, 50)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(frame.listeners.size).toBe(0);
  });

  it('ignores answers from another origin, another window, or to unknown requests', async () => {
    const { host, frame } = windowPair(HOST, PARLEY);
    const intruder = new FakeWindow(HOST);
    const answer = (id: unknown, value: unknown = 'forged') => ({ type: 'parley:storage:value', id, value });
    const pending = open(frame, host, 100);
    await tick();
    frame.deliver({ data: answer(1), origin: 'https://evil.example', source: host });
    frame.deliver({ data: answer(2), origin: 'https://evil.example', source: host });
    frame.deliver({ data: answer(1), origin: HOST, source: intruder });
    frame.deliver({ data: answer(2), origin: HOST, source: intruder });
    frame.deliver({ data: answer(1, 42), origin: HOST, source: host });
    frame.deliver({ data: answer(3), origin: HOST, source: host });
    frame.deliver({ data: { type: 'parley:storage:get', id: 2, key: KEYS[1] }, origin: HOST, source: host });
    expect(await pending).toBeNull();
  });

  it('the loader ignores a frame of another origin and keys of another desk', async () => {
    const { host, frame } = windowPair(HOST, 'https://evil.example');
    const hostStorage = memoryStorage();
    hostStorage.setItem('parley:acme:token', 'tok-1');
    serveFrom(host, frame, hostStorage); // expects PARLEY, the frame is not it
    expect(await open(frame, host, 50)).toBeNull();

    const pair = windowPair(HOST, PARLEY);
    serveFrom(pair.host, pair.frame, hostStorage);
    const other = openBridgeStorage(pair.frame, { window: pair.host, origin: HOST }, ['parley:other:token'], 50);
    expect(await other).toBeNull();
    pair.host.postMessage({ type: 'parley:storage:set', key: 'parley:other:token', value: 'x' }, HOST);
    pair.host.postMessage({ type: 'parley:storage:remove', key: 'parley:acme:token' }, 'https://elsewhere.example');
    await tick();
    expect(hostStorage.getItem('parley:other:token')).toBeNull();
    expect(hostStorage.getItem('parley:acme:token')).toBe('tok-1');
  });

  it('keeps working in the loader\'s memory when the host page\'s storage throws too', async () => {
    const { host, frame } = windowPair(HOST, PARLEY);
    const blocked = {
      get localStorage(): Storage {
        throw new DOMException('Access is denied', 'SecurityError');
      },
    };
    serveFrom(host, frame, openLocalStorage(blocked));
    const first = await open(frame, host);
    first!.setItem('parley:acme:token', 'tok-2');
    await tick();
    const second = await open(frame, host); // the frame reloaded, the host page did not
    expect(second!.getItem('parley:acme:token')).toBe('tok-2');
  });
});
