import { CONVERSATION_STATUSES } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { canTransition, snoozeProblem, statusAfterAssignment, statusAfterMessage } from '../../src/domain/ticket-lifecycle.ts';

describe('ticket lifecycle', () => {
  it('closed is terminal', () => {
    for (const to of CONVERSATION_STATUSES) expect(canTransition('closed', to)).toBe(to === 'closed');
  });
  it('nothing goes back to new', () => {
    for (const from of CONVERSATION_STATUSES) if (from !== 'new') expect(canTransition(from, 'new')).toBe(false);
  });
  it('a resolved ticket can be reopened or closed, not parked as pending', () => {
    expect(canTransition('resolved', 'open')).toBe(true);
    expect(canTransition('resolved', 'closed')).toBe(true);
    expect(canTransition('resolved', 'pending')).toBe(false);
  });
  it('a visitor message reopens pending, snoozed and resolved tickets only', () => {
    expect(statusAfterMessage('pending', 'visitor')).toBe('open');
    expect(statusAfterMessage('snoozed', 'visitor')).toBe('open');
    expect(statusAfterMessage('resolved', 'visitor')).toBe('open');
    expect(statusAfterMessage('new', 'visitor')).toBeNull();
    expect(statusAfterMessage('open', 'visitor')).toBeNull();
  });
  it('the first agent reply opens a new ticket; notes change nothing', () => {
    expect(statusAfterMessage('new', 'agent')).toBe('open');
    expect(statusAfterMessage('pending', 'agent')).toBeNull();
    expect(statusAfterMessage('new', 'note')).toBeNull();
  });
  it('any active ticket can be snoozed, and a snoozed one resolved, reopened or parked; a resolved one is not snoozed', () => {
    for (const from of ['new', 'open', 'pending'] as const) expect(canTransition(from, 'snoozed')).toBe(true);
    for (const to of ['open', 'pending', 'resolved', 'closed'] as const) expect(canTransition('snoozed', to)).toBe(true);
    expect(canTransition('resolved', 'snoozed')).toBe(false);
    expect(statusAfterMessage('snoozed', 'agent')).toBeNull();
  });
  it('a snooze is at least a minute and at most a year ahead', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(snoozeProblem('2026-01-01T00:00:30Z', now)).toMatch(/at least a minute/);
    expect(snoozeProblem('2027-01-03T00:00:00Z', now)).toMatch(/within a year/);
    expect(snoozeProblem('not a date', now)).toMatch(/not a time/);
    expect(snoozeProblem('2026-01-02T09:00:00+09:00', now)).toBeNull();
  });
  it('assignment opens a new ticket, unassignment does not', () => {
    expect(statusAfterAssignment('new', 'a1')).toBe('open');
    expect(statusAfterAssignment('new', null)).toBeNull();
    expect(statusAfterAssignment('pending', 'a1')).toBeNull();
  });
});
