import type { AttachmentRef, Conversation, Message } from '@parley/protocol';
import type { AttachmentDoc } from './schemas/attachment.ts';
import { parseEvent, type DomainEvent } from '../../events/catalogue.ts';
import { listLine } from '../../lib/list-text.ts';
import { agentProfileFields, contactProfileFields, readAgentProfile, readAvailability, readContactProfile, readDeskSettings } from '../defaults.ts';
import type { AgentRecord, AttachmentRecord, ContactRecord, ConversationRecord, Desk, SessionRecord } from '../types.ts';
import type { AgentDoc } from './schemas/agent.ts';
import type { ContactDoc } from './schemas/contact.ts';
import type { ConversationDoc } from './schemas/conversation.ts';
import type { DeskDoc } from './schemas/desk.ts';
import type { EventBody } from './schemas/event.ts';
import type { MessageDoc } from './schemas/message.ts';
import type { SessionDoc } from './schemas/session.ts';
import type { TeamDoc } from './schemas/team.ts';
import type { CannedRecord, TeamRecord } from '../types.ts';
import type { CannedDoc } from './schemas/canned.ts';

/**
 * Document ↔ record mapping. Every field is copied by name, so nothing the database adds (`_id`,
 * adapter-internal fields such as a conversation's `outbox` or a message's `pendingStep`) leaks out, and a field missing from an old document
 * reads as its port default instead of `undefined`.
 */

export const deskToDoc = (d: Desk): DeskDoc => ({
  _id: d.id,
  name: d.name,
  allowedOrigins: [...d.allowedOrigins],
  greeting: { en: d.greeting.en, ko: d.greeting.ko },
  settings: readDeskSettings(d.settings),
  createdAt: d.createdAt,
  version: d.version,
  updatedAt: d.updatedAt,
});

export const deskFromDoc = (d: DeskDoc): Desk => ({
  id: d._id,
  name: d.name,
  allowedOrigins: [...(d.allowedOrigins ?? [])],
  greeting: { en: d.greeting?.en ?? '', ko: d.greeting?.ko ?? '' },
  settings: readDeskSettings(d.settings),
  createdAt: d.createdAt,
  version: d.version ?? 1,
  updatedAt: d.updatedAt || d.createdAt,
});

export const agentToDoc = (a: AgentRecord): AgentDoc => ({
  _id: a.id,
  deskId: a.deskId,
  name: a.name,
  email: a.email,
  role: a.role,
  passwordHash: a.passwordHash,
  createdAt: a.createdAt,
  active: a.active,
  availability: a.availability,
  profile: agentProfileFields(a),
  lastSeenAt: a.lastSeenAt,
});

export const agentFromDoc = (a: AgentDoc): AgentRecord => ({
  id: a._id,
  deskId: a.deskId,
  name: a.name,
  email: a.email,
  role: a.role,
  passwordHash: a.passwordHash,
  createdAt: a.createdAt,
  active: a.active !== false,
  availability: readAvailability(a.availability),
  ...readAgentProfile(a.profile),
  lastSeenAt: typeof a.lastSeenAt === 'string' ? a.lastSeenAt : null,
});

export const sessionToDoc = (s: SessionRecord): SessionDoc => ({
  _id: s.tokenHash,
  agentId: s.agentId,
  createdAt: s.createdAt,
  expiresAt: s.expiresAt,
});

export const sessionFromDoc = (s: SessionDoc): SessionRecord => ({
  tokenHash: s._id,
  agentId: s.agentId,
  createdAt: s.createdAt,
  expiresAt: s.expiresAt,
});

export const contactToDoc = (c: ContactRecord): ContactDoc => ({
  _id: c.id,
  deskId: c.deskId,
  name: c.name,
  email: c.email,
  externalId: c.externalId,
  tokenHash: c.tokenHash,
  identityKey: c.identityKey,
  createdAt: c.createdAt,
  lastSeenAt: c.lastSeenAt,
  profile: contactProfileFields(c),
  mergedInto: c.mergedInto ?? null,
});

export const contactFromDoc = (c: ContactDoc): ContactRecord => ({
  id: c._id,
  deskId: c.deskId,
  name: c.name ?? null,
  email: c.email ?? null,
  externalId: c.externalId ?? null,
  tokenHash: c.tokenHash,
  // Contacts stored before identity verification existed are anonymous.
  identityKey: c.identityKey ?? `anon:${c._id}`,
  createdAt: c.createdAt,
  lastSeenAt: c.lastSeenAt,
  ...readContactProfile(c.profile),
  ...(c.mergedInto ? { mergedInto: c.mergedInto } : {}),
});

export const conversationToDoc = (c: ConversationRecord): ConversationDoc => ({
  _id: c.id,
  deskId: c.deskId,
  number: c.number,
  subject: c.subject,
  status: c.status,
  priority: c.priority,
  channel: c.channel,
  contactId: c.contactId,
  assigneeId: c.assigneeId,
  teamId: c.teamId,
  tags: [...c.tags],
  snoozedUntil: c.snoozedUntil,
  lastSeq: c.lastSeq,
  lastMessageAt: c.lastMessageAt,
  lastMessagePreview: c.lastMessagePreview,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  version: c.version,
  openKey: c.openKey,
  outbox: [],
});

/** The public conversation (no openKey): what listConversations returns; subject and preview cleaned as in toConversation. */
export const conversationFromDoc = (c: ConversationDoc): Conversation => ({
  id: c._id,
  deskId: c.deskId,
  number: c.number,
  subject: listLine(c.subject ?? ''),
  status: c.status,
  priority: c.priority,
  channel: c.channel,
  contactId: c.contactId,
  assigneeId: c.assigneeId ?? null,
  teamId: c.teamId ?? null,
  tags: [...(c.tags ?? [])],
  snoozedUntil: c.snoozedUntil ?? null,
  lastSeq: c.lastSeq ?? 0,
  lastMessageAt: c.lastMessageAt,
  lastMessagePreview: listLine(c.lastMessagePreview ?? ''),
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  version: c.version ?? 0,
});

export const conversationRecordFromDoc = (c: ConversationDoc): ConversationRecord => ({
  ...conversationFromDoc(c),
  openKey: c.openKey,
});

export const cannedToDoc = (c: CannedRecord): CannedDoc => ({
  _id: c.id,
  deskId: c.deskId,
  ownerKey: c.ownerId ?? '',
  shortcut: c.shortcut,
  title: c.title,
  text: c.text,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

export const cannedFromDoc = (c: CannedDoc): CannedRecord => ({
  id: c._id,
  deskId: c.deskId,
  ownerId: c.ownerKey === '' ? null : c.ownerKey,
  shortcut: c.shortcut,
  title: c.title,
  text: c.text,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

export const teamFromDoc = (t: TeamDoc): TeamRecord => ({
  id: t._id,
  deskId: t.deskId,
  name: t.name,
  memberIds: [...(t.memberIds ?? [])],
  createdAt: t.createdAt,
});

export const messageToDoc = (m: Message): MessageDoc => ({
  _id: m.id,
  conversationId: m.conversationId,
  seq: m.seq,
  clientMsgId: m.clientMsgId,
  type: m.type,
  authorId: m.authorId,
  authorName: m.authorName,
  text: m.text,
  attachments: m.attachments.map(attachmentRef),
  createdAt: m.createdAt,
});

export const messageFromDoc = (m: MessageDoc): Message => ({
  id: m._id,
  conversationId: m.conversationId,
  seq: m.seq,
  clientMsgId: m.clientMsgId,
  type: m.type,
  authorId: m.authorId ?? null,
  authorName: m.authorName ?? null,
  text: m.text ?? '',
  attachments: (m.attachments ?? []).map(attachmentRef),
  createdAt: m.createdAt,
});

/** `ord` orders the events of one millisecond (see events.ts nextOrd). */
export const eventToBody = (e: DomainEvent, ord: number): EventBody => ({
  _id: e.id,
  deskId: e.deskId,
  type: e.type,
  conversationId: e.conversationId,
  actor: { type: e.actor.type, id: e.actor.id },
  data: { ...e.data },
  at: e.at,
  ord,
});

/** Read back through the catalogue: an unknown type or data that does not fit its schema is an error. */
export const eventFromBody = (e: EventBody): DomainEvent =>
  parseEvent({
    id: e._id,
    deskId: e.deskId,
    type: e.type,
    conversationId: e.conversationId ?? null,
    actor: { type: e.actor.type, id: e.actor.id ?? null },
    data: e.data ?? {},
    at: e.at,
  });

const attachmentRef = (a: AttachmentRef): AttachmentRef => ({ id: a.id, name: a.name, contentType: a.contentType, size: a.size });

export const attachmentToDoc = (a: AttachmentRecord): AttachmentDoc => ({
  _id: a.id,
  deskId: a.deskId,
  name: a.name,
  contentType: a.contentType,
  size: a.size,
  uploader: { type: a.uploader.type, id: a.uploader.id },
  sha256: a.sha256,
  createdAt: a.createdAt,
});

export const attachmentFromDoc = (a: AttachmentDoc): AttachmentRecord => ({
  id: a._id,
  deskId: a.deskId,
  name: a.name,
  contentType: a.contentType,
  size: a.size,
  uploader: { type: a.uploader.type, id: a.uploader.id },
  sha256: a.sha256,
  createdAt: a.createdAt,
});
