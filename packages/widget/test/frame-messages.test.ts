import { describe, expect, it } from 'vitest';
import { readFrameMessage } from '../src/panel/frame-messages.ts';

const ORIGIN = 'https://chat.example.com';
const frameWindow = { name: 'the frame' };
const PREFIX = 'parley:acme:';

describe('readFrameMessage (loader)', () => {
  const from = (data: unknown, origin = ORIGIN, source: unknown = frameWindow) =>
    readFrameMessage({ data, origin, source }, ORIGIN, frameWindow, PREFIX);

  it('accepts close and unread from the frame', () => {
    expect(from({ type: 'parley:close' })).toEqual({ type: 'close' });
    expect(from({ type: 'parley:unread', count: 2 })).toEqual({ type: 'unread', count: 2 });
    expect(from({ type: 'parley:unread' })).toEqual({ type: 'unread', count: null });
  });

  it('accepts ready (the chat has drawn itself: the loading status goes) from the frame only', () => {
    expect(from({ type: 'parley:ready' })).toEqual({ type: 'ready' });
    expect(from({ type: 'parley:ready' }, 'https://evil.example')).toBeNull();
    expect(from({ type: 'parley:ready' }, ORIGIN, { name: 'another frame' })).toBeNull();
  });

  it('ignores other origins and other windows', () => {
    expect(from({ type: 'parley:close' }, 'https://evil.example')).toBeNull();
    expect(from({ type: 'parley:close' }, ORIGIN, { name: 'another frame' })).toBeNull();
    expect(readFrameMessage({ data: { type: 'parley:close' }, origin: ORIGIN, source: null }, ORIGIN, null, PREFIX)).toBeNull();
  });

  it('ignores unknown or malformed messages', () => {
    expect(from('parley:close')).toBeNull();
    expect(from(null)).toBeNull();
    expect(from({ type: 'parley:open' })).toBeNull();
    expect(from({ type: 'parley:unread', count: -1 })).toBeNull();
    expect(from({ type: 'parley:unread', count: '3' })).toBeNull();
  });
});

describe('readFrameMessage: storage bridge requests', () => {
  const from = (data: unknown, origin = ORIGIN, source: unknown = frameWindow) =>
    readFrameMessage({ data, origin, source }, ORIGIN, frameWindow, PREFIX);
  const get = { type: 'parley:storage:get', id: 1, key: 'parley:acme:token' };
  const set = { type: 'parley:storage:set', key: 'parley:acme:token', value: 'tok' };
  const remove = { type: 'parley:storage:remove', key: 'parley:acme:outbox' };

  it('accepts get, set and remove for the desk\'s keys', () => {
    expect(from(get)).toEqual({ type: 'get', id: 1, key: 'parley:acme:token' });
    expect(from(set)).toEqual({ type: 'set', key: 'parley:acme:token', value: 'tok' });
    expect(from(remove)).toEqual({ type: 'remove', key: 'parley:acme:outbox' });
    expect(from({ ...set, value: '' })).toEqual({ type: 'set', key: 'parley:acme:token', value: '' });
  });

  it('ignores them from another origin or another window', () => {
    for (const data of [get, set, remove]) {
      expect(from(data, 'https://evil.example')).toBeNull();
      expect(from(data, ORIGIN, { name: 'another frame' })).toBeNull();
      expect(from(data, 'null')).toBeNull();
    }
  });

  it('ignores keys outside the desk\'s prefix', () => {
    for (const key of ['parley:other:token', 'parley:acme', 'parley:acmeX:token', 'token', 'xparley:acme:token', 'PARLEY:acme:token']) {
      expect(from({ ...get, key })).toBeNull();
      expect(from({ ...set, key })).toBeNull();
      expect(from({ ...remove, key })).toBeNull();
    }
  });

  it('ignores malformed requests', () => {
    expect(from({ ...get, id: '1' })).toBeNull();
    expect(from({ type: 'parley:storage:get', key: 'parley:acme:token' })).toBeNull();
    expect(from({ ...set, value: 42 })).toBeNull();
    expect(from({ ...set, value: null })).toBeNull();
    expect(from({ ...remove, key: 42 })).toBeNull();
    expect(from({ ...get, type: 'parley:storage:clear' })).toBeNull();
    expect(from({ ...get, type: 'parley:storage:value' })).toBeNull();
  });
});
