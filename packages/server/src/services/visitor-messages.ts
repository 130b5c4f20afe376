import type { Message, VisitorConversation } from '@parley/protocol';
import { statusAfterMessage } from '../domain/ticket-lifecycle.ts';
import { subjectFromText } from '../domain/subject.ts';
import { AppError } from '../lib/app-error.ts';
import { newId } from '../lib/ids.ts';
import { DuplicateKeyError } from '../store/errors.ts';
import { openKeyFor, toConversation } from '../store/records.ts';
import type { ContactRecord, ConversationRecord } from '../store/types.ts';
import { attachmentsOfSender } from './attachments.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { logEvent } from './event-log.ts';
import { applyRulePatch, statusPatch } from './ticket-updates.ts';
import { toVisitorConversation, visibleToVisitor } from './views.ts';

const HISTORY_LIMIT = 500;

/** The contact's active web conversation, created on first use; two racing starts yield the same one. */
async function activeConversation(deps: ServiceDeps, contact: ContactRecord, firstText: string, ip: string): Promise<ConversationRecord> {
  const existing = await deps.store.findOpenConversation(contact.id, 'web');
  if (existing) return existing;
  await deps.limits.consume('conversationsPerVisitor', contact.id);
  await deps.limits.consume('conversationsPerIp', ip);
  await deps.limits.consume('conversationsPerDesk', contact.deskId);
  const at = iso(deps);
  const id = newId();
  const draft: Omit<ConversationRecord, 'openKey' | 'number'> = {
    id,
    deskId: contact.deskId,
    subject: subjectFromText(firstText),
    status: 'new',
    priority: 'normal',
    channel: 'web',
    contactId: contact.id,
    assigneeId: null,
    tags: [],
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
    await logEvent(deps, contact.deskId, 'conversation.created', { type: 'visitor', id: contact.id }, id, { channel: 'web', number });
    deps.bus.emit('conversation.created', { conversation: toConversation(created) });
    return created;
  } catch (err) {
    if (!(err instanceof DuplicateKeyError)) throw err;
    const winner = await deps.store.findOpenConversation(contact.id, 'web');
    if (!winner) throw err;
    return winner;
  }
}

export async function postVisitorMessage(
  deps: ServiceDeps,
  contact: ContactRecord,
  input: { clientMsgId: string; text: string; attachmentIds: string[] },
  ip: string,
): Promise<{ message: Message; conversation: VisitorConversation }> {
  await deps.limits.consume('messagesPerVisitor', contact.id);
  await deps.limits.consume('messagesPerIp', ip);
  await deps.limits.consume('messagesPerDesk', contact.deskId);
  const attachments = await attachmentsOfSender(deps, { type: 'visitor', id: contact.id, deskId: contact.deskId }, input.attachmentIds);
  const conversation = await activeConversation(deps, contact, input.text || attachments[0]?.name || '', ip);
  const result = await deps.store.appendMessage(
    { conversationId: conversation.id, clientMsgId: input.clientMsgId, type: 'visitor', authorId: contact.id, authorName: contact.name, text: input.text, attachments },
    newId(),
    iso(deps),
  );
  if (!result.message) throw new AppError('internal', 'Message was not stored');
  let current: ConversationRecord = { ...conversation, lastSeq: Math.max(conversation.lastSeq, result.message.seq) };
  if (result.created) {
    await logEvent(deps, contact.deskId, 'message.created', { type: 'visitor', id: contact.id }, conversation.id, {
      messageId: result.message.id,
      seq: result.message.seq,
      type: 'visitor',
    });
    const fresh = (await deps.store.getConversation(conversation.id)) ?? current;
    deps.bus.emit('message.created', { message: result.message, conversation: toConversation(fresh) });
    current = (await applyRulePatch(deps, conversation.id, (c) => statusPatch(statusAfterMessage(c.status, 'visitor')))) ?? fresh;
  }
  return { message: result.message, conversation: toVisitorConversation(current) };
}

/** The visitor's current conversation and its public messages after `afterSeq`. */
export async function resumeVisitor(
  deps: ServiceDeps,
  contact: ContactRecord,
  afterSeq: number,
): Promise<{ conversation: VisitorConversation | null; messages: Message[] }> {
  await deps.store.touchContact(contact.id, iso(deps));
  const conversation = await deps.store.findOpenConversation(contact.id, 'web');
  if (!conversation) return { conversation: null, messages: [] };
  const messages = await deps.store.listMessages(conversation.id, afterSeq, HISTORY_LIMIT);
  return { conversation: toVisitorConversation(conversation), messages: messages.filter(visibleToVisitor) };
}

export async function syncVisitor(deps: ServiceDeps, contact: ContactRecord, conversationId: string, afterSeq: number): Promise<Message[]> {
  const conversation = await deps.store.getConversation(conversationId);
  // Someone else's conversation looks exactly like a missing one: no probing for ids.
  if (!conversation || conversation.contactId !== contact.id) throw new AppError('not_found', 'No such conversation');
  return (await deps.store.listMessages(conversationId, afterSeq, HISTORY_LIMIT)).filter(visibleToVisitor);
}
