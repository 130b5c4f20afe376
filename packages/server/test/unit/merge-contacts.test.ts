import { describe, expect, it } from 'vitest';
import { mergeContactRecords } from '../../src/domain/merge-contacts.ts';
import { NEW_CONTACT_DEFAULTS } from '../../src/store/defaults.ts';
import type { ContactRecord } from '../../src/store/types.ts';

const contact = (id: string, over: Partial<ContactRecord> = {}): ContactRecord => ({
  ...NEW_CONTACT_DEFAULTS, id, deskId: 'd1', externalId: null, name: null, email: null, createdAt: 't0', lastSeenAt: 't0', tokenHash: `th-${id}`,
  identityKey: `anon:${id}`, mergedInto: null, ...over,
});
const ctx = { actor: { type: 'agent' as const, id: 'mina' }, eventId: 'e1', at: 't1' };
const none = { source: [], target: [] };
const reason = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return `${(err as { code: string }).code}:${(err as { details: { reason: string } }).details.reason}`;
  }
  return 'accepted';
};

describe('mergeContactRecords: a duplicate contact merged into another', () => {
  it('keeps the target’s fields, fills the missing ones and attributes from the source, and names the moved tickets', () => {
    const target = contact('t', { name: 'Kim Minji', phone: null, attributes: { plan: 'pro' } });
    const source = contact('s', { name: 'minji', email: 'minji@example.com', phone: '010-1234', attributes: { plan: 'free', city: 'Seoul' } });
    const tickets = { source: [{ id: 'c1', status: 'closed' as const, channel: 'web' as const }, { id: 'c2', status: 'open' as const, channel: 'email' as const }], target: [] };
    const { change, event } = mergeContactRecords(source, target, tickets, ctx);
    expect(change).toEqual({ email: 'minji@example.com', phone: '010-1234', attributes: { plan: 'pro', city: 'Seoul' } });
    expect(event).toMatchObject({ type: 'contact.merged', id: 'e1', conversationId: null, data: { sourceId: 's', targetId: 't', conversationIds: ['c1', 'c2'], fields: ['email', 'phone', 'attributes'] } });
  });

  it('keeps verified flags honest: a value’s flag comes with it, a kept value is verified if either side signed that value', () => {
    const signedSource = contact('s', { name: 'Kim', email: 'k@example.com', verified: { name: true, email: true } });
    expect(mergeContactRecords(signedSource, contact('t', { name: 'Someone else' }), none, ctx).change).toEqual({
      email: 'k@example.com',
      verified: { name: false, email: true },
    });
    expect(mergeContactRecords(signedSource, contact('t', { name: 'Kim' }), none, ctx).change).toEqual({ email: 'k@example.com', verified: { name: true, email: true } });
    // the target's own signature stays; an unsigned source value taken is unsigned
    const signedTarget = contact('t', { name: 'Kim', verified: { name: true, email: false } });
    expect(mergeContactRecords(contact('s', { email: 'x@example.com' }), signedTarget, none, ctx).change).toEqual({ email: 'x@example.com' });
  });

  it('refuses a merge into itself, of or into a merged contact, and when both have a live ticket on one channel', () => {
    expect(reason(() => mergeContactRecords(contact('a'), contact('a'), none, ctx))).toBe('invalid_input:same_contact');
    expect(reason(() => mergeContactRecords(contact('s', { mergedInto: 'x' }), contact('t'), none, ctx))).toBe('conflict:already_merged');
    expect(reason(() => mergeContactRecords(contact('s'), contact('t', { mergedInto: 'x' }), none, ctx))).toBe('conflict:already_merged');
    const clash = { source: [{ id: 'c1', status: 'resolved' as const, channel: 'web' as const }], target: [{ status: 'open' as const, channel: 'web' as const }] };
    expect(reason(() => mergeContactRecords(contact('s'), contact('t'), clash, ctx))).toBe('conflict:both_open');
    const closedOne = { source: [{ id: 'c1', status: 'closed' as const, channel: 'web' as const }], target: [{ status: 'open' as const, channel: 'web' as const }] };
    expect(reason(() => mergeContactRecords(contact('s'), contact('t'), closedOne, ctx))).toBe('accepted');
  });

  it('finishes an interrupted merge of the same pair, and only that', () => {
    const left = { source: [{ id: 'c1', status: 'closed' as const, channel: 'web' as const }], target: [] };
    expect(reason(() => mergeContactRecords(contact('s', { mergedInto: 't' }), contact('t'), left, ctx))).toBe('accepted');
    expect(reason(() => mergeContactRecords(contact('s', { mergedInto: 't' }), contact('t'), none, ctx))).toBe('conflict:already_merged');
  });
});
