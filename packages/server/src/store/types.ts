import type {
  AgentRole,
  AttachmentRef,
  Channel,
  Contact,
  Conversation,
  ConversationStatus,
  Message,
  MessageType,
  Priority,
} from '@parley/protocol';

export interface Desk {
  id: string;
  name: string;
  /** Origins allowed to embed the widget; empty means any origin. */
  allowedOrigins: string[];
  greeting: { en: string; ko: string };
  createdAt: string;
}

export interface AgentRecord {
  id: string;
  deskId: string;
  name: string;
  email: string;
  role: AgentRole;
  passwordHash: string;
  createdAt: string;
}

export interface SessionRecord {
  /** sha256 of the session token: a leaked database does not leak live sessions. */
  tokenHash: string;
  agentId: string;
  createdAt: string;
  expiresAt: string;
}

export interface ContactRecord extends Contact {
  /** sha256 of the contact's first visitor token; the token itself is never stored. */
  tokenHash: string;
  /** Unique: `ext:<deskId>:<externalId>` for an identified contact, `anon:<id>` otherwise. */
  identityKey: string;
}

export type ConversationRecord = Conversation & {
  /** `${contactId}:${channel}` while the conversation is not closed, else `closed:${id}`: unique, so a contact
   * has at most one open conversation per channel even when two tabs start one at once. */
  openKey: string;
};

export interface NewMessage {
  conversationId: string;
  clientMsgId: string;
  type: MessageType;
  authorId: string | null;
  authorName: string | null;
  text: string;
  attachments: AttachmentRef[];
}

/** An uploaded file. Bound to its uploader (not to a conversation) until a message of theirs references it. */
export interface AttachmentRecord extends AttachmentRef {
  deskId: string;
  uploader: { type: 'visitor' | 'agent'; id: string };
  sha256: string;
  createdAt: string;
}

/**
 * Stale-reply guard, checked atomically with the append: refuse when a public message (visitor or agent reply)
 * by anyone but `authorId` has seq > `afterSeq`.
 */
export interface AppendGuard {
  afterSeq: number;
  authorId: string;
}

export type AppendResult =
  /** created is false when the clientMsgId was already stored: the stored message is returned unchanged. */
  | { message: Message; created: boolean; stale?: undefined }
  /** The guard refused: these public messages landed after the author's last seen seq. Nothing was stored. */
  | { stale: Message[]; message?: undefined; created?: undefined };

export interface ConversationFilter {
  deskId: string;
  statuses?: ConversationStatus[];
  assigneeId?: string | null;
  contactId?: string;
  limit: number;
}

export interface ConversationPatch {
  status?: ConversationStatus;
  priority?: Priority;
  assigneeId?: string | null;
  subject?: string;
  tags?: string[];
}

export interface EventRecord {
  id: string;
  deskId: string;
  type: string;
  conversationId: string | null;
  actor: { type: 'visitor' | 'agent' | 'system'; id: string | null };
  data: Record<string, unknown>;
  at: string;
}

export interface EventFilter {
  deskId: string;
  conversationId?: string;
  types?: string[];
  limit: number;
}

export interface StoreHealth {
  ok: boolean;
  adapter: 'embedded' | 'mongo';
  detail?: string;
}

