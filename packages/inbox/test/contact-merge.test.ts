import { describe, expect, it } from 'vitest';
import type { Contact, TicketActivity } from '@parley/protocol/model';
import { activityTexts, type ActivityNames } from '../src/state/activity.ts';
import { isActivity } from '../src/state/activity-guard.ts';
import { contactLabel } from '../src/state/contact-label.ts';
import { mergeReasonKey, mergeTargets } from '../src/state/contact-merge.ts';

const contact = (id: string, over: Partial<Contact> = {}): Contact => ({
  id, deskId: 'd', externalId: null, name: null, email: null, phone: null, attributes: {}, verified: { name: false, email: false }, device: null,
  createdAt: 't', lastSeenAt: 't', ...over,
} as Contact);

describe('merging a contact from the sidebar', () => {
  it('never offers the contact itself, and names each by name, else e-mail, else phone', () => {
    expect(mergeTargets([contact('a'), contact('b')], 'a').map((c) => c.id)).toEqual(['b']);
    expect(contactLabel({ name: '김민지', email: 'm@example.com', phone: null })).toEqual({ main: '김민지', more: 'm@example.com' });
    expect(contactLabel({ name: null, email: null, phone: '010' })).toEqual({ main: '010', more: '' });
    expect(contactLabel({ name: '', email: null, phone: null })).toEqual({ main: null, more: '' });
  });

  it('words each refusal reason', () => {
    expect(mergeReasonKey({ code: 'conflict', message: '', details: { reason: 'both_open' } })).toBe('merge.reason.both_open');
    expect(mergeReasonKey({ code: 'invalid_input', message: '', details: { reason: 'same_contact' } })).toBe('merge.reason.same_contact');
    expect(mergeReasonKey({ code: 'not_found', message: '' })).toBeNull();
  });

  it('draws the merge line in the timelines of the moved tickets', () => {
    const line: TicketActivity = { id: 'e', conversationId: 'c', at: 't', actor: { type: 'agent', id: 'mina' }, cause: 'contact_merge', changes: {} };
    expect(isActivity(line)).toBe(true);
    const names = { actor: () => 'Mina' } as unknown as ActivityNames;
    expect(activityTexts(line, names)).toEqual([{ key: 'activity.contactMerged', params: { actor: 'Mina' } }]);
  });
});
