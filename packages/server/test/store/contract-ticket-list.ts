import { NEW_CONTACT_DEFAULTS } from '../../src/store/defaults.ts';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/port.ts';
import type { ContactRecord, ConversationFilter, ConversationRecord } from '../../src/store/types.ts';
import { conversation, msg, now, step, uid } from './contract.ts';

/** Ticket lists as the inbox asks for them: filters, positions (paging) and search. Part of the store contract. */
export function ticketListContract(store: () => Store): void {
  const ids = async (filter: ConversationFilter) => (await store().listConversations(filter)).map((c) => c.id);
  const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

  describe('ticket lists', () => {
    it('filters by priority, channel, tag, team and assignee, together with the statuses', async () => {
      const s = store();
      const d = uid('desk');
      const a = await s.createConversation(conversation(d, uid('ct'), { lastMessageAt: at(5000), priority: 'high', tags: ['billing', '환불'] }));
      const b = await s.createConversation(conversation(d, uid('ct'), { lastMessageAt: at(4000), priority: 'high', channel: 'email', assigneeId: 'ag1' }));
      const c = await s.createConversation(conversation(d, uid('ct'), { lastMessageAt: at(3000), status: 'resolved', priority: 'high', teamId: 'tm1' }));
      const e = await s.createConversation(conversation(d, uid('ct'), { lastMessageAt: at(2000), teamId: 'tm1', tags: ['billing'] }));
      expect(await ids({ deskId: d, priority: 'high', limit: 10 })).toEqual([a.id, b.id, c.id]);
      expect(await ids({ deskId: d, priority: 'high', statuses: ['new', 'open', 'pending'], limit: 10 })).toEqual([a.id, b.id]);
      expect(await ids({ deskId: d, channel: 'email', limit: 10 })).toEqual([b.id]);
      expect(await ids({ deskId: d, tag: 'billing', limit: 10 })).toEqual([a.id, e.id]);
      expect(await ids({ deskId: d, tag: '환불', limit: 10 })).toEqual([a.id]);
      expect(await ids({ deskId: d, tag: 'bill', limit: 10 })).toEqual([]);
      expect(await ids({ deskId: d, teamId: 'tm1', priority: 'high', limit: 10 })).toEqual([c.id]);
      expect(await ids({ deskId: d, assigneeId: null, priority: 'high', limit: 10 })).toEqual([a.id, c.id]);
      expect(await ids({ deskId: d, assigneeId: 'ag1', limit: 10 })).toEqual([b.id]);
    });

    it('pages after a position: every ticket once, in order, ties broken by number', async () => {
      const s = store();
      const d = uid('desk');
      // Two tickets share a timestamp: the number orders them.
      const times = [9000, 8000, 8000, 7000, 6000, 5000, 4000];
      const created: ConversationRecord[] = [];
      for (const t of times) created.push(await s.createConversation(conversation(d, uid('ct'), { lastMessageAt: at(t) })));
      const expected = (await s.listConversations({ deskId: d, limit: 100 })).map((c) => c.id);
      expect(expected).toHaveLength(times.length);
      const seen: string[] = [];
      let after: ConversationFilter['after'];
      for (let page = 0; page < 10; page++) {
        const found = await s.listConversations({ deskId: d, limit: 3, ...(after ? { after } : {}) });
        seen.push(...found.map((c) => c.id));
        const last = found[found.length - 1];
        if (found.length < 3 || !last) break;
        after = { lastMessageAt: last.lastMessageAt, number: last.number };
      }
      expect(seen).toEqual(expected);
      // a position before everything, and one after everything
      expect(await ids({ deskId: d, limit: 100, after: { lastMessageAt: at(99_000), number: 0 } })).toEqual(expected);
      expect(await ids({ deskId: d, limit: 100, after: { lastMessageAt: at(0), number: 0 } })).toEqual([]);
    });

    describe('search', () => {
      const d = uid('desk');
      const other = uid('desk');
      const t: Record<string, ConversationRecord> = {};
      const contact = (over: Partial<ContactRecord>): ContactRecord => {
        const id = uid('ct');
        return { ...NEW_CONTACT_DEFAULTS, id, deskId: d, name: null, email: null, externalId: null, identityKey: `anon:${id}`, createdAt: now(), lastSeenAt: now(), tokenHash: uid('th'), ...over };
      };
      /** A ticket whose messages went through commitMessage, as every message does. */
      const ticket = async (key: string, texts: string[], over: Partial<ConversationRecord> = {}, desk = d) => {
        const s = store();
        const c = await s.createConversation(conversation(desk, over.contactId ?? uid('ct'), over));
        for (const text of texts) {
          const type = text.startsWith('note:') ? 'note' : 'visitor';
          const outcome = await s.commitMessage(step(msg(c.id, { text, type, authorId: type === 'note' ? 'ag' : null })));
          expect(outcome.status).toBe('committed');
        }
        t[key] = c;
      };
      const search = async (words: string[], number: number | null = null, over: Partial<ConversationFilter> = {}) =>
        (await ids({ deskId: d, limit: 50, search: { words, number }, ...over })).sort();
      const idsOf = (...keys: string[]) => keys.map((k) => t[k]!.id).sort();

      it('indexes messages as they are committed and finds tickets by a word of them', async () => {
        const s = store();
        const kim = await s.createContact(contact({ name: 'Kim Minji', email: 'minji.kim@example.com' }));
        await ticket('refund', ['Hello there', 'I want a refund for my order']);
        await ticket('korean', ['환불을 원해요', '주문 번호는 42번입니다']);
        await ticket('subject', ['hello'], { subject: 'Broken invoice PDF' });
        await ticket('kim', ['hi'], { contactId: kim.id });
        await ticket('note', ['note:escalated to legal']);
        await ticket('elsewhere', ['refund please'], {}, other);
        expect(await search(['refund'])).toEqual(idsOf('refund'));
        expect(await search(['refund', 'order'])).toEqual(idsOf('refund'));
        expect(await search(['REFUND'.toLowerCase()])).toEqual(idsOf('refund'));
        expect(await search(['refund', '환불'])).toEqual([]);
        // Korean: a word with its particle (환불을) is found by the word (환불)
        expect(await search(['환불'])).toEqual(idsOf('korean'));
        expect(await search(['주문'])).toEqual(idsOf('korean'));
        // a prefix of a word
        expect(await search(['refu'])).toEqual(idsOf('refund'));
        // notes are searched (agents wrote them)
        expect(await search(['legal'])).toEqual(idsOf('note'));
      });

      it('finds tickets by subject, contact name or e-mail, and number', async () => {
        expect(await search(['invoice'])).toEqual(idsOf('subject'));
        expect(await search(['broken', 'pdf'])).toEqual(idsOf('subject'));
        expect(await search(['minji'])).toEqual(idsOf('kim'));
        expect(await search(['minji.kim@example.com'])).toEqual(idsOf('kim'));
        expect(await search(['example.com'])).toEqual(idsOf('kim'));
        expect(await search([], t.subject!.number)).toEqual(idsOf('subject'));
        // a number that is also a word: either matches
        expect(await search(['42'], t.refund!.number)).toEqual(idsOf('refund', 'korean'));
        expect(await search([], 987_654_321)).toEqual([]);
      });

      it('combines search with filters and positions, and takes any input as text', async () => {
        expect(await search(['refund'], null, { statuses: ['resolved'] })).toEqual([]);
        expect(await search(['refund'], null, { priority: 'normal' })).toEqual(idsOf('refund'));
        const first = await store().listConversations({ deskId: d, limit: 50, search: { words: ['hello'], number: null } });
        expect(first.map((c) => c.id).sort()).toEqual(idsOf('refund', 'subject'));
        const top = first[0]!;
        expect(await ids({ deskId: d, limit: 50, search: { words: ['hello'], number: null }, after: top })).toEqual(
          first.slice(1).map((c) => c.id),
        );
        for (const words of [['"'], ['*'], ['a"b', 'or', 'not'], ['(', ')'], ['.*'], ['\\'], ['NEAR(a b)'], ['^refund']]) {
          await expect(search(words)).resolves.toBeInstanceOf(Array);
        }
        expect(await search(['.*'])).toEqual([]);
      });
    });
  });
}
