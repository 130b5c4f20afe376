import { describe, expect, it } from 'vitest';
import { readFrameMessage } from '../src/loader/frame-messages.ts';

const ORIGIN = 'https://chat.example.com';
const frameWindow = { name: 'the frame' };

describe('readFrameMessage (loader)', () => {
  const from = (data: unknown, origin = ORIGIN, source: unknown = frameWindow) =>
    readFrameMessage({ data, origin, source }, ORIGIN, frameWindow);

  it('accepts close and unread from the frame', () => {
    expect(from({ type: 'parley:close' })).toEqual({ type: 'close' });
    expect(from({ type: 'parley:unread', count: 2 })).toEqual({ type: 'unread', count: 2 });
    expect(from({ type: 'parley:unread' })).toEqual({ type: 'unread', count: null });
  });

  it('ignores other origins and other windows', () => {
    expect(from({ type: 'parley:close' }, 'https://evil.example')).toBeNull();
    expect(from({ type: 'parley:close' }, ORIGIN, { name: 'another frame' })).toBeNull();
    expect(readFrameMessage({ data: { type: 'parley:close' }, origin: ORIGIN, source: null }, ORIGIN, null)).toBeNull();
  });

  it('ignores unknown or malformed messages', () => {
    expect(from('parley:close')).toBeNull();
    expect(from(null)).toBeNull();
    expect(from({ type: 'parley:open' })).toBeNull();
    expect(from({ type: 'parley:unread', count: -1 })).toBeNull();
    expect(from({ type: 'parley:unread', count: '3' })).toBeNull();
  });
});
