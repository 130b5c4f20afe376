import type { ContactDevice, Message, VisitorConversation } from '@parley/protocol';
import { editTicket } from '../domain/edit-ticket.ts';
import { recordMessage } from '../domain/record-message.ts';
import { subjectFromText } from '../domain/subject.ts';
import { teamForNewTicket } from '../domain/visitor-forms.ts';
import type { Origin } from '../events/outbox.ts';
import { AppError } from '../lib/app-error.ts';
import { newId, newOrderedId } from '../lib/ids.ts';
import { DuplicateKeyError } from '../store/errors.ts';
import { openKeyFor } from '../store/records.ts';
import type { ContactRecord, ConversationRecord } from '../store/types.ts';
import { attachmentsOfSender } from './attachments.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { visiblePage } from './history-page.ts';
import { toVisitorConversation, toVisitorMessage, visibleToVisitor } from './views.ts';
import { assertOwnRetry } from './retry-author.ts';
import { visitorFacts, type VisitorFacts } from './visitor-profile.ts';

/** A visitor's "last seen" is written at most this often, however often the widget resumes. */
const LAST_SEEN_EVERY_MS = 60_000;
/** A cached ticket that turned out closed costs one more attempt; more than that is a bug, not a race. */
const ATTEMPTS = 3;

/**
 * The id of the contact's active web conversation, created on first use; two racing starts yield the same one.
 * The ticket's `conversation.created` event is committed with its first message.
 */
function activeConversationId(deps: ServiceDeps, contact: ContactRecord, first: FirstMessage, ip: string): Promise<string> {
  return deps.openTickets.resolve(contact.id, 'web', () => findOrStartConversation(deps, contact, first, ip));
}

/** What a new ticket takes from the message that starts it: the subject, and the team chosen in the pre-chat form. */
interface FirstMessage {
  text: string;
  teamId: string | undefined;
}

async function findOrStartConversation(deps: ServiceDeps, contact: ContactRecord, first: FirstMessage, ip: string): Promise<string> {
  const existing = await deps.store.findOpenConversation(contact.id, 'web');
  if (existing) return existing.id;
  await deps.limits.consumeAll([
    ['conversationsPerVisitor', contact.id],
    ['conversationsPerIp', ip],
    ['conversationsPerDesk', contact.deskId],
  ]);
  const at = iso(deps);
  const draft: Omit<ConversationRecord, 'openKey' | 'number'> = {
    id: newId(),
    deskId: contact.deskId,
    subject: subjectFromText(first.text),
    status: 'new',
    priority: 'normal',
    channel: 'web',
    contactId: contact.id,
    assigneeId: null,
    // The choice sent with the message, else the one the pre-chat form left on the contact (the page was reloaded since).
    teamId: teamForNewTicket(deps.desk.current.settings.forms, first.teamId ?? contact.preChatTeamId ?? undefined),
    tags: [],
    snoozedUntil: null,
    lastSeq: 0,
    lastMessageAt: at,
    lastMessagePreview: '',
    createdAt: at,
    updatedAt: at,
    version: 0,
  };
  try {
    const number = await deps.store.nextTicketNumber(contact.deskId);
    const created = await deps.store.createConversation({ ...draft, number, openKey: openKeyFor(draft) });
    if (contact.preChatTeamId !== null) await forgetTeamChoice(deps, contact);
    return created.id;
  } catch (err) {
    if (!(err instanceof DuplicateKeyError)) throw err;
    const winner = await deps.store.findOpenConversation(contact.id, 'web');
    if (!winner) throw err;
    return winner.id;
  }
}

/** The pre-chat team choice has started its ticket: later tickets of the visitor start without it. */
async function forgetTeamChoice(deps: ServiceDeps, contact: ContactRecord): Promise<void> {
  await deps.store.updateContact(contact.id, { preChatTeamId: null });
  contact.preChatTeamId = null; // the socket's copy
}

/**
 * A visitor's message: validated and authorised by the transport, then one commit (message, ticket rules, events)
 * and one fan-out. A retry of a stored clientMsgId is answered with the stored message.
 */
export async function postVisitorMessage(
  deps: ServiceDeps,
  contact: ContactRecord,
  input: { clientMsgId: string; text: string; attachmentIds: string[]; newConversation?: boolean | undefined; teamId?: string | undefined },
  ip: string,
  origin?: Origin,
): Promise<{ message: Message; conversation: VisitorConversation }> {
  await deps.limits.consumeAll([
    ['messagesPerVisitor', contact.id],
    ['messagesPerIp', ip],
    ['messagesPerDesk', contact.deskId],
  ]);
  if (input.newConversation) await closeResolved(deps, contact, origin);
  const attachments = input.attachmentIds.length
    ? await attachmentsOfSender(deps, { type: 'visitor', id: contact.id, deskId: contact.deskId }, input.attachmentIds)
    : [];
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const first = { text: input.text || attachments[0]?.name || '', teamId: input.teamId };
    const conversationId = await activeConversationId(deps, contact, first, ip);
    const outcome = await deps.store.commitMessage({
      message: {
        id: newOrderedId(),
        conversationId,
        clientMsgId: input.clientMsgId,
        type: 'visitor',
        authorId: contact.id,
        authorName: contact.name,
        text: input.text,
        attachments,
        createdAt: iso(deps),
      },
      decide: recordMessage,
    });
    switch (outcome.status) {
      case 'committed':
        deps.openTickets.set(contact.id, 'web', conversationId);
        deps.outbox.publish(outcome, origin);
        return { message: outcome.message, conversation: toVisitorConversation(outcome.ticket) };
      case 'duplicate':
        return { message: assertOwnRetry(outcome.message, contact.id), conversation: toVisitorConversation(outcome.ticket) };
      case 'refused':
      case 'missing':
        // The remembered ticket was closed (perhaps on another node): the next message starts a new one.
        deps.openTickets.forget(contact.id, 'web');
        continue;
      case 'stale':
        throw new AppError('internal', 'A visitor message was checked against a reply guard');
    }
  }
  throw new AppError('internal', 'Message was not stored');
}

/**
 * "New conversation": the visitor's resolved conversation is closed (by the visitor, recorded in its timeline) so the
 * next message starts a new ticket; the old one stays listed and readable. An active conversation is left alone (the
 * message goes into it: one visitor never has two live tickets), and so is a retry whose first attempt started one.
 */
async function closeResolved(deps: ServiceDeps, contact: ContactRecord, origin?: Origin): Promise<void> {
  const current = await deps.store.findOpenConversation(contact.id, 'web');
  if (!current || current.status !== 'resolved') return;
  const at = iso(deps);
  const decision = editTicket(current, { status: 'closed' }, { actor: { type: 'visitor', id: contact.id }, eventId: newId(), at });
  if (!decision) return;
  const updated = await deps.store.updateConversation(current.id, current.version, decision.patch, at, decision.events);
  deps.openTickets.forget(contact.id, 'web');
  // null: changed meanwhile (an agent reopened it, or another tab closed it): the message goes where it belongs now.
  if (updated) deps.outbox.publish({ events: decision.events, ticket: updated }, origin);
}

/**
 * The visitor's current conversation and its public messages after `afterSeq`; `seenSeq`: how far an agent has read
 * it (so a reloaded widget marks those messages Seen); and what the widget's forms need to know of the visitor.
 */
export async function resumeVisitor(
  deps: ServiceDeps,
  contact: ContactRecord,
  afterSeq: number,
  device?: ContactDevice,
): Promise<{ conversation: VisitorConversation | null; messages: Message[]; seenSeq: number } & VisitorFacts> {
  const now = deps.now();
  // A contact's browser is learned at its first resume (agents see it from the first message), then refreshed with "last seen".
  if (now.getTime() - Date.parse(contact.lastSeenAt) >= LAST_SEEN_EVERY_MS || (device && !contact.device)) {
    await deps.store.touchContact(contact.id, now.toISOString(), device);
    if (device) contact.device = device;
    contact.lastSeenAt = now.toISOString(); // the socket's copy: its next resume within a minute writes nothing
  }
  const conversation = await deps.store.findOpenConversation(contact.id, 'web');
  if (!conversation) return { conversation: null, messages: [], seenSeq: 0, ...visitorFacts(contact) };
  const messages = await visiblePage((after, limit) => deps.store.listMessages(conversation.id, after, limit), afterSeq, visibleToVisitor);
  const seenSeq = Math.min(await deps.store.lastReadSeq(conversation.id), conversation.lastSeq);
  return { conversation: toVisitorConversation(conversation), messages: messages.map(toVisitorMessage), seenSeq, ...visitorFacts(contact) };
}

export async function syncVisitor(deps: ServiceDeps, contact: ContactRecord, conversationId: string, afterSeq: number): Promise<Message[]> {
  const conversation = await deps.store.getConversation(conversationId);
  // Someone else's conversation looks exactly like a missing one: no probing for ids.
  if (!conversation || conversation.contactId !== contact.id) throw new AppError('not_found', 'No such conversation');
  return (await visiblePage((after, limit) => deps.store.listMessages(conversationId, after, limit), afterSeq, visibleToVisitor)).map(toVisitorMessage);
}
