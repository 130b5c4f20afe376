import type { AgentPreferences, Availability, FormField, WidgetPosition } from './settings.ts';

import type { ContactVisit } from './visit.ts';

export type { ContactVisit, PageView } from './visit.ts';

/** Wire types shared by server, widget and inbox. Timestamps are ISO-8601 strings set by the server. */

/** `snoozed`: put aside until `snoozedUntil`; it wakes up (open) by itself then, or at the customer's next message. */
export const CONVERSATION_STATUSES = ['new', 'open', 'pending', 'snoozed', 'resolved', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The tag Escalate puts on a ticket (Zendesk's convention): lists mark it, and the tag filter lists escalated tickets. */
export const ESCALATED_TAG = 'escalated';

export const CHANNELS = ['web', 'email', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];

/** visitor / agent replies are public; notes are internal and never reach the visitor; system lines record changes. */
export const MESSAGE_TYPES = ['visitor', 'agent', 'note', 'system'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const AGENT_ROLES = ['admin', 'agent'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

/** A file attached to a message. Download it from `/api/v1/attachments/{id}/{name}`. */
export interface AttachmentRef {
  id: string;
  name: string;
  /** The type the server detected from the content (never trusted from the uploader); octet-stream when unknown. */
  contentType: string;
  size: number;
}

export interface Message {
  id: string;
  conversationId: string;
  /** Strictly increasing per conversation, gap-free, assigned by the server. */
  seq: number;
  clientMsgId: string;
  type: MessageType;
  authorId: string | null;
  authorName: string | null;
  text: string;
  attachments: AttachmentRef[];
  createdAt: string;
}

export interface Conversation {
  id: string;
  deskId: string;
  /** Human-readable ticket number, unique per desk (#1042). */
  number: number;
  subject: string;
  status: ConversationStatus;
  priority: Priority;
  channel: Channel;
  contactId: string;
  assigneeId: string | null;
  /** The team (department, tier) whose queue the ticket is in. */
  teamId: string | null;
  tags: string[];
  /** When a snoozed ticket wakes up; null unless snoozed. */
  snoozedUntil: string | null;
  /** seq of the newest message (0 when there is none). */
  lastSeq: number;
  lastMessageAt: string;
  lastMessagePreview: string;
  createdAt: string;
  updatedAt: string;
  /** Optimistic-concurrency version, bumped on every ticket update. */
  version: number;
}

/** What a visitor is allowed to know about their own conversation. */
export interface VisitorConversation {
  id: string;
  number: number;
  status: ConversationStatus;
  lastSeq: number;
  createdAt: string;
}

/** A row of the visitor's list of their conversations (public messages only make the preview). */
export interface VisitorConversationSummary extends VisitorConversation {
  lastMessageAt: string;
  lastMessagePreview: string;
}

export interface Contact {
  id: string;
  deskId: string;
  /** The site's own user id when the visitor was identified with a verified signature (identity verification). */
  externalId: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  /** The desk's own facts about the customer (plan, order id, ...), set by agents. */
  attributes: Record<string, string>;
  /** Which fields the customer's site signed (identity verification); an agent's edit of a field un-verifies it. */
  verified: { name: boolean; email: boolean };
  /**
   * The visitor left their e-mail in the widget for replies to follow by e-mail. Recorded only: sending them is the
   * e-mail channel's work, not built yet.
   */
  emailFollowUp: boolean;
  /** The browser the customer last chatted from, as it introduced itself. */
  device: ContactDevice | null;
  /** Where the visitor is and was on the site, their local time, the site's attributes (widget only; null before any report). */
  visit: ContactVisit | null;
  createdAt: string;
  lastSeenAt: string;
}

/** How a ticket list names a row's customer: the contact's name and e-mail only (a page of the list carries them). */
export interface ContactName {
  id: string;
  name: string | null;
  email: string | null;
}

export interface ContactDevice {
  userAgent: string;
  /** The browser's preferred languages (Accept-Language). */
  language: string;
}

export interface AgentProfile {
  id: string;
  deskId: string;
  name: string;
  email: string;
  role: AgentRole;
  /** A deactivated agent cannot sign in and gets no tickets; their history stays. */
  active: boolean;
  /** What the avatar shows: the agent's own choice, else the first letters of their name. */
  initials: string;
  availability: Availability;
  /** Most open tickets routing gives this agent; null means the desk's default. */
  capacity: number | null;
}

/**
 * The initials an agent who chose none is shown with ("Mina Park" → "MP", "김민아" → "김민"): the first letters of
 * the first two words, or the first two letters of a single word. The server and the inbox's preview share it.
 */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const letters = words.length > 1 ? words.slice(0, 2).map((w) => [...w][0]) : [...(words[0] ?? '?')].slice(0, 2);
  return letters.join('').toUpperCase();
}

/** The signed-in agent's own account: their profile plus what only they see. */
export interface AgentSelf extends AgentProfile {
  signature: string;
  preferences: AgentPreferences;
}

export interface DeskPublicConfig {
  id: string;
  name: string;
  greeting: { en: string; ko: string };
  /** How the widget looks on the site (desk settings). */
  widget: {
    color: string;
    position: WidgetPosition;
    launcherLabel: { en: string; ko: string };
    /** The chime for an agent's reply while the chat is closed (absent from older servers: on). */
    sound?: boolean;
    /** The widget sends the visitor's draft with its typing signal (absent from older servers: off). */
    typingPreview?: boolean;
  };
  /** The widget's forms (desk settings); absent from older servers. */
  forms?: PublicForms;
}

/** A pre-chat field as the widget shows it; the team field lists the teams offered (names only). */
export interface PublicFormField extends FormField {
  options?: { id: string; name: string }[];
}

export interface PublicForms {
  /** The pre-chat form's fields, or null when it is off. */
  preChat: PublicFormField[] | null;
  offline: boolean;
  emailPrompt: boolean;
}

/**
 * Whether someone would answer now: an agent is online (available and connected), only away ones are connected, or
 * nobody is. The widget's offline form shows when it is not `online`.
 */
export const DESK_AVAILABILITIES = ['online', 'away', 'offline'] as const;
export type DeskAvailability = (typeof DESK_AVAILABILITIES)[number];

/** A team (department, tier): a queue of tickets and the agents who work it. */
export interface Team {
  id: string;
  deskId: string;
  name: string;
  memberIds: string[];
  createdAt: string;
}

/** A change of a ticket as its timeline shows it ("Mina assigned this to Billing", "Snoozed until Monday 9:00"). */
export interface TicketActivity {
  id: string;
  conversationId: string;
  at: string;
  actor: { type: 'visitor' | 'agent' | 'system'; id: string | null };
  /**
   * What caused it: a person's edit, a message's rule, a snooze ending by itself, a transfer, an escalation, or the
   * merge of a duplicate contact into this ticket's contact (`changes` empty).
   */
  cause: 'edit' | 'visitor_message' | 'agent_reply' | 'snooze_ended' | 'routing' | 'transfer' | 'escalation' | 'contact_merge';
  /** The transfer's internal note, or the escalation's reason (agents only; empty when none was given). */
  note?: string;
  changes: {
    status?: { from: ConversationStatus; to: ConversationStatus };
    priority?: { from: Priority; to: Priority };
    assigneeId?: { from: string | null; to: string | null };
    teamId?: { from: string | null; to: string | null };
    subject?: { from: string; to: string };
    tags?: { from: string[]; to: string[] };
    snoozedUntil?: { from: string | null; to: string | null };
  };
}

/** An agent's unsent reply or note on a ticket, kept by the server (it survives reloads and other devices). */
export interface Draft {
  conversationId: string;
  kind: 'reply' | 'note';
  text: string;
  /** The ticket as the agent saw it when they started writing: send it back as lastSeenSeq / seenTicket. */
  seenSeq: number;
  seenTicket: { assigneeId: string | null; status: ConversationStatus };
  updatedAt: string;
}
