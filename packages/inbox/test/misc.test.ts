import { describe, expect, it } from 'vitest';
import { conversationOf, messageOf, missedMessages } from '../src/state/guards.ts';
import { newClientMsgId } from '../src/state/ids.ts';
import { hashForTicket, ticketFromHash } from '../src/route.ts';
import { conversation, message } from './fixtures.ts';

describe('newClientMsgId', () => {
  it('matches the protocol pattern and does not repeat', () => {
    const ids = new Set(Array.from({ length: 200 }, newClientMsgId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });
});

describe('payload guards', () => {
  it('reads the missed messages of a stale_ticket error and drops malformed ones', () => {
    expect(missedMessages({ missed: [message(3), { seq: 'x' }, message(4)] }).map((m) => m.seq)).toEqual([3, 4]);
    expect(missedMessages(undefined)).toEqual([]);
    expect(missedMessages({ missed: 'nope' })).toEqual([]);
  });

  it('accepts well-formed events only', () => {
    expect(messageOf({ message: message(1) })?.seq).toBe(1);
    expect(messageOf({ message: { ...message(1), type: 'evil' } })).toBeNull();
    expect(conversationOf({ conversation: conversation('a') })?.id).toBe('a');
    expect(conversationOf({ conversation: { id: 'a' } })).toBeNull();
    expect(conversationOf(null)).toBeNull();
  });
});

describe('route', () => {
  it('round-trips a ticket id through the hash and refuses anything else', () => {
    expect(ticketFromHash(hashForTicket('abc_12-X'))).toBe('abc_12-X');
    expect(ticketFromHash('')).toBeNull();
    expect(ticketFromHash('#/c/<script>')).toBeNull();
    expect(hashForTicket(null)).toBe('');
  });
});

describe('formatTime', () => {
  it('shows only the time for today and adds the date otherwise', async () => {
    const { formatTime } = await import('../src/format.ts');
    const now = new Date(2025, 5, 15, 18, 0);
    const today = new Date(2025, 5, 15, 9, 5).toISOString();
    const earlier = new Date(2025, 0, 3, 9, 5).toISOString();
    expect(formatTime(today, 'en', now)).not.toMatch(/Jun|Jan/);
    expect(formatTime(today, 'en', now)).toMatch(/9:05/);
    expect(formatTime(earlier, 'en', now)).toMatch(/Jan/);
    expect(formatTime('not a date', 'en', now)).toBe('');
  });
});
