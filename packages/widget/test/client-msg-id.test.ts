import { describe, expect, it } from 'vitest';
import { CLIENT_MSG_ID, isClientMsgId, newClientMsgId } from '../src/app/client-msg-id.ts';

describe('newClientMsgId', () => {
  it('matches the server alphabet and length', () => {
    for (let i = 0; i < 200; i++) expect(newClientMsgId()).toMatch(CLIENT_MSG_ID);
  });

  it('is 22 characters and unique across many calls', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => newClientMsgId()));
    expect(ids.size).toBe(5000);
    for (const id of ids) expect(id).toHaveLength(22);
  });

  it('maps every byte into the 64-symbol alphabet', () => {
    const bytes = (value: number) => ({
      getRandomValues: <T extends ArrayBufferView | null>(array: T): T => {
        if (array instanceof Uint8Array) array.fill(value);
        return array;
      },
    });
    expect(newClientMsgId(bytes(0))).toBe('A'.repeat(22));
    expect(newClientMsgId(bytes(255))).toBe('-'.repeat(22));
    expect(newClientMsgId(bytes(62))).toBe('_'.repeat(22));
  });

  it('recognises valid ids only', () => {
    expect(isClientMsgId('abcdEFGH_-12')).toBe(true);
    expect(isClientMsgId('short')).toBe(false);
    expect(isClientMsgId('has space in it')).toBe(false);
    expect(isClientMsgId('x'.repeat(65))).toBe(false);
    expect(isClientMsgId({ $gt: '' })).toBe(false);
  });
});
