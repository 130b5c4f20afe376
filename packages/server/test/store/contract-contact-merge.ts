import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../src/events/catalogue.ts';
import { NEW_CONTACT_DEFAULTS } from '../../src/store/defaults.ts';
import type { Store } from '../../src/store/port.ts';
import type { ContactRecord, ContactMerge } from '../../src/store/types.ts';
import { conversation, msg, now, step, uid } from './contract.ts';

/** Merging a duplicate contact into another, and finding contacts to merge. Part of the store contract. */
export function contactMergeContract(store: () => Store): void {
  const contact = (deskId: string, over: Partial<ContactRecord> = {}): ContactRecord => {
    const id = uid('ct');
    return { ...NEW_CONTACT_DEFAULTS, id, deskId, name: null, email: null, externalId: null, identityKey: `anon:${id}`, createdAt: now(), lastSeenAt: now(), tokenHash: uid('th'), ...over };
  };
  const mergeOf = (deskId: string, sourceId: string, targetId: string, over: Partial<ContactMerge> = {}): ContactMerge => ({
    sourceId,
    targetId,
    target: {},
    at: now(),
    event: makeEvent('contact.merged', { id: uid('ev'), deskId, conversationId: null, actor: { type: 'agent', id: 'ag' }, at: now() }, { sourceId, targetId, conversationIds: [], fields: [] }),
    ...over,
  });

  describe('contact merge', () => {
    it('moves every ticket of the source to the target, takes the target’s new fields, marks the source and logs the event', async () => {
      const s = store();
      const d = uid('desk');
      const target = await s.createContact(contact(d, { name: 'Kim Minji', attributes: { plan: 'pro' } }));
      const source = await s.createContact(contact(d, { email: 'minji@example.com' }));
      const closed = await s.createConversation(conversation(d, source.id, { status: 'closed', openKey: `closed:x${uid('c')}` }));
      const live = await s.createConversation(conversation(d, source.id, { channel: 'email', openKey: `${source.id}:email` }));
      expect((await s.commitMessage(step(msg(live.id, { text: 'my parcel' })))).status).toBe('committed');
      const merge = mergeOf(d, source.id, target.id, { target: { email: 'minji@example.com', attributes: { plan: 'pro', city: 'Seoul' } } });

      const outcome = await s.mergeContacts(merge);
      expect(outcome.status).toBe('merged');
      if (outcome.status !== 'merged') return;
      expect(outcome.target).toMatchObject({ id: target.id, name: 'Kim Minji', email: 'minji@example.com', attributes: { plan: 'pro', city: 'Seoul' } });
      expect(outcome.moved.map((t) => t.id).sort()).toEqual([closed.id, live.id].sort());
      expect(await s.getContact(target.id)).toMatchObject({ email: 'minji@example.com', attributes: { city: 'Seoul' } });
      expect((await s.getContact(target.id))?.mergedInto ?? null).toBeNull();
      expect((await s.getContact(source.id))?.mergedInto).toBe(target.id);
      expect((await s.listConversations({ deskId: d, contactId: target.id, limit: 10 })).map((c) => c.id).sort()).toEqual([closed.id, live.id].sort());
      expect(await s.listConversations({ deskId: d, contactId: source.id, limit: 10 })).toEqual([]);
      // the moved live ticket is the target's ticket on its channel now, and takes messages as before
      expect((await s.findOpenConversation(target.id, 'email'))?.id).toBe(live.id);
      const after = await s.getConversation(live.id);
      expect(after).toMatchObject({ contactId: target.id, version: live.version + 1, lastSeq: 1 });
      expect((await s.commitMessage(step(msg(live.id, { text: 'still there?' })))).status).toBe('committed');
      const logged = await s.listEvents({ deskId: d, types: ['contact.merged'], limit: 10 });
      expect(logged.map((e) => e.id)).toEqual([merge.event.id]);
      // a repeat finds nothing left to move (how an interrupted merge is finished); a merged contact goes nowhere else,
      // takes no other contact, and is not listed
      expect(await s.mergeContacts(mergeOf(d, source.id, target.id))).toMatchObject({ status: 'merged', moved: [] });
      const third = await s.createContact(contact(d));
      expect(await s.mergeContacts(mergeOf(d, source.id, third.id))).toEqual({ status: 'missing' });
      expect(await s.mergeContacts(mergeOf(d, third.id, source.id))).toEqual({ status: 'missing' });
      expect((await s.searchContacts(d, 'minji', 10)).map((c) => c.id)).toEqual([target.id]);
    });

    it('points contacts merged into the source before at the new target', async () => {
      const s = store();
      const d = uid('desk');
      const [a, b, c] = await Promise.all([s.createContact(contact(d)), s.createContact(contact(d)), s.createContact(contact(d))]);
      expect((await s.mergeContacts(mergeOf(d, a.id, b.id))).status).toBe('merged');
      expect((await s.mergeContacts(mergeOf(d, b.id, c.id))).status).toBe('merged');
      expect((await s.getContact(a.id))?.mergedInto).toBe(c.id);
      expect((await s.getContact(b.id))?.mergedInto).toBe(c.id);
    });

    it('refuses, writing nothing, when both have a live ticket on one channel, or a contact is missing', async () => {
      const s = store();
      const d = uid('desk');
      const target = await s.createContact(contact(d, { name: 'Target' }));
      const source = await s.createContact(contact(d));
      await s.createConversation(conversation(d, target.id));
      const theirs = await s.createConversation(conversation(d, source.id));
      expect(await s.mergeContacts(mergeOf(d, source.id, target.id, { target: { email: 'x@example.com' } }))).toEqual({ status: 'clash' });
      expect((await s.getConversation(theirs.id))).toMatchObject({ contactId: source.id, version: theirs.version });
      expect((await s.getContact(source.id))?.mergedInto ?? null).toBeNull();
      expect((await s.getContact(target.id))?.email).toBeNull();
      expect(await s.listEvents({ deskId: d, types: ['contact.merged'], limit: 10 })).toEqual([]);
      expect(await s.mergeContacts(mergeOf(d, uid('nobody'), target.id))).toEqual({ status: 'missing' });
    });

    it('finds a desk’s contacts by a part of the name, e-mail or phone, literally and in any case', async () => {
      const s = store();
      const d = uid('desk');
      const kim = await s.createContact(contact(d, { name: '김민지', email: 'MINJI@Example.com' }));
      const lee = await s.createContact(contact(d, { name: 'Lee 100%', phone: '+82 10-1234-5678' }));
      await s.createContact(contact(uid('desk'), { name: '김민지' }));
      expect((await s.searchContacts(d, '민지', 10)).map((c) => c.id)).toEqual([kim.id]);
      expect((await s.searchContacts(d, 'minji@example', 10)).map((c) => c.id)).toEqual([kim.id]);
      expect((await s.searchContacts(d, '1234', 10)).map((c) => c.id)).toEqual([lee.id]);
      expect((await s.searchContacts(d, '100%', 10)).map((c) => c.id)).toEqual([lee.id]);
      expect((await s.searchContacts(d, '.*', 10)).map((c) => c.id)).toEqual([]);
      expect(await s.searchContacts(d, '%', 10)).toHaveLength(1);
    });
  });
}
