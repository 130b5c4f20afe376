import type {
  AgentPreferences,
  CannedResponse,
  AgentRole,
  Availability,
  AttachmentRef,
  Channel,
  Contact,
  Conversation,
  ConversationStatus,
  Message,
  MessageType,
  Priority,
  ReplyPolicy,
  RoutingSettings,
  WidgetForms,
  WidgetPosition,
} from '@parley/protocol';
import type { MessageVerdict } from '../domain/record-message.ts';
import type { DomainEvent } from '../events/catalogue.ts';
import type { DraftChange, DraftTicket } from '../domain/draft-guard.ts';

export interface Desk {
  id: string;
  name: string;
  /** Origins allowed to embed the widget; empty means any origin. */
  allowedOrigins: string[];
  greeting: { en: string; ko: string };
  settings: DeskSettingsRecord;
  createdAt: string;
  /** Bumped by every settings change: two admins editing at once do not overwrite each other unknowingly. */
  version: number;
  updatedAt: string;
}

/** The desk's settings besides name, origins and greeting (stored as one document; defaults fill what is missing). */
export interface DeskSettingsRecord {
  widget: { color: string; position: WidgetPosition; launcherLabel: { en: string; ko: string }; sound: boolean; typingPreview: boolean };
  replyPolicy: ReplyPolicy;
  routing: RoutingSettings;
  forms: WidgetForms;
  /** The identity-verification secret set in the settings (IDENTITY_SECRET in the environment wins). */
  identitySecret: string | null;
}

/** What the settings screen may change on a desk, with the version the admin saw. */
export type DeskChange = Pick<Desk, 'name' | 'allowedOrigins' | 'greeting' | 'settings'>;

export interface AgentRecord {
  id: string;
  deskId: string;
  name: string;
  email: string;
  role: AgentRole;
  passwordHash: string;
  createdAt: string;
  /** false: deactivated, cannot sign in, gets no tickets; the account and its history stay. */
  active: boolean;
  /** The agent's own choice; empty means "the first letters of the name". */
  initials: string;
  signature: string;
  availability: Availability;
  /** null: the desk's default capacity. */
  capacity: number | null;
  preferences: AgentPreferences;
  /**
   * When the agent last had a tab connected, on any node (null: never), as nodes record it every ~15 s: after a
   * restart, the agents who were connected count as there for the grace period while they reconnect.
   */
  lastSeenAt: string | null;
}

/** The fields of an agent account that can change after it is created (password aside). */
export type AgentPatch = Partial<Pick<AgentRecord, 'name' | 'role' | 'active' | 'initials' | 'signature' | 'availability' | 'capacity' | 'preferences'>>;

/** An agent's unsent reply or note on a ticket, kept on the server so that it survives reloads and other devices. */
export interface DraftRecord {
  agentId: string;
  conversationId: string;
  kind: 'reply' | 'note';
  text: string;
  /** The ticket as the agent saw it when they started writing: what the stale-reply guard compares with on send. */
  seenSeq: number;
  seenTicket: DraftTicket;
  updatedAt: string;
}

export interface SessionRecord {
  /** sha256 of the session token: a leaked database does not leak live sessions. */
  tokenHash: string;
  agentId: string;
  createdAt: string;
  expiresAt: string;
}

/** The fields of a contact that change after it is created (tokens and identity aside). */
export type ContactChange = Partial<Pick<ContactRecord, 'name' | 'email' | 'phone' | 'attributes' | 'verified' | 'emailFollowUp' | 'preChatAt' | 'preChatTeamId'>>;

export interface ContactRecord extends Contact {
  /** sha256 of the contact's first visitor token; the token itself is never stored. */
  tokenHash: string;
  /** Unique: `ext:<deskId>:<externalId>` for an identified contact, `anon:<id>` otherwise. */
  identityKey: string;
  /** Set when this contact was merged into another (kept for the record, never listed; its visitors resolve to that one). */
  mergedInto?: string | null;
  /** When the visitor answered the widget's pre-chat form (null: never); it is not asked again. */
  preChatAt: string | null;
  /** The team chosen in the pre-chat form, kept until a message starts the ticket in it (a reload in between keeps it). */
  preChatTeamId: string | null;
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
  /** The ticket as the author saw it when they started writing: reassigned or resolved since also refuses. */
  seen?: DraftTicket | undefined;
}

/**
 * The rule a message applies to its ticket: pure, given the ticket as it is when the message takes its seq, and the
 * teams its author (an agent) is a member of, when the step says (`MessageStep.authorTeamIds`).
 */
export type TicketRule = (ticket: ConversationRecord, message: Message, authorTeamIds?: readonly string[]) => MessageVerdict;

/**
 * One message step: the store gives the message the ticket's next seq, asks `decide` what it does to the ticket and
 * commits message, ticket changes and events together (or not at all).
 */
export interface MessageStep {
  message: Omit<Message, 'seq'>;
  guard?: AppendGuard | undefined;
  decide: TicketRule;
  /** Agents a note mentions: their `note.mentioned` events are committed with it (data, so a step crosses threads). */
  mentions?: readonly string[] | undefined;
  /**
   * The teams the replying agent is a member of: their reply claims an unassigned ticket of a team only when they are
   * one of its members. Absent, only an unassigned ticket without a team is claimed (a step decided again in a
   * recovery, say).
   */
  authorTeamIds?: readonly string[] | undefined;
}

export type StepOutcome =
  /** Message, ticket changes and events are stored. `ticket` is the ticket after the step. */
  | { status: 'committed'; message: Message; ticket: ConversationRecord; events: DomainEvent[] }
  /** The clientMsgId was stored before: the stored message, nothing decided again. */
  | { status: 'duplicate'; message: Message; ticket: ConversationRecord }
  /** The guard refused: these public messages landed after the author's seen seq. Nothing was stored. */
  | { status: 'stale'; missed: Message[]; changed: DraftChange | null; ticket: ConversationRecord }
  /** The rule refused the message (e.g. the ticket is closed). Nothing was stored. */
  | { status: 'refused'; reason: 'closed'; ticket: ConversationRecord }
  | { status: 'missing' };

export interface ConversationFilter {
  deskId: string;
  statuses?: ConversationStatus[];
  assigneeId?: string | null;
  teamId?: string;
  contactId?: string;
  priority?: Priority;
  channel?: Channel;
  /** Tickets carrying this tag. */
  tag?: string;
  search?: TicketSearch;
  /** Only tickets after this one in the list's order (newest activity first, then highest number): the next page. */
  after?: ListPosition;
  limit: number;
}

/** A ticket's place in the list order. */
export interface ListPosition {
  lastMessageAt: string;
  number: number;
}

/**
 * A search: a ticket matches when every word is found in one of its messages (a word prefix in the embedded store,
 * a substring on MongoDB), or every word in its subject, or every word in its contact's name or e-mail; or when its
 * number is `number`.
 */
export interface TicketSearch {
  /** Lower-cased, non-empty, at most MAX_SEARCH_WORDS. Empty: match by number only. */
  words: string[];
  number: number | null;
}

export interface ConversationPatch {
  status?: ConversationStatus;
  priority?: Priority;
  assigneeId?: string | null;
  teamId?: string | null;
  subject?: string;
  tags?: string[];
  snoozedUntil?: string | null;
}

/** A duplicate contact merged into another (Store.mergeContacts). */
export interface ContactMerge {
  sourceId: string;
  targetId: string;
  /** The target's fields after the merge (the domain combined them). */
  target: ContactChange;
  at: string;
  /** The one `contact.merged` event of the merge. */
  event: DomainEvent;
}

export type ContactMergeOutcome =
  | { status: 'merged'; target: ContactRecord; moved: ConversationRecord[] }
  /** Either contact is missing, or was merged meanwhile. Nothing was written. */
  | { status: 'missing' }
  /** Both have a live (not closed) ticket on one channel (one per contact and channel): nothing was written. */
  | { status: 'clash' };

export interface EventFilter {
  deskId: string;
  conversationId?: string;
  types?: DomainEvent['type'][];
  limit: number;
  /** The newest `limit` events, newest first (default: oldest first). */
  newestFirst?: boolean;
}

/** How far an agent has seen a ticket. */
export interface ReadMark {
  conversationId: string;
  seq: number;
}

export interface TeamRecord {
  id: string;
  deskId: string;
  name: string;
  memberIds: string[];
  createdAt: string;
}

export type CannedRecord = CannedResponse;
export type CannedChange = Partial<Pick<CannedRecord, 'shortcut' | 'title' | 'text'>>;

export type TeamPatch = Partial<Pick<TeamRecord, 'name' | 'memberIds'>>;

export interface StoreHealth {
  ok: boolean;
  adapter: 'embedded' | 'mongo';
  detail?: string;
}

