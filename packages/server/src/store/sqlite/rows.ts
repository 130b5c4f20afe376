import type { AgentRole, AttachmentRef, Channel, ConversationStatus, Message, MessageType, Priority } from '@parley/protocol';
import { parseEvent, type DomainEvent } from '../../events/catalogue.ts';
import { agentProfileFields, contactProfileFields, readAgentProfile, readAvailability, readContactProfile, readDeskSettings } from '../defaults.ts';
import type { CannedRecord, TeamRecord } from '../types.ts';
import type { AgentRecord, AttachmentRecord, ContactRecord, ConversationRecord, Desk, DraftRecord, SessionRecord } from '../types.ts';

/**
 * Rows as SQLite returns them, and the records the port describes. Both directions copy fields by name, so a
 * column added later never leaves the store by accident.
 */
export interface DeskRow {
  id: string; name: string; allowed_origins: string; greeting: string; settings: string; created_at: string; version: number; updated_at: string;
}
export interface AgentRow {
  id: string; desk_id: string; name: string; email: string; role: string; password_hash: string; created_at: string;
  active: number; availability: string; profile: string; last_seen_at: string | null;
}
export interface SessionRow { token_hash: string; agent_id: string; created_at: string; expires_at: string }
export interface ContactRow {
  id: string; desk_id: string; external_id: string | null; name: string | null; email: string | null;
  created_at: string; last_seen_at: string; token_hash: string; identity_key: string; profile: string; merged_into: string | null;
}
export interface ConversationRow {
  id: string; desk_id: string; number: number; subject: string; status: string; priority: string; channel: string;
  contact_id: string; assignee_id: string | null; tags: string; last_seq: number; last_message_at: string;
  last_message_preview: string; created_at: string; updated_at: string; version: number; open_key: string;
  team_id: string | null; snoozed_until: string | null;
}
export interface TeamRow { id: string; desk_id: string; name: string; member_ids: string; created_at: string }
export interface MessageRow {
  conversation_id: string; seq: number; id: string; client_msg_id: string; type: string; author_id: string | null;
  author_name: string | null; text: string; attachments: string; created_at: string;
}
export interface AttachmentRow {
  id: string; desk_id: string; name: string; content_type: string; size: number; uploader_type: string;
  uploader_id: string; sha256: string; created_at: string;
}
export interface EventRow {
  pos: number; id: string; desk_id: string; type: string; conversation_id: string | null; actor_type: string;
  actor_id: string | null; data: string; at: string;
}

export const deskFromRow = (r: DeskRow): Desk => ({
  id: r.id,
  name: r.name,
  allowedOrigins: JSON.parse(r.allowed_origins) as string[],
  greeting: JSON.parse(r.greeting) as Desk['greeting'],
  settings: readDeskSettings(JSON.parse(r.settings)),
  createdAt: r.created_at,
  version: r.version,
  updatedAt: r.updated_at || r.created_at,
});
export const deskToRow = (d: Desk): DeskRow => ({
  id: d.id, name: d.name, allowed_origins: JSON.stringify(d.allowedOrigins), greeting: JSON.stringify(d.greeting),
  settings: JSON.stringify(d.settings), created_at: d.createdAt, version: d.version, updated_at: d.updatedAt,
});

export const agentFromRow = (r: AgentRow): AgentRecord => ({
  id: r.id, deskId: r.desk_id, name: r.name, email: r.email, role: r.role as AgentRole, passwordHash: r.password_hash, createdAt: r.created_at,
  active: r.active === 1, availability: readAvailability(r.availability), ...readAgentProfile(JSON.parse(r.profile)),
  lastSeenAt: r.last_seen_at ?? null,
});
export const agentToRow = (a: AgentRecord): AgentRow => ({
  id: a.id, desk_id: a.deskId, name: a.name, email: a.email, role: a.role, password_hash: a.passwordHash, created_at: a.createdAt,
  active: a.active ? 1 : 0, availability: a.availability, profile: JSON.stringify(agentProfileFields(a)), last_seen_at: a.lastSeenAt,
});

export const sessionFromRow = (r: SessionRow): SessionRecord => ({ tokenHash: r.token_hash, agentId: r.agent_id, createdAt: r.created_at, expiresAt: r.expires_at });
export const sessionToRow = (s: SessionRecord): SessionRow => ({ token_hash: s.tokenHash, agent_id: s.agentId, created_at: s.createdAt, expires_at: s.expiresAt });

export const contactFromRow = (r: ContactRow): ContactRecord => ({
  id: r.id, deskId: r.desk_id, externalId: r.external_id, name: r.name, email: r.email, createdAt: r.created_at,
  lastSeenAt: r.last_seen_at, tokenHash: r.token_hash, identityKey: r.identity_key, ...readContactProfile(JSON.parse(r.profile)),
  ...(r.merged_into ? { mergedInto: r.merged_into } : {}),
});
export const contactToRow = (c: ContactRecord): ContactRow => ({
  id: c.id, desk_id: c.deskId, external_id: c.externalId, name: c.name, email: c.email, created_at: c.createdAt,
  last_seen_at: c.lastSeenAt, token_hash: c.tokenHash, identity_key: c.identityKey, profile: JSON.stringify(contactProfileFields(c)),
  merged_into: c.mergedInto ?? null,
});

export const conversationFromRow = (r: ConversationRow): ConversationRecord => ({
  id: r.id,
  deskId: r.desk_id,
  number: r.number,
  subject: r.subject,
  status: r.status as ConversationStatus,
  priority: r.priority as Priority,
  channel: r.channel as Channel,
  contactId: r.contact_id,
  assigneeId: r.assignee_id,
  teamId: r.team_id,
  tags: JSON.parse(r.tags) as string[],
  snoozedUntil: r.snoozed_until,
  lastSeq: r.last_seq,
  lastMessageAt: r.last_message_at,
  lastMessagePreview: r.last_message_preview,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
  openKey: r.open_key,
});
export const conversationToRow = (c: ConversationRecord): ConversationRow => ({
  id: c.id, desk_id: c.deskId, number: c.number, subject: c.subject, status: c.status, priority: c.priority,
  channel: c.channel, contact_id: c.contactId, assignee_id: c.assigneeId, tags: JSON.stringify(c.tags),
  last_seq: c.lastSeq, last_message_at: c.lastMessageAt, last_message_preview: c.lastMessagePreview,
  created_at: c.createdAt, updated_at: c.updatedAt, version: c.version, open_key: c.openKey,
  team_id: c.teamId, snoozed_until: c.snoozedUntil,
});

export interface CannedRow {
  id: string; desk_id: string; owner_key: string; shortcut: string; title: string; text: string; created_at: string; updated_at: string;
}
export const cannedFromRow = (r: CannedRow): CannedRecord => ({
  id: r.id, deskId: r.desk_id, ownerId: r.owner_key === '' ? null : r.owner_key, shortcut: r.shortcut, title: r.title, text: r.text,
  createdAt: r.created_at, updatedAt: r.updated_at,
});
export const cannedToRow = (c: CannedRecord): CannedRow => ({
  id: c.id, desk_id: c.deskId, owner_key: c.ownerId ?? '', shortcut: c.shortcut, title: c.title, text: c.text,
  created_at: c.createdAt, updated_at: c.updatedAt,
});

export const teamFromRow = (r: TeamRow): TeamRecord => ({
  id: r.id, deskId: r.desk_id, name: r.name, memberIds: JSON.parse(r.member_ids) as string[], createdAt: r.created_at,
});
export const teamToRow = (t: TeamRecord): TeamRow => ({
  id: t.id, desk_id: t.deskId, name: t.name, member_ids: JSON.stringify(t.memberIds), created_at: t.createdAt,
});

const NO_ATTACHMENTS = '[]';
export const messageFromRow = (r: MessageRow): Message => ({
  id: r.id,
  conversationId: r.conversation_id,
  seq: r.seq,
  clientMsgId: r.client_msg_id,
  type: r.type as MessageType,
  authorId: r.author_id,
  authorName: r.author_name,
  text: r.text,
  attachments: r.attachments === NO_ATTACHMENTS ? [] : (JSON.parse(r.attachments) as AttachmentRef[]).map((a) => ({ id: a.id, name: a.name, contentType: a.contentType, size: a.size })),
  createdAt: r.created_at,
});
export const messageToRow = (m: Message): MessageRow => ({
  conversation_id: m.conversationId, seq: m.seq, id: m.id, client_msg_id: m.clientMsgId, type: m.type,
  author_id: m.authorId, author_name: m.authorName, text: m.text,
  attachments: m.attachments.length === 0 ? NO_ATTACHMENTS : JSON.stringify(m.attachments.map((a) => ({ id: a.id, name: a.name, contentType: a.contentType, size: a.size }))),
  created_at: m.createdAt,
});

export const attachmentFromRow = (r: AttachmentRow): AttachmentRecord => ({
  id: r.id, deskId: r.desk_id, name: r.name, contentType: r.content_type, size: r.size,
  uploader: { type: r.uploader_type as AttachmentRecord['uploader']['type'], id: r.uploader_id }, sha256: r.sha256, createdAt: r.created_at,
});
export const attachmentToRow = (a: AttachmentRecord): AttachmentRow => ({
  id: a.id, desk_id: a.deskId, name: a.name, content_type: a.contentType, size: a.size, uploader_type: a.uploader.type,
  uploader_id: a.uploader.id, sha256: a.sha256, created_at: a.createdAt,
});

export const eventFromRow = (r: EventRow): DomainEvent =>
  parseEvent({
    id: r.id, deskId: r.desk_id, type: r.type, conversationId: r.conversation_id,
    actor: { type: r.actor_type as DomainEvent['actor']['type'], id: r.actor_id }, data: JSON.parse(r.data) as unknown, at: r.at,
  });
export const eventToRow = (e: DomainEvent): Omit<EventRow, 'pos'> => ({
  id: e.id, desk_id: e.deskId, type: e.type, conversation_id: e.conversationId, actor_type: e.actor.type,
  actor_id: e.actor.id, data: JSON.stringify(e.data), at: e.at,
});

export interface DraftRow {
  agent_id: string;
  conversation_id: string;
  kind: string;
  text: string;
  seen_seq: number;
  seen_assignee_id: string | null;
  seen_status: string;
  updated_at: string;
}
export const draftFromRow = (r: DraftRow): DraftRecord => ({
  agentId: r.agent_id,
  conversationId: r.conversation_id,
  kind: r.kind as DraftRecord['kind'],
  text: r.text,
  seenSeq: r.seen_seq,
  seenTicket: { assigneeId: r.seen_assignee_id, status: r.seen_status as DraftRecord['seenTicket']['status'] },
  updatedAt: r.updated_at,
});
export const draftToRow = (d: DraftRecord): DraftRow => ({
  agent_id: d.agentId,
  conversation_id: d.conversationId,
  kind: d.kind,
  text: d.text,
  seen_seq: d.seenSeq,
  seen_assignee_id: d.seenTicket.assigneeId,
  seen_status: d.seenTicket.status,
  updated_at: d.updatedAt,
});
