import type { Contact, ContactName, Message, VisitorConversation } from '@parley/protocol';
import type { ContactRecord, ConversationRecord } from '../store/types.ts';
import { copyVisit } from '../store/visit-fields.ts';

/** A snooze is the desk's own business: to the visitor the conversation is simply open. */
export function toVisitorConversation(c: Pick<ConversationRecord, 'id' | 'number' | 'status' | 'lastSeq' | 'createdAt'>): VisitorConversation {
  return { id: c.id, number: c.number, status: c.status === 'snoozed' ? 'open' : c.status, lastSeq: c.lastSeq, createdAt: c.createdAt };
}

/** Internal notes never reach a visitor. */
export const visibleToVisitor = (m: Message): boolean => m.type !== 'note';

/**
 * A message as a visitor sees it, copied by name: an agent appears by display name only, never by the internal id of
 * the account (account e-mails are never part of a message).
 */
export function toVisitorMessage(m: Message): Message {
  return {
    id: m.id,
    conversationId: m.conversationId,
    seq: m.seq,
    clientMsgId: m.clientMsgId,
    type: m.type,
    authorId: m.type === 'visitor' ? m.authorId : null,
    authorName: m.authorName,
    text: m.text,
    attachments: m.attachments.map((a) => ({ id: a.id, name: a.name, contentType: a.contentType, size: a.size })),
    createdAt: m.createdAt,
  };
}

/** What agents see of a contact: copied by name, so the token hash and identity key never leave. */
export function toContactView(c: ContactRecord): Contact {
  return {
    id: c.id,
    deskId: c.deskId,
    externalId: c.externalId,
    name: c.name,
    email: c.email,
    phone: c.phone,
    attributes: { ...c.attributes },
    verified: { ...c.verified },
    emailFollowUp: c.emailFollowUp,
    device: c.device && { userAgent: c.device.userAgent, language: c.device.language },
    visit: c.visit && copyVisit(c.visit),
    createdAt: c.createdAt,
    lastSeenAt: c.lastSeenAt,
  };
}

/** What a ticket list shows of a row's customer: the name and e-mail, copied by name (nothing else of the contact). */
export const toContactName = (c: Pick<ContactRecord, 'id' | 'name' | 'email'>): ContactName => ({ id: c.id, name: c.name, email: c.email });
