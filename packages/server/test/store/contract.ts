import { NEW_CONTACT_DEFAULTS } from '../../src/store/defaults.ts';
import { testAgent, testDesk } from '../support/records.ts';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuplicateKeyError } from '../../src/store/errors.ts';
import type { Store } from '../../src/store/port.ts';
import { openKeyFor } from '../../src/store/records.ts';
import { recordMessage } from '../../src/domain/record-message.ts';
import { makeEvent } from '../../src/events/catalogue.ts';
import { BlobTooLargeError } from '../../src/store/blobs/port.ts';
import { ticketListContract } from './contract-ticket-list.ts';
import { contactMergeContract } from './contract-contact-merge.ts';
import type { AttachmentRecord, ConversationRecord, MessageStep, NewMessage, StepOutcome } from '../../src/store/types.ts';

export interface StoreHarness {
  store: Store;
  /** Close and reopen the same storage (restart); returns the new store. */
  reopen(): Promise<Store>;
  dispose(): Promise<void>;
  /** The store runs only the domain's own ticket rule (a function cannot reach the SQLite writer thread). */
  domainRuleOnly?: boolean;
}

let counter = 0;
export const uid = (p: string) => `${p}${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
export const now = () => new Date().toISOString();

export function conversation(deskId: string, contactId: string, over: Partial<ConversationRecord> = {}): ConversationRecord {
  const id = uid('c');
  const base: ConversationRecord = {
    id,
    deskId,
    number: ++counter,
    subject: 'Help',
    status: 'new',
    priority: 'normal',
    channel: 'web',
    contactId,
    assigneeId: null,
    teamId: null,
    tags: [],
    snoozedUntil: null,
    lastSeq: 0,
    lastMessageAt: now(),
    lastMessagePreview: '',
    createdAt: now(),
    updatedAt: now(),
    version: 0,
    openKey: '',
    ...over,
  };
  return { ...base, openKey: openKeyFor(base) };
}

export function msg(conversationId: string, over: Partial<NewMessage> = {}): NewMessage {
  return {
    conversationId,
    clientMsgId: uid('m0000000'),
    type: 'visitor',
    authorId: null,
    authorName: null,
    text: 'hello',
    attachments: [],
    ...over,
  };
}

type Outcome<S extends StepOutcome['status']> = Extract<StepOutcome, { status: S }>;

/** A message step as the services build it, with the real ticket rule. */
export function step(input: NewMessage, over: Partial<MessageStep> = {}): MessageStep {
  return { message: { id: uid('msg'), createdAt: now(), ...input }, decide: recordMessage, ...over };
}

function expectStatus<S extends StepOutcome['status']>(outcome: StepOutcome, status: S): Outcome<S> {
  expect(outcome.status).toBe(status);
  return outcome as Outcome<S>;
}

/** The one contract every Store adapter must keep. */
export function storeContract(name: string, open: () => Promise<StoreHarness>): void {
  describe(`Store contract: ${name}`, () => {
    let h: StoreHarness;
    let store: Store;
    const deskId = uid('desk');

    beforeAll(async () => {
      h = await open();
      store = h.store;
      await store.createDesk(testDesk({ id: deskId, name: 'Desk', allowedOrigins: [], greeting: { en: 'Hi', ko: '안녕하세요' }, createdAt: now() }));
    });
    afterAll(async () => {
      await h?.dispose();
    });

    it('reports healthy after init', async () => {
      expect((await store.health()).ok).toBe(true);
    });

    it('stores and reads desks', async () => {
      expect((await store.getDesk(deskId))?.name).toBe('Desk');
      expect(await store.getDesk('missing-desk')).toBeNull();
    });

    it('renames a desk, and ignores a rename of a missing one', async () => {
      const id = uid('d');
      await store.createDesk(testDesk({ id, name: 'Before', allowedOrigins: [], greeting: { en: 'hi', ko: '안녕' }, createdAt: now() }));
      await store.setDeskName(id, 'After');
      expect((await store.getDesk(id))?.name).toBe('After');
      await store.setDeskName('missing-desk', 'Nobody');
      expect(await store.getDesk('missing-desk')).toBeNull();
    });

    it('hands out ticket numbers 1, 2, 3 per desk, without duplicates under concurrency', async () => {
      const d = uid('d');
      const numbers = await Promise.all(Array.from({ length: 25 }, () => store.nextTicketNumber(d)));
      expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      const other = uid('d');
      expect(await store.nextTicketNumber(other)).toBe(1);
    });

    it('creates agents, finds them by e-mail, refuses a duplicate e-mail on the same desk', async () => {
      const agent = testAgent({ id: uid("a"), deskId, name: "Ann", email: `${uid('ann')}@example.com`, role: 'admin' as const, passwordHash: 'x', createdAt: now() });
      await store.createAgent(agent);
      expect(await store.countAgents(deskId)).toBeGreaterThanOrEqual(1);
      expect((await store.findAgentByEmail(deskId, agent.email))?.id).toBe(agent.id);
      expect((await store.getAgent(agent.id))?.name).toBe('Ann');
      await expect(store.createAgent(testAgent({ ...agent, id: uid('a') }))).rejects.toBeInstanceOf(DuplicateKeyError);
      expect((await store.listAgents(deskId)).map((a) => a.id)).toContain(agent.id);
    });

    it('creates, reads and deletes sessions', async () => {
      const tokenHash = uid('h');
      await store.createSession({ tokenHash, agentId: 'a1', createdAt: now(), expiresAt: now() });
      expect((await store.getSession(tokenHash))?.agentId).toBe('a1');
      await store.deleteSession(tokenHash);
      expect(await store.getSession(tokenHash)).toBeNull();
    });

    it('changes desk settings only from the version the admin saw, with their audit event', async () => {
      const id = uid('d');
      const desk = await store.createDesk(testDesk({ id, name: 'Desk', allowedOrigins: [], greeting: { en: 'hi', ko: '안녕' }, createdAt: now() }));
      const event = (version: number) =>
        makeEvent('desk.updated', { id: uid('ev'), deskId: id, conversationId: null, actor: { type: 'agent', id: 'a1' }, at: now() }, { fields: ['replyPolicy'], version });
      const change = { ...desk, name: 'Acme', allowedOrigins: ['https://shop.example.com'], settings: { ...desk.settings, replyPolicy: 'block' as const } };
      const saved = await store.updateDesk(id, 1, change, now(), event(2));
      expect(saved).toMatchObject({ name: 'Acme', version: 2, allowedOrigins: ['https://shop.example.com'], settings: { replyPolicy: 'block' } });
      expect(await store.updateDesk(id, 1, { ...change, name: 'Late' }, now(), event(2))).toBeNull();
      expect(await store.getDesk(id)).toMatchObject({ name: 'Acme', version: 2, settings: { replyPolicy: 'block', widget: { color: '#1f6feb' } } });
      expect((await store.listEvents({ deskId: id, types: ['desk.updated'], limit: 10 })).map((e) => e.data)).toEqual([{ fields: ['replyPolicy'], version: 2 }]);
      expect(await store.updateDesk(uid('missing'), 1, change, now(), event(2))).toBeNull();
    });

    it('changes an account (active, profile, preferences) with its audit event; a missing agent is null', async () => {
      const agent = testAgent({ id: uid('a'), deskId, name: 'Kai', email: `${uid('kai')}@example.com`, role: 'agent', passwordHash: 'x', createdAt: now() });
      await store.createAgent(agent);
      expect(await store.getAgent(agent.id)).toMatchObject({ active: true, initials: '', availability: 'online', capacity: null, preferences: { sendKey: 'enter' } });
      const event = makeEvent('agent.updated', { id: uid('ev'), deskId, conversationId: null, actor: { type: 'agent', id: 'admin' }, at: now() }, { agentId: agent.id, fields: ['active'] });
      const patch = { active: false, initials: 'KJ', signature: 'Kai', availability: 'away' as const, capacity: 4, preferences: { sendKey: 'ctrl_enter' as const, sound: false, desktopNotifications: true } };
      expect(await store.updateAgent(agent.id, patch, event)).toMatchObject(patch);
      expect(await store.getAgent(agent.id)).toMatchObject({ ...patch, name: 'Kai', role: 'agent' });
      expect((await store.listEvents({ deskId, types: ['agent.updated'], limit: 50 })).some((e) => e.id === event.id)).toBe(true);
      expect(await store.updateAgent(uid('missing'), { name: 'X' }, null)).toBeNull();
    });

    it('records when agents were last seen: null for a new account, then the latest time any node wrote, never going back', async () => {
      const made = (name: string) =>
        testAgent({ id: uid('a'), deskId, name, email: `${uid(name)}@example.com`, role: 'agent', passwordHash: 'x', createdAt: now() });
      const [kai, lee, other] = [made('kai'), made('lee'), made('other')];
      for (const agent of [kai, lee, other]) await store.createAgent(agent);
      expect(await store.getAgent(kai.id)).toMatchObject({ lastSeenAt: null });
      const seen = async (id: string) => (await store.listAgents(deskId)).find((a) => a.id === id)?.lastSeenAt;
      expect(await seen(lee.id)).toBeNull();

      await store.markAgentsSeen([kai.id, lee.id, uid('missing')], '2026-03-02T09:00:10.000Z');
      expect((await store.getAgent(kai.id))?.lastSeenAt).toBe('2026-03-02T09:00:10.000Z');
      expect(await seen(lee.id)).toBe('2026-03-02T09:00:10.000Z');
      expect(await seen(other.id)).toBeNull();
      expect(await store.getAgent(uid('missing'))).toBeNull();

      await store.markAgentsSeen([kai.id], '2026-03-02T09:00:05.000Z'); // a node that saw them earlier writes late
      expect((await store.getAgent(kai.id))?.lastSeenAt).toBe('2026-03-02T09:00:10.000Z');
      await store.markAgentsSeen([kai.id], '2026-03-02T09:00:25.000Z');
      expect((await store.getAgent(kai.id))?.lastSeenAt).toBe('2026-03-02T09:00:25.000Z');
      await store.markAgentsSeen([], '2026-03-02T09:01:00.000Z');
      expect(await seen(lee.id)).toBe('2026-03-02T09:00:10.000Z');

      // An account change keeps it (it is not part of what an admin or the agent edits).
      expect(await store.updateAgent(kai.id, { availability: 'away' }, null)).toMatchObject({ availability: 'away', lastSeenAt: '2026-03-02T09:00:25.000Z' });
      expect((await store.getAgent(kai.id))?.lastSeenAt).toBe('2026-03-02T09:00:25.000Z');
    });

    it("replaces an agent's password hash and deletes all of the agent's sessions", async () => {
      const agent = testAgent({ id: uid("a"), deskId, name: "Pat", email: `${uid('pat')}@example.com`, role: 'agent' as const, passwordHash: 'old', createdAt: now() });
      await store.createAgent(agent);
      const mine = [uid('h'), uid('h')];
      const other = uid('h');
      for (const tokenHash of mine) await store.createSession({ tokenHash, agentId: agent.id, createdAt: now(), expiresAt: now() });
      await store.createSession({ tokenHash: other, agentId: uid('a'), createdAt: now(), expiresAt: now() });
      expect(await store.setAgentPassword(agent.id, 'new')).toBe(true);
      expect((await store.getAgent(agent.id))?.passwordHash).toBe('new');
      expect(await store.setAgentPassword(uid('missing'), 'new')).toBe(false);
      expect(await store.deleteAgentSessions(agent.id)).toBe(2);
      for (const tokenHash of mine) expect(await store.getSession(tokenHash)).toBeNull();
      expect(await store.getSession(other)).not.toBeNull();
      expect(await store.deleteAgentSessions(agent.id)).toBe(0);
    });

    it('finds contacts by token hash and refuses a reused token hash', async () => {
      const id = uid('ct');
      const contact = { ...NEW_CONTACT_DEFAULTS, id, deskId, name: null, email: null, externalId: null, identityKey: `anon:${id}`, createdAt: now(), lastSeenAt: now(), tokenHash: uid('th') };
      await store.createContact(contact);
      expect((await store.findContactByTokenHash(contact.tokenHash))?.id).toBe(contact.id);
      expect(await store.findContactByTokenHash('nope')).toBeNull();
      await expect(store.createContact({ ...contact, id: uid('ct'), identityKey: `anon:${uid('x')}` })).rejects.toBeInstanceOf(DuplicateKeyError);
      const later = new Date(Date.now() + 1000).toISOString();
      await store.touchContact(contact.id, later);
      expect((await store.getContact(contact.id))?.lastSeenAt).toBe(later);
    });

    it('reads several contacts by id at once, leaving out the ids it does not know', async () => {
      const made = [];
      for (const name of ['Kim', null]) {
        const id = uid('ct');
        const contact = { ...NEW_CONTACT_DEFAULTS, id, deskId, name, email: name ? 'kim@example.com' : null, externalId: null, identityKey: `anon:${id}`, createdAt: now(), lastSeenAt: now(), tokenHash: uid('th') };
        made.push(await store.createContact(contact));
      }
      const found = await store.getContacts([made[1]!.id, 'nope', made[0]!.id, made[0]!.id]);
      expect([...found].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...made].sort((a, b) => a.id.localeCompare(b.id)));
      expect(await store.getContacts([])).toEqual([]);
      expect(await store.getContacts(['nope'])).toEqual([]);
    });

    it('gives an identified contact one record for many tokens (devices), unique per identity', async () => {
      const id = uid('ct');
      const identityKey = `ext:${deskId}:${uid('user')}`;
      const contact = { ...NEW_CONTACT_DEFAULTS, id, deskId, name: 'Kim', email: 'kim@example.com', externalId: 'user-1', identityKey, createdAt: now(), lastSeenAt: now(), tokenHash: uid('th') };
      await store.createContact(contact);
      expect((await store.findContactByIdentityKey(identityKey))?.id).toBe(id);
      expect(await store.findContactByIdentityKey(`ext:${deskId}:nobody`)).toBeNull();
      // a second visitor record for the same identity is refused, even with another token
      await expect(store.createContact({ ...contact, id: uid('ct'), tokenHash: uid('th') })).rejects.toBeInstanceOf(DuplicateKeyError);
      const secondDevice = uid('th');
      await store.addVisitorToken(secondDevice, id, now());
      expect((await store.findContactByTokenHash(secondDevice))?.id).toBe(id);
      expect((await store.findContactByTokenHash(contact.tokenHash))?.externalId).toBe('user-1');
    });

    it('updates the facts of a contact (name, e-mail, phone, attributes, verified fields, device), and nothing else', async () => {
      const id = uid('ct');
      const identityKey = `ext:${deskId}:${uid('user')}`;
      const contact = { ...NEW_CONTACT_DEFAULTS, id, deskId, name: 'Old', email: 'old@example.com', externalId: 'user-2', identityKey, createdAt: now(), lastSeenAt: now(), tokenHash: uid('th') };
      const other = { ...contact, id: uid('ct'), identityKey: `ext:${deskId}:${uid('user')}`, tokenHash: uid('th') };
      await store.createContact(contact);
      await store.createContact(other);
      const facts = { name: '새 이름', email: 'new@example.com', phone: '+82 10 1234 5678', attributes: { plan: 'Pro', '주문 번호': 'A-1' }, verified: { name: true, email: false } };
      expect(await store.updateContact(id, facts)).toEqual({ ...contact, ...facts });
      expect(await store.getContact(id)).toEqual({ ...contact, ...facts });
      expect((await store.findContactByIdentityKey(identityKey))?.email).toBe('new@example.com');
      expect((await store.findContactByTokenHash(contact.tokenHash))?.name).toBe('새 이름');
      expect(await store.getContact(other.id)).toEqual(other);
      await store.updateContact(id, { name: null, email: null });
      expect(await store.getContact(id)).toMatchObject({ name: null, email: null, externalId: 'user-2', phone: '+82 10 1234 5678', attributes: { plan: 'Pro' } });
      expect(await store.updateContact(uid('missing'), { name: 'x' })).toBeNull();
      const at = new Date(Date.now() + 2000).toISOString();
      await store.touchContact(id, at, { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120', language: 'ko-KR,ko;q=0.9' });
      expect(await store.getContact(id)).toMatchObject({ lastSeenAt: at, device: { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120', language: 'ko-KR,ko;q=0.9' }, phone: '+82 10 1234 5678' });
    });

    it('keeps what the widget reported of the visit apart from the desk’s edits, across a reopen', async () => {
      const id = uid('ct');
      const contact = { ...NEW_CONTACT_DEFAULTS, id, deskId, name: null, email: null, externalId: null, identityKey: `anon:${id}`, createdAt: now(), lastSeenAt: now(), tokenHash: uid('th') };
      await store.createContact(contact);
      expect((await store.getContact(id))?.visit).toBeNull();
      const page = { url: 'https://shop.example/cart?id=1', title: '장바구니', at: now() };
      const visit = { page, recent: [page, { url: 'https://shop.example/', title: 'Shop', at: now() }], timeZone: 'Asia/Seoul', utcOffset: 540, language: 'ko-KR', attributes: { plan: 'pro' }, updatedAt: now() };
      await store.setContactVisit(id, visit);
      await store.updateContact(id, { phone: '+82 10 0000 0000' });
      expect(await store.getContact(id)).toMatchObject({ visit, phone: '+82 10 0000 0000', attributes: {} });
      await store.setContactVisit(id, { ...visit, recent: [page] });
      store = await h.reopen();
      expect((await store.getContact(id))?.visit).toEqual({ ...visit, recent: [page] });
    });

    it("keeps a visitor's form answers on the contact: replies by e-mail asked for, pre-chat answered, the team chosen", async () => {
      const id = uid('ct');
      const contact = { ...NEW_CONTACT_DEFAULTS, id, deskId, name: null, email: null, externalId: null, identityKey: `anon:${id}`, createdAt: now(), lastSeenAt: now(), tokenHash: uid('th') };
      await store.createContact(contact);
      expect(await store.getContact(id)).toMatchObject({ emailFollowUp: false, preChatAt: null, preChatTeamId: null });
      const at = now();
      const answers = { name: 'Mina', email: 'mina@example.com', emailFollowUp: true, preChatAt: at, preChatTeamId: 'team-billing', attributes: { plan: 'Pro' } };
      expect(await store.updateContact(id, answers)).toMatchObject({ ...contact, ...answers });
      store = await h.reopen();
      expect(await store.getContact(id)).toMatchObject({ ...contact, ...answers });
      // the team choice goes once its ticket has started; the rest stays
      await store.updateContact(id, { preChatTeamId: null });
      expect(await store.getContact(id)).toMatchObject({ ...contact, ...answers, preChatTeamId: null });
    });

    it('keeps the widget forms in the desk settings', async () => {
      const id = uid('d');
      const desk = await store.createDesk(testDesk({ id, name: 'Desk', allowedOrigins: [], greeting: { en: 'hi', ko: '안녕' }, createdAt: now() }));
      expect(desk.settings.forms).toEqual({ preChat: { enabled: false, fields: [], teamIds: [] }, offline: { enabled: false }, emailPrompt: false });
      const forms = {
        preChat: {
          enabled: true,
          fields: [
            { kind: 'email' as const, key: 'email', label: { en: '', ko: '' }, required: true },
            { kind: 'text' as const, key: '주문 번호', label: { en: 'Order', ko: '주문 번호' }, required: false },
          ],
          teamIds: ['t1'],
        },
        offline: { enabled: true },
        emailPrompt: true,
      };
      const event = makeEvent('desk.updated', { id: uid('ev'), deskId: id, conversationId: null, actor: { type: 'agent', id: 'a1' }, at: now() }, { fields: ['forms.preChat'], version: 2 });
      await store.updateDesk(id, 1, { ...desk, settings: { ...desk.settings, forms } }, now(), event);
      store = await h.reopen();
      expect((await store.getDesk(id))?.settings.forms).toEqual(forms);
    });

    it('tells the furthest read mark of a ticket by any agent (0 when nobody read it)', async () => {
      const c = await store.createConversation(conversation(deskId, uid('ct')));
      const other = await store.createConversation(conversation(deskId, uid('ct')));
      expect(await store.lastReadSeq(c.id)).toBe(0);
      await store.markRead('agent-a', c.id, 3, now());
      await store.markRead('agent-b', c.id, 5, now());
      await store.markRead('agent-a', c.id, 2, now()); // a mark never moves back
      await store.markRead('agent-a', other.id, 9, now());
      expect(await store.lastReadSeq(c.id)).toBe(5);
      await store.markRead('agent-a', c.id, 7, now());
      expect(await store.lastReadSeq(c.id)).toBe(7);
    });

    it('allows one open conversation per contact and channel, even when two are created at once', async () => {
      const contactId = uid('ct');
      const results = await Promise.allSettled([
        store.createConversation(conversation(deskId, contactId)),
        store.createConversation(conversation(deskId, contactId)),
      ]);
      const fulfilled = results.filter((r) => r.status === 'fulfilled');
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.reason).toBeInstanceOf(DuplicateKeyError);
      const open = await store.findOpenConversation(contactId, 'web');
      expect(open).not.toBeNull();
      // another channel is another conversation
      await store.createConversation(conversation(deskId, contactId, { channel: 'email' }));
    });

    it('updates a conversation only at the expected version, and frees the open key when closed', async () => {
      const contactId = uid('ct');
      const c = await store.createConversation(conversation(deskId, contactId));
      const updated = await store.updateConversation(c.id, 0, { status: 'open', assigneeId: 'agent1' }, now(), []);
      expect(updated?.version).toBe(1);
      expect(updated?.status).toBe('open');
      expect(updated?.assigneeId).toBe('agent1');
      // the second agent, still at version 0, does not overwrite
      expect(await store.updateConversation(c.id, 0, { assigneeId: 'agent2' }, now(), [])).toBeNull();
      expect((await store.getConversation(c.id))?.assigneeId).toBe('agent1');
      // two updates racing at the same version: exactly one wins
      const race = await Promise.all([
        store.updateConversation(c.id, 1, { priority: 'high' }, now(), []),
        store.updateConversation(c.id, 1, { priority: 'low' }, now(), []),
      ]);
      expect(race.filter((r) => r !== null)).toHaveLength(1);
      const closed = await store.updateConversation(c.id, 2, { status: 'closed' }, now(), []);
      expect(closed?.status).toBe('closed');
      expect(await store.findOpenConversation(contactId, 'web')).toBeNull();
      await store.createConversation(conversation(deskId, contactId));
      expect(await store.updateConversation('missing', 0, { status: 'open' }, now(), [])).toBeNull();
    });

    it('lists conversations of a desk newest activity first, filtered by status and assignee', async () => {
      const d = uid('desk');
      const t = Date.now();
      const a = await store.createConversation(conversation(d, uid('ct'), { lastMessageAt: new Date(t - 3000).toISOString(), status: 'new' }));
      const b = await store.createConversation(conversation(d, uid('ct'), { lastMessageAt: new Date(t - 1000).toISOString(), status: 'open', assigneeId: 'ag' }));
      const c = await store.createConversation(conversation(d, uid('ct'), { lastMessageAt: new Date(t - 2000).toISOString(), status: 'resolved' }));
      const all = await store.listConversations({ deskId: d, limit: 10 });
      expect(all.map((x) => x.id)).toEqual([b.id, c.id, a.id]);
      expect(all[0]).not.toHaveProperty('openKey');
      expect((await store.listConversations({ deskId: d, statuses: ['new', 'open'], limit: 10 })).map((x) => x.id)).toEqual([b.id, a.id]);
      expect((await store.listConversations({ deskId: d, assigneeId: null, limit: 10 })).map((x) => x.id)).toEqual([c.id, a.id]);
      expect((await store.listConversations({ deskId: d, assigneeId: 'ag', limit: 10 })).map((x) => x.id)).toEqual([b.id]);
      expect(await store.listConversations({ deskId: d, limit: 2 })).toHaveLength(2);
    });

    ticketListContract(() => store);
    contactMergeContract(() => store);

    it('commits messages with seq 1, 2, 3, advancing the ticket, with their events', async () => {
      const c = await store.createConversation(conversation(deskId, uid('ct')));
      const r1 = expectStatus(await store.commitMessage(step(msg(c.id, { text: 'first' }))), 'committed');
      const r2 = expectStatus(await store.commitMessage(step(msg(c.id, { text: 'second' }))), 'committed');
      const note = expectStatus(await store.commitMessage(step(msg(c.id, { type: 'note', authorId: 'A', text: 'internal' }))), 'committed');
      expect([r1.message.seq, r2.message.seq, note.message.seq]).toEqual([1, 2, 3]);
      // the first message creates the ticket; every message is an event
      expect(r1.events.map((e) => e.type)).toEqual(['conversation.created', 'message.created']);
      expect(r2.events.map((e) => e.type)).toEqual(['message.created']);
      expect(r2.ticket.lastSeq).toBe(2);
      const after = await store.getConversation(c.id);
      expect(after?.lastSeq).toBe(3);
      expect(after?.lastMessagePreview).toBe('second'); // notes do not leak into the preview
      expect(after?.version).toBe(0); // no rule changed the ticket
      expect((await store.listMessages(c.id, 0, 100)).map((m) => m.text)).toEqual(['first', 'second', 'internal']);
      expect((await store.listMessages(c.id, 1, 100)).map((m) => m.seq)).toEqual([2, 3]);
      expect((await store.listMessages(c.id, 0, 1)).map((m) => m.seq)).toEqual([1]);
      const events = await store.listEvents({ deskId, conversationId: c.id, limit: 10 });
      expect(events.map((e) => e.type)).toEqual(['conversation.created', 'message.created', 'message.created', 'message.created']);
      expect(events[1]).toMatchObject({ actor: { type: 'visitor', id: null }, data: { messageId: r1.message.id, seq: 1, type: 'visitor' } });
    });

    it('commits the changes a rule makes together with the message, as events', async () => {
      const c = await store.createConversation(conversation(deskId, uid('ct')));
      await store.commitMessage(step(msg(c.id, { text: 'help' })));
      const reply = expectStatus(await store.commitMessage(step(msg(c.id, { type: 'agent', authorId: 'A', text: 'on it' }))), 'committed');
      // claim on reply: the first agent to answer takes the ticket and opens it
      expect(reply.ticket).toMatchObject({ status: 'open', assigneeId: 'A', version: 1, lastSeq: 2 });
      expect(reply.events.map((e) => e.type)).toEqual(['message.created', 'ticket.updated']);
      expect(reply.events[1]).toMatchObject({ actor: { type: 'agent', id: 'A' }, data: { cause: 'agent_reply', changes: { status: { from: 'new', to: 'open' }, assigneeId: { from: null, to: 'A' } } } });
      const resolved = await store.updateConversation(c.id, 1, { status: 'resolved' }, now(), []);
      expect(resolved?.status).toBe('resolved');
      // the visitor's follow-up reopens it, in the same step
      const follow = expectStatus(await store.commitMessage(step(msg(c.id, { text: 'one more thing' }))), 'committed');
      expect(follow.ticket).toMatchObject({ status: 'open', version: 3 });
      expect((await store.getConversation(c.id))?.status).toBe('open');
      const updates = await store.listEvents({ deskId, conversationId: c.id, types: ['ticket.updated'], limit: 10 });
      expect(updates.map((e) => e.data)).toEqual([
        { cause: 'agent_reply', changes: { status: { from: 'new', to: 'open' }, assigneeId: { from: null, to: 'A' } } },
        { cause: 'visitor_message', changes: { status: { from: 'resolved', to: 'open' } } },
      ]);
    });

    it('stores nothing when the rule refuses or the ticket is missing', async () => {
      const c = await store.createConversation(conversation(deskId, uid('ct'), { status: 'closed' }));
      const refused = expectStatus(await store.commitMessage(step(msg(c.id, { text: 'too late' }))), 'refused');
      expect(refused.reason).toBe('closed');
      expect(await store.listMessages(c.id, 0, 10)).toEqual([]);
      expect(await store.listEvents({ deskId, conversationId: c.id, limit: 10 })).toEqual([]);
      expect((await store.getConversation(c.id))?.lastSeq).toBe(0);
      expectStatus(await store.commitMessage(step(msg('missing-conversation'))), 'missing');
    });

    it('rolls back the whole step when deciding fails', async () => {
      const c = await store.createConversation(conversation(deskId, uid('ct')));
      const failing = step(msg(c.id), { decide: () => { throw new Error('rule failed'); } });
      if (h.domainRuleOnly) {
        await expect(store.commitMessage(failing)).rejects.toThrow(/runs only the recordMessage rule/);
        expect(await store.listMessages(c.id, 0, 10)).toEqual([]);
        return;
      }
      await expect(store.commitMessage(failing)).rejects.toThrow('rule failed');
      // steps committed in the same group are not affected
      const [ok, bad] = await Promise.allSettled([store.commitMessage(step(msg(c.id, { text: 'fine' }))), store.commitMessage(failing)]);
      expect(ok.status).toBe('fulfilled');
      expect(bad.status).toBe('rejected');
      expect((await store.listMessages(c.id, 0, 10)).map((m) => m.text)).toEqual(['fine']);
      expect((await store.getConversation(c.id))?.lastSeq).toBe(1);
    });

    it('stores one message for ten retries of one clientMsgId, also when they race, and decides once', async () => {
      const c = await store.createConversation(conversation(deskId, uid('ct')));
      const input = msg(c.id, { clientMsgId: uid('retry000') });
      const results = await Promise.all(Array.from({ length: 10 }, () => store.commitMessage(step(input))));
      expect(results.filter((r) => r.status === 'committed')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(9);
      expect(new Set(results.map((r) => (r.status === 'committed' || r.status === 'duplicate' ? r.message.id : null))).size).toBe(1);
      expect(await store.listMessages(c.id, 0, 100)).toHaveLength(1);
      expect((await store.getConversation(c.id))?.lastSeq).toBe(1);
      expect(await store.listEvents({ deskId, conversationId: c.id, types: ['message.created'], limit: 10 })).toHaveLength(1);
    });

    it('refuses a guarded reply when another author replied after the seen seq, atomically', async () => {
      const c = await store.createConversation(conversation(deskId, uid('ct')));
      await store.commitMessage(step(msg(c.id, { text: 'visitor asks' })));
      // agent A's own earlier reply and notes by others do not make A's view stale
      await store.commitMessage(step(msg(c.id, { type: 'agent', authorId: 'A', text: 'A answers' })));
      await store.commitMessage(step(msg(c.id, { type: 'note', authorId: 'B', text: 'B notes' })));
      const ok = expectStatus(await store.commitMessage(step(msg(c.id, { type: 'agent', authorId: 'A' }), { guard: { afterSeq: 1, authorId: 'A' } })), 'committed');
      expect(ok.message.seq).toBe(4);
      // B saw up to seq 1: A's replies (seq 2, 4) landed since
      const stale = expectStatus(await store.commitMessage(step(msg(c.id, { type: 'agent', authorId: 'B' }), { guard: { afterSeq: 1, authorId: 'B' } })), 'stale');
      expect(stale.missed.map((m) => m.seq)).toEqual([2, 4]);
      expect((await store.getConversation(c.id))?.lastSeq).toBe(4);
      // two agents racing with the same view: exactly one reply lands
      const race = await Promise.all([
        store.commitMessage(step(msg(c.id, { type: 'agent', authorId: 'C' }), { guard: { afterSeq: 4, authorId: 'C' } })),
        store.commitMessage(step(msg(c.id, { type: 'agent', authorId: 'D' }), { guard: { afterSeq: 4, authorId: 'D' } })),
      ]);
      expect(race.filter((r) => r.status === 'committed')).toHaveLength(1);
      expect(race.filter((r) => r.status === 'stale')).toHaveLength(1);
      expect((await store.listMessages(c.id, 0, 100)).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
      // a retry of a stored reply is answered with the stored message even where the guard would now refuse
      const stored = (await store.listMessages(c.id, 1, 1))[0]!;
      const retry = await store.commitMessage(step({ ...msg(c.id, { type: 'agent', authorId: 'A' }), clientMsgId: stored.clientMsgId }, { guard: { afterSeq: 0, authorId: 'A' } }));
      expect(expectStatus(retry, 'duplicate').message.id).toBe(stored.id);
    });

    it('refuses a guarded reply when the ticket was reassigned or resolved under the draft, and not otherwise', async () => {
      const c = await store.createConversation(conversation(deskId, uid('ct'), { status: 'open', assigneeId: 'A' }));
      await store.commitMessage(step(msg(c.id, { text: 'visitor asks' })));
      const seen = { assigneeId: 'A', status: 'open' as const };
      // nothing changed: the reply lands
      expectStatus(await store.commitMessage(step(msg(c.id, { type: 'agent', authorId: 'B' }), { guard: { afterSeq: 1, authorId: 'B', seen } })), 'committed');
      // the ticket went to C while A and B were writing
      const current = (await store.getConversation(c.id))!;
      await store.updateConversation(c.id, current.version, { assigneeId: 'C' }, new Date().toISOString(), []);
      const refused = expectStatus(await store.commitMessage(step(msg(c.id, { type: 'agent', authorId: 'B' }), { guard: { afterSeq: 2, authorId: 'B', seen } })), 'stale');
      expect(refused.changed).toBe('reassigned');
      expect(refused.missed).toEqual([]);
      expect(refused.ticket.assigneeId).toBe('C');
      // to C itself the change is no news; a view taken after the change is not stale either
      expectStatus(await store.commitMessage(step(msg(c.id, { type: 'agent', authorId: 'C' }), { guard: { afterSeq: 2, authorId: 'C', seen } })), 'committed');
      expectStatus(await store.commitMessage(step(msg(c.id, { type: 'note', authorId: 'B' }))), 'committed');
      // resolved under the draft
      const beforeResolve = (await store.getConversation(c.id))!;
      await store.updateConversation(c.id, beforeResolve.version, { status: 'resolved' }, new Date().toISOString(), []);
      const afterResolve = (await store.getConversation(c.id))!;
      expect(afterResolve.status).toBe('resolved');
      const resolved = expectStatus(
        await store.commitMessage(step(msg(c.id, { type: 'agent', authorId: 'C' }), { guard: { afterSeq: afterResolve.lastSeq, authorId: 'C', seen: { assigneeId: 'C', status: 'open' } } })),
        'stale',
      );
      expect(resolved.changed).toBe('resolved');
      expect((await store.getConversation(c.id))?.lastSeq).toBe(afterResolve.lastSeq);
    });

    it('keeps one draft of each kind per agent and ticket, replaces it, lists newest first, and deletes it', async () => {
      const [t1, t2] = [uid('t'), uid('t')];
      const agentId = uid('agent');
      const draft = (conversationId: string, kind: 'reply' | 'note', text: string, updatedAt: string) => ({
        agentId, conversationId, kind, text, seenSeq: 3, seenTicket: { assigneeId: null, status: 'open' as const }, updatedAt,
      });
      await store.saveDraft(draft(t1, 'reply', 'first words', '2026-01-01T00:00:01.000Z'));
      await store.saveDraft(draft(t1, 'reply', 'first words, then more', '2026-01-01T00:00:02.000Z'));
      await store.saveDraft(draft(t1, 'note', 'a note to self', '2026-01-01T00:00:03.000Z'));
      await store.saveDraft(draft(t2, 'reply', '다른 티켓', '2026-01-01T00:00:04.000Z'));
      await store.saveDraft({ ...draft(t1, 'reply', 'someone else', '2026-01-01T00:00:05.000Z'), agentId: uid('other') });
      expect((await store.listDrafts(agentId, t1)).map((d) => [d.kind, d.text])).toEqual([['note', 'a note to self'], ['reply', 'first words, then more']]);
      expect((await store.listDrafts(agentId)).map((d) => d.text)).toEqual(['다른 티켓', 'a note to self', 'first words, then more']);
      expect((await store.listDrafts(agentId, t1))[1]).toEqual(draft(t1, 'reply', 'first words, then more', '2026-01-01T00:00:02.000Z'));
      await store.deleteDraft(agentId, t1, 'reply');
      await store.deleteDraft(agentId, t1, 'reply');
      expect((await store.listDrafts(agentId, t1)).map((d) => d.kind)).toEqual(['note']);
    });

    it('gives concurrent senders a gap-free, duplicate-free seq', async () => {
      const c = await store.createConversation(conversation(deskId, uid('ct')));
      const n = 40;
      await Promise.all(Array.from({ length: n }, (_, i) => store.commitMessage(step(msg(c.id, { text: `m${i}` })))));
      const seqs = (await store.listMessages(c.id, 0, 1000)).map((m) => m.seq);
      expect(seqs).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect((await store.getConversation(c.id))?.lastSeq).toBe(n);
    });

    it('commits a person\'s edit together with its event, or neither', async () => {
      const c = await store.createConversation(conversation(deskId, uid('ct')));
      const event = (id: string) => ({ id, deskId, conversationId: c.id, actor: { type: 'agent' as const, id: 'A' }, at: now(), type: 'ticket.updated' as const, data: { cause: 'edit' as const, changes: { priority: { from: 'normal' as const, to: 'high' as const } } } });
      const first = uid('ev');
      expect((await store.updateConversation(c.id, 0, { priority: 'high' }, now(), [event(first)]))?.priority).toBe('high');
      // a lost version race stores no event
      expect(await store.updateConversation(c.id, 0, { priority: 'low' }, now(), [event(uid('ev'))])).toBeNull();
      expect((await store.listEvents({ deskId, conversationId: c.id, limit: 10 })).map((e) => e.id)).toEqual([first]);
    });

    const attachmentRecord = (over: Partial<AttachmentRecord> = {}): AttachmentRecord => ({
      id: uid('att'),
      deskId,
      name: '보고서 report.png',
      contentType: 'image/png',
      size: 8,
      uploader: { type: 'visitor' as const, id: 'v1' },
      sha256: 'x',
      createdAt: now(),
      ...over,
    });
    const bytesOf = async (stream: Readable | null) => (stream ? Buffer.concat(await stream.toArray()) : null);

    it('streams attachment bytes into blob storage and keeps the record in the store; messages reference them', async () => {
      const data = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x10, 0x20]);
      const record = attachmentRecord({ size: data.length });
      const stored = await store.blobs.put(record.id, Readable.from([data.subarray(0, 3), data.subarray(3)]), 100);
      expect(stored).toEqual({ size: data.length, sha256: createHash('sha256').update(data).digest('hex'), head: data });
      await store.createAttachment(record);
      expect(await store.getAttachment(record.id)).toEqual(record);
      expect((await bytesOf(await store.blobs.open(record.id)))?.equals(data)).toBe(true);
      expect(await store.getAttachment('missing')).toBeNull();
      expect(await store.blobs.open('missing')).toBeNull();
      const c = await store.createConversation(conversation(deskId, uid('ct')));
      const ref = { id: record.id, name: record.name, contentType: record.contentType, size: record.size };
      const appended = expectStatus(await store.commitMessage(step(msg(c.id, { text: '', attachments: [ref] }))), 'committed');
      expect(appended.message.attachments).toEqual([ref]);
      expect((await store.listMessages(c.id, 0, 10))[0]?.attachments).toEqual([ref]);
      await store.blobs.delete(record.id);
      expect(await store.blobs.open(record.id)).toBeNull();
      await store.blobs.delete(record.id); // deleting twice is fine
    });

    it('streams a blob of several storage chunks back whole and in order', async () => {
      const id = uid('att');
      const data = Buffer.alloc(1_500_000);
      for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 251;
      const parts = Array.from({ length: 15 }, (_, i) => data.subarray(i * 100_000, (i + 1) * 100_000));
      expect((await store.blobs.put(id, Readable.from(parts), 2_000_000)).size).toBe(data.length);
      const read = await bytesOf(await store.blobs.open(id));
      expect(read?.length).toBe(data.length);
      expect(read?.equals(data)).toBe(true);
      await store.blobs.delete(id);
    });

    it('keeps nothing of a blob write that crosses its byte cap', async () => {
      const id = uid('att');
      const chunks = Array.from({ length: 40 }, () => Buffer.alloc(64 * 1024, 7)); // 2.5 MiB
      await expect(store.blobs.put(id, Readable.from(chunks), 1024 * 1024)).rejects.toBeInstanceOf(BlobTooLargeError);
      expect(await store.blobs.open(id)).toBeNull();
      // a cut-off source leaves nothing either
      const broken = new Readable({ read() {} });
      broken.push(Buffer.alloc(300 * 1024, 1));
      setTimeout(() => broken.destroy(new Error('client went away')), 20);
      const brokenId = uid('att');
      await expect(store.blobs.put(brokenId, broken, 1024 * 1024)).rejects.toThrow('client went away');
      expect(await store.blobs.open(brokenId)).toBeNull();
    });

    it('lists and deletes unreferenced uploads older than a time; a referenced or younger one is kept', async () => {
      const hourAgo = new Date(Date.now() - 3600_000).toISOString();
      const cutoff = new Date(Date.now() - 60_000).toISOString();
      const orphan = attachmentRecord({ createdAt: hourAgo });
      const carried = attachmentRecord({ createdAt: hourAgo });
      const fresh = attachmentRecord();
      for (const r of [orphan, carried, fresh]) await store.createAttachment(r);
      expect(await store.markAttachmentReferenced(carried.id, now())).toBe(true);
      expect(await store.markAttachmentReferenced(carried.id, now())).toBe(true); // idempotent
      const listed = (await store.listUnreferencedAttachments(cutoff, 1000)).map((r) => r.id);
      expect(listed).toContain(orphan.id);
      expect(listed).not.toContain(carried.id);
      expect(listed).not.toContain(fresh.id);
      expect((await store.listUnreferencedAttachments(cutoff, 1000)).find((r) => r.id === orphan.id)).toEqual(orphan);
      expect(await store.deleteUnreferencedAttachment(carried.id, cutoff)).toBe(false);
      expect(await store.deleteUnreferencedAttachment(fresh.id, cutoff)).toBe(false);
      expect(await store.deleteUnreferencedAttachment(orphan.id, cutoff)).toBe(true);
      expect(await store.deleteUnreferencedAttachment(orphan.id, cutoff)).toBe(false);
      expect(await store.getAttachment(orphan.id)).toBeNull();
      // a message cannot take an upload the sweep already deleted
      expect(await store.markAttachmentReferenced(orphan.id, now())).toBe(false);
      expect(await store.getAttachment(carried.id)).toEqual(carried);
      expect(await store.getAttachment(fresh.id)).toEqual(fresh);
    });

    it('keeps an append-only event log', async () => {
      const d = uid('desk');
      await store.appendEvent({ id: uid('e'), deskId: d, type: 'agent.login_failed', conversationId: null, actor: { type: 'system', id: null }, data: { ip: '10.0.0.1' }, at: new Date(Date.now() - 10).toISOString() });
      await store.appendEvent({ id: uid('e'), deskId: d, type: 'agent.login', conversationId: null, actor: { type: 'agent', id: 'a' }, data: {}, at: now() });
      const events = await store.listEvents({ deskId: d, limit: 10 });
      expect(events.map((e) => e.type)).toEqual(['agent.login_failed', 'agent.login']);
      expect(events[0]?.data).toEqual({ ip: '10.0.0.1' });
      expect(await store.listEvents({ deskId: d, types: ['agent.login'], limit: 10 })).toHaveLength(1);
    });

    it('hands every committed event to a consumer until it is acknowledged (the outbox)', async () => {
      const c = await store.createConversation(conversation(deskId, uid('ct')));
      const committed = expectStatus(await store.commitMessage(step(msg(c.id, { text: 'outbox' }))), 'committed');
      const ids = committed.events.map((e) => e.id);
      const pending = async () => (await store.pendingEvents('fanout', new Date(Date.now() + 60_000).toISOString(), 10_000)).map((e) => e.id);
      expect(await pending()).toEqual(expect.arrayContaining(ids));
      // not yet due: events committed after `until` wait
      const early = await store.pendingEvents('fanout', new Date(Date.now() - 3_600_000).toISOString(), 10_000);
      expect(early.map((e) => e.id)).not.toContain(ids[0]);
      await store.acknowledgeEvents('fanout', (await pending()));
      expect(await pending()).toEqual([]);
      const next = expectStatus(await store.commitMessage(step(msg(c.id, { text: 'next' }))), 'committed');
      expect(await pending()).toEqual(next.events.map((e) => e.id));
      await store.acknowledgeEvents('fanout', next.events.map((e) => e.id));
    });

    it('keeps everything across a restart', async () => {
      const c = await store.createConversation(conversation(deskId, uid('ct')));
      await store.commitMessage(step(msg(c.id, { text: 'before restart' })));
      const unacknowledged = expectStatus(await store.commitMessage(step(msg(c.id, { text: 'not yet fanned out' }))), 'committed');
      const n = await store.nextTicketNumber(deskId);
      store = await h.reopen();
      expect((await store.getConversation(c.id))?.lastSeq).toBe(2);
      expect((await store.listMessages(c.id, 0, 10))[0]?.text).toBe('before restart');
      expect(await store.nextTicketNumber(deskId)).toBe(n + 1);
      // what no consumer acknowledged before the restart is still due after it
      const due = await store.pendingEvents('fanout', new Date(Date.now() + 60_000).toISOString(), 10_000);
      expect(due.map((e) => e.id)).toEqual(expect.arrayContaining(unacknowledged.events.map((e) => e.id)));
      await store.acknowledgeEvents('fanout', due.map((e) => e.id));
      const again = expectStatus(await store.commitMessage(step(msg(c.id))), 'committed');
      expect(again.message.seq).toBe(3);
      // unique indexes still hold after reload
      await expect(store.createConversation(conversation(deskId, c.contactId))).rejects.toBeInstanceOf(DuplicateKeyError);
    });
  });
}
