import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket, last, OPEN } from './fake-websocket.ts';
import { openLiveSocket, RETRY_MAX_MS, RETRY_MIN_MS, type LiveSocketHandlers, type SocketWindow } from '../src/live/live-socket.ts';

function start(handlers: Partial<LiveSocketHandlers> = {}, random = () => 1) {
  const events: Array<[string, unknown]> = [];
  const connected: boolean[] = [];
  let token: string | null = 'tok_1';
  const win = { setTimeout, clearTimeout, WebSocket: FakeSocket as unknown as typeof WebSocket } as unknown as SocketWindow;
  const socket = openLiveSocket(win, 'https://chat.example.com', {
    token: () => token,
    connected: (again) => connected.push(again),
    event: (name, payload) => events.push([name, payload]),
    ...handlers,
  }, random);
  return { socket, events, connected, setToken: (next: string | null) => (token = next) };
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('the live replies socket (native WebSocket, no socket.io-client)', () => {
  it('connects to the visitor namespace with the token, answers pings and hands events over', () => {
    const { socket, events, connected } = start();
    socket.start();
    const ws = last();
    expect(ws.url).toBe('wss://chat.example.com/socket.io/?EIO=4&transport=websocket');
    ws.receive(OPEN);
    expect(ws.sent).toEqual(['40/visitor,{"token":"tok_1"}']);
    ws.receive('40/visitor,{"sid":"x"}');
    expect(connected).toEqual([false]);
    ws.receive('2');
    expect(ws.sent.at(-1)).toBe('3');
    ws.receive('42/visitor,["message.created",{"message":{"type":"agent"}}]');
    ws.receive('garbage');
    ws.receive('42/visitor,[');
    expect(events).toEqual([['message.created', { message: { type: 'agent' } }]]);
  });

  it('reconnects with capped, jittered backoff, and says when it is connected again', () => {
    const { socket, connected } = start({}, () => 0); // the shortest wait of each step: half the cap
    socket.start();
    last().lost();
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(RETRY_MIN_MS / 2);
    expect(FakeSocket.all).toHaveLength(2);
    last().lost();
    vi.advanceTimersByTime(RETRY_MIN_MS - 1);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(3);
    const waits: number[] = [];
    for (let i = 0; i < 10; i++) {
      last().lost();
      const before = Date.now();
      vi.advanceTimersToNextTimer();
      waits.push(Date.now() - before);
    }
    expect(FakeSocket.all).toHaveLength(13);
    // doubling from the second second, half of it at the least jitter, never more than the cap
    expect(waits).toEqual([2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000, 30000, 30000]);
    last().receive(OPEN);
    last().receive('40/visitor,{}');
    last().receive('40/visitor,{}');
    expect(connected).toEqual([false, true]);
  });

  it('gives up a connection that stops pinging, and one refused for now; a refused token stops it', () => {
    const { socket, setToken } = start();
    socket.start();
    last().receive(OPEN);
    last().receive('40/visitor,{}');
    vi.advanceTimersByTime(45_000);
    expect(last().closed).toBe(true); // no ping within pingInterval + pingTimeout
    vi.advanceTimersByTime(RETRY_MIN_MS);
    expect(FakeSocket.all).toHaveLength(2);
    last().receive(OPEN);
    last().receive('44/visitor,{"message":"rate_limited"}');
    expect(last().closed).toBe(true);
    vi.advanceTimersByTime(2 * RETRY_MIN_MS); // the second failure in a row
    expect(FakeSocket.all).toHaveLength(3);
    last().receive(OPEN);
    last().receive('44/visitor,{"message":"unauthorized"}');
    expect(last().closed).toBe(true);
    vi.advanceTimersByTime(10 * RETRY_MAX_MS);
    expect(FakeSocket.all).toHaveLength(3);
    // no token (the visitor logged out, or another user): nothing is opened
    setToken(null);
    socket.start();
    expect(FakeSocket.all).toHaveLength(3);
  });

  it('stays closed after stop, and a handler that throws does not break it', () => {
    const { socket } = start({ event: () => { throw new Error('boom'); } });
    socket.start();
    last().receive(OPEN);
    last().receive('40/visitor,{}');
    expect(() => last().receive('42/visitor,["x"]')).not.toThrow();
    last().receive('2');
    expect(last().sent.at(-1)).toBe('3');
    socket.stop();
    expect(last().closed).toBe(true);
    vi.advanceTimersByTime(10 * RETRY_MAX_MS);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('never throws when the browser refuses to open a WebSocket', () => {
    const win = { setTimeout, clearTimeout, WebSocket: class { constructor() { throw new Error('SecurityError'); } } } as unknown as SocketWindow;
    const socket = openLiveSocket(win, 'https://chat.example.com', { token: () => 't', connected() {}, event() {} });
    expect(() => socket.start()).not.toThrow();
    expect(() => vi.advanceTimersByTime(RETRY_MAX_MS)).not.toThrow();
    socket.stop();
  });
});
