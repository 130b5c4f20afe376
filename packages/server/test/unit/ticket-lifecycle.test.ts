import { CONVERSATION_STATUSES } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { canTransition, statusAfterAssignment, statusAfterMessage } from '../../src/domain/ticket-lifecycle.ts';

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
  it('a visitor message reopens pending and resolved tickets only', () => {
    expect(statusAfterMessage('pending', 'visitor')).toBe('open');
    expect(statusAfterMessage('resolved', 'visitor')).toBe('open');
    expect(statusAfterMessage('new', 'visitor')).toBeNull();
    expect(statusAfterMessage('open', 'visitor')).toBeNull();
  });
  it('the first agent reply opens a new ticket; notes change nothing', () => {
    expect(statusAfterMessage('new', 'agent')).toBe('open');
    expect(statusAfterMessage('pending', 'agent')).toBeNull();
    expect(statusAfterMessage('new', 'note')).toBeNull();
  });
  it('assignment opens a new ticket, unassignment does not', () => {
    expect(statusAfterAssignment('new', 'a1')).toBe('open');
    expect(statusAfterAssignment('new', null)).toBeNull();
    expect(statusAfterAssignment('pending', 'a1')).toBeNull();
  });
});
