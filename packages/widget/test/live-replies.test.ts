import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../src/app/browser-storage.ts';
import { listenForReplies, type LiveHooks } from '../src/live/index.ts';
import { FakeSocket, last, OPEN } from './fake-websocket.ts';

const agentReply = { id: 'm2', conversationId: 'c1', seq: 2, type: 'agent', text: 'It ships today.', createdAt: '2026-01-01T00:00:00.000Z' };
const event = (name: string, payload: unknown) => `42/visitor,${JSON.stringify([name, payload])}`;

function page(token: string | null = 'tok_1') {
  const localStorage = memoryStorage();
  if (token) localStorage.setItem('parley:acme:token', token);
  const win = Object.assign(new EventTarget(), { setTimeout, clearTimeout, WebSocket: FakeSocket, localStorage }) as unknown as Window;
  let wanted = true;
  const replies: unknown[] = [];
  const recount = vi.fn();
  const hooks: LiveHooks = { owner: () => null, wanted: () => wanted, reply: (m) => replies.push(m), recount };
  const stop = listenForReplies(win, 'https://chat.example.com', 'acme', hooks);
  const say = (type: string, fields: Record<string, unknown> = {}) => win.dispatchEvent(Object.assign(new Event(type), fields));
  return { win, replies, recount, stop, say, localStorage, unwant: () => (wanted = false) };
}

/** The socket's handshake and the namespace's welcome. */
function welcome(): void {
  last().receive(OPEN);
  last().receive('40/visitor,{"sid":"x"}');
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('listenForReplies (a returning visitor’s page, chat closed)', () => {
  it('hands an agent’s reply over and asks for the count again; not the visitor’s own messages', () => {
    const { replies, recount } = page();
    expect(last().url).toBe('wss://chat.example.com/socket.io/?EIO=4&transport=websocket');
    welcome();
    expect(last().sent).toEqual(['40/visitor,{"token":"tok_1"}']);
    vi.advanceTimersByTime(1000);
    expect(recount).toHaveBeenCalledTimes(1); // connected: what came before it
    last().receive(event('message.created', { message: { ...agentReply, type: 'visitor' } }));
    last().receive(event('agent.typing', { conversationId: 'c1', typing: true }));
    vi.advanceTimersByTime(1000);
    expect([replies, recount.mock.calls.length]).toEqual([[], 1]);
    // a burst of replies: each is heard, the count is asked once after it
    last().receive(event('message.created', { message: agentReply }));
    last().receive(event('message.created', { message: { ...agentReply, id: 'm3', seq: 3 } }));
    expect(replies).toHaveLength(2);
    vi.advanceTimersByTime(1000);
    expect(recount).toHaveBeenCalledTimes(2);
  });

  it('opens nothing without the visitor’s token, and reconnects with the new token another tab stored', () => {
    const { say, localStorage } = page(null);
    expect(FakeSocket.all).toHaveLength(0);
    localStorage.setItem('parley:acme:token', 'tok_2');
    say('storage', { key: 'parley:acme:token' });
    welcome();
    expect(last().sent).toEqual(['40/visitor,{"token":"tok_2"}']);
  });

  it('counts again when another tab records that the visitor has read', () => {
    const { say, recount } = page();
    welcome();
    vi.advanceTimersByTime(1000);
    say('storage', { key: 'parley:acme:seen' });
    say('storage', { key: 'parley:other:seen' });
    vi.advanceTimersByTime(1000);
    expect(recount).toHaveBeenCalledTimes(2);
  });

  it('closes on pagehide and comes back with the page from the back-forward cache', () => {
    const { say } = page();
    welcome();
    say('pagehide');
    expect(last().closed).toBe(true);
    vi.advanceTimersByTime(120_000);
    expect(FakeSocket.all).toHaveLength(1);
    say('pageshow', { persisted: true });
    expect(FakeSocket.all).toHaveLength(2);
    // back online: a new connection only when there is none
    welcome();
    say('online');
    expect(FakeSocket.all).toHaveLength(2);
    last().lost();
    say('online');
    expect(FakeSocket.all).toHaveLength(3);
  });

  it('stops for good once the page no longer wants it (the chat opened, another visitor), and on stop', () => {
    const first = page();
    welcome();
    first.unwant();
    last().receive(event('message.created', { message: agentReply }));
    expect(first.replies).toEqual([]);
    expect(last().closed).toBe(true);
    first.say('pageshow', { persisted: true });
    first.say('online');
    expect(FakeSocket.all).toHaveLength(1);

    const second = page();
    welcome();
    second.stop();
    expect(last().closed).toBe(true);
    vi.advanceTimersByTime(120_000);
    expect(FakeSocket.all).toHaveLength(2);
    expect(second.recount).not.toHaveBeenCalled();
  });
});

describe('listenForReplies under a Content-Security-Policy without Parley’s wss: origin', () => {
  it('stops at the first violation and says once what the page needs', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { say } = page();
    say('securitypolicyviolation', { blockedURI: 'https://elsewhere.example/x' });
    expect(last().closed).toBe(false);
    last().lost(); // the browser blocked the connection
    say('securitypolicyviolation', { blockedURI: 'wss://chat.example.com/socket.io/?EIO=4&transport=websocket' });
    vi.advanceTimersByTime(10 * 60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith('[Parley] add wss://chat.example.com to connect-src to show replies live');
    warn.mockRestore();
  });
});
