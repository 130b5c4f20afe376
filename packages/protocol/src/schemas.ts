import { z } from 'zod';
import { QUEUE_NAMES } from './queues.ts';
import { MAX_HANDOFF_NOTE, MAX_MENTIONS } from './notifications.ts';
import { CANNED_SHORTCUT } from './canned.ts';
import { MAX_ATTACHMENTS_PER_MESSAGE, MAX_MESSAGE_LENGTH, MAX_SEARCH_LENGTH, MAX_TYPING_PREVIEW } from './limits.ts';
import { CHANNELS, CONVERSATION_STATUSES, PRIORITIES } from './model.ts';
import { MAX_FORM_FIELDS } from './settings.ts';
import { ATTRIBUTE_KEY, isPageUrl, MAX_ATTRIBUTE_KEY, MAX_ATTRIBUTE_VALUE, MAX_PAGE_TITLE, MAX_PAGE_URL, MAX_RECENT_PAGES, MAX_SITE_ATTRIBUTES } from './visit.ts';

/** Ids are plain strings of a safe alphabet: this alone refuses `{"$gt":""}`, arrays and numbers. */
export const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id (letters, digits, _ and -)');
export const ClientMsgId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 characters of letters, digits, _ and -');
export const Seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const Mentions = z.array(Id).max(MAX_MENTIONS, `at most ${MAX_MENTIONS} mentions`);
/** The agent has seen the ticket up to `seq` (marks only move forward). */
export const AgentRead = z.strictObject({ conversationId: Id, seq: Seq });
/** This agent's read marks on these tickets. */
export const AgentReads = z.strictObject({ conversationIds: z.array(Id).max(500) });
export const AttachmentIds = z.array(Id).max(MAX_ATTACHMENTS_PER_MESSAGE).default([]);
/** Message text, which may be empty when the message carries attachments. */
const OptionalText = z
  .string()
  .max(MAX_MESSAGE_LENGTH + 1000)
  .transform((s) => s.trim())
  .pipe(z.string().max(MAX_MESSAGE_LENGTH, `must be at most ${MAX_MESSAGE_LENGTH} characters`))
  .default('');
const hasContent = (m: { text: string; attachmentIds: string[] }) => m.text.length > 0 || m.attachmentIds.length > 0;
const contentRequired = { message: 'must not be empty', path: ['text'] };

// ── visitor ───────────────────────────────────────────────────────────────
export const VisitorResume = z.strictObject({ afterSeq: Seq.optional() });
export const VisitorSend = z
  .strictObject({
    clientMsgId: ClientMsgId,
    text: OptionalText,
    attachmentIds: AttachmentIds,
    /**
     * The visitor asked for a new conversation: a resolved one is closed first (it stays listed and readable); an
     * active one (new, open, pending) takes the message, so one visitor never splits into two live tickets.
     */
    newConversation: z.boolean().optional(),
    /** The team chosen in the pre-chat form: routes the ticket this message starts (ignored when it joins one). */
    teamId: Id.optional(),
  })
  .refine(hasContent, contentRequired);
export const VisitorSync = z.strictObject({ conversationId: Id, afterSeq: Seq });
/** One page of the visitor's own conversations. */
export const VisitorConversations = z.strictObject({
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a cursor from a previous answer').optional(),
  limit: z.number().int().min(1).max(50).default(20),
});
/** A phone number as people type it. */
export const Phone = z.string().trim().max(40).regex(/^[+0-9 ()./-]*$/, 'must be a phone number (digits, spaces, + ( ) . / -)');
/**
 * The visitor's answers to one of the widget's forms (`visitor:profile`). The desk's form settings decide what is
 * required (checked by the server, field by field: `invalid_input` with `details: [{ path, message }]`).
 */
export const VisitorProfile = z.strictObject({
  form: z.enum(['prechat', 'offline', 'email']),
  name: z.string().trim().max(100).optional(),
  email: z.union([z.literal(''), z.string().trim().toLowerCase().pipe(z.email('must be an e-mail address').max(254))]).optional(),
  phone: Phone.optional(),
  teamId: Id.optional(),
  /** Custom fields by key. */
  fields: z
    .record(z.string().max(40), z.string().trim().max(500))
    .refine((r) => Object.keys(r).length <= MAX_FORM_FIELDS, `at most ${MAX_FORM_FIELDS} fields`)
    .optional(),
});
export type VisitorProfileInput = z.infer<typeof VisitorProfile>;
/**
 * `typing: false` when the visitor emptied the box (agents' indicator also ends by itself a few seconds after the last).
 * `preview`: the draft's last characters, sent only when the desk shows agents the visitor's typing; the server cuts
 * it to MAX_TYPING_PREVIEW and drops it when the desk does not; one far longer than that is `invalid_input`.
 */
export const VisitorTyping = z.strictObject({
  conversationId: Id,
  typing: z.boolean().default(true),
  preview: z.string().max(MAX_TYPING_PREVIEW * 5).optional(),
});
/** One page of a page-tracking report (`POST /api/v1/widget/context`): an http(s) URL, its title (cut to size), how many seconds ago it was seen. */
export const PageReport = z.strictObject({
  url: z.string().max(MAX_PAGE_URL).refine(isPageUrl, 'must be an http(s) URL'),
  title: z.string().max(MAX_PAGE_TITLE * 5).transform((s) => s.trim().slice(0, MAX_PAGE_TITLE)).default(''),
  secondsAgo: z.number().int().min(0).max(86_400).default(0),
});
/** A site attribute: text, a number or a boolean (kept as text); `null` removes it. */
const SiteAttributeValue = z.union([z.string().max(MAX_ATTRIBUTE_VALUE), z.number().finite(), z.boolean(), z.null()]);
export const SiteAttributes = z
  .record(z.string().max(MAX_ATTRIBUTE_KEY).regex(ATTRIBUTE_KEY, 'must be a key: a letter, then letters, digits, _ . -'), SiteAttributeValue)
  .refine((a) => Object.keys(a).length <= MAX_SITE_ATTRIBUTES, `at most ${MAX_SITE_ATTRIBUTES} attributes`);
/** A page-tracking report: the pages the widget saw since its last one (oldest first), the browser's zone and language, the site's attributes. */
export const VisitorContext = z.strictObject({
  pages: z.array(PageReport).max(MAX_RECENT_PAGES).default([]),
  timeZone: z.string().max(64).regex(/^[A-Za-z0-9_+/-]+$/, 'must be an IANA time zone').optional(),
  utcOffset: z.number().int().min(-840).max(840).optional(),
  language: z.string().max(35).regex(/^[A-Za-z0-9-]+$/, 'must be a language tag').optional(),
  attributes: SiteAttributes.optional(),
});

// ── agent ─────────────────────────────────────────────────────────────────
export const ConversationStatusSchema = z.enum(CONVERSATION_STATUSES);
export const PrioritySchema = z.enum(PRIORITIES);
export const ConversationQueue = z.enum(QUEUE_NAMES);

export const ChannelSchema = z.enum(CHANNELS);
/** A tag as agents type it: trimmed, lower-cased, letters, digits, spaces, - and _ (Korean included). */
export const Tag = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.string().min(1).max(40).regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u, 'must be letters, digits, spaces, - or _'));
/** Filters that narrow a ticket list (see `TicketFilters` in queues.ts); `assigneeId: null` means unassigned. */
export const TicketFiltersSchema = z.strictObject({
  status: ConversationStatusSchema.optional(),
  priority: PrioritySchema.optional(),
  tag: Tag.optional(),
  channel: ChannelSchema.optional(),
  assigneeId: Id.nullable().optional(),
});
/** The server's opaque position in a list; only its alphabet and size are checked here (the server decodes it). */
export const ListCursor = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a cursor from a previous answer');
export const AgentList = z.strictObject({
  queue: ConversationQueue.default('all'),
  /** Narrows the queue to one team's tickets. */
  teamId: Id.optional(),
  filters: TicketFiltersSchema.default({}),
  /**
   * Words of a message (each a word prefix), of the subject, the contact's name or e-mail; or a ticket number
   * (`#123` or `123`). Blank means no search.
   */
  search: z.string().max(MAX_SEARCH_LENGTH).transform((s) => s.trim()).optional(),
  /** `nextCursor` of the previous page: the page after it. */
  cursor: ListCursor.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export const AgentOpen = z.strictObject({ conversationId: Id });
export const AgentClose = z.strictObject({ conversationId: Id });
const AgentPostFields = z.strictObject({
  conversationId: Id,
  clientMsgId: ClientMsgId,
  text: OptionalText,
  attachmentIds: AttachmentIds,
  type: z.enum(['agent', 'note']).default('agent'),
  /**
   * The seq the agent had seen when they started writing: a public reply by someone else that landed after it makes
   * this send `stale_ticket`.
   */
  lastSeenSeq: Seq.optional(),
  /** The ticket's assignee and status when they started writing: reassigned or resolved since → `stale_ticket`. */
  seenTicket: z.strictObject({ assigneeId: Id.nullable(), status: ConversationStatusSchema }).optional(),
  /** Send even though the ticket changed (after reviewing what changed). */
  force: z.boolean().default(false),
  /** Agents mentioned in a note (@name): each is notified. Only notes mention. */
  mentions: Mentions.default([]),
});
export const AgentSend = AgentPostFields.refine(hasContent, contentRequired);
export const AgentSync = z.strictObject({ conversationId: Id, afterSeq: Seq });
/** One tab's presence on a ticket; `left` when it closed the ticket (or the tab is going away). */
export const AgentPresenceInput = z.strictObject({
  conversationId: Id,
  state: z.enum(['viewing', 'background', 'left']),
  composing: z.enum(['reply', 'note']).nullable().default(null),
});
export const AgentPresenceSnapshot = z.strictObject({});
const DraftSeenTicket = z.strictObject({ assigneeId: Id.nullable(), status: ConversationStatusSchema });
/** An unsent reply or note, with the ticket as the agent saw it when they started writing it. Empty text deletes it. */
export const AgentDraftSave = z.strictObject({
  conversationId: Id,
  kind: z.enum(['reply', 'note']),
  text: z.string().max(MAX_MESSAGE_LENGTH),
  seenSeq: Seq,
  seenTicket: DraftSeenTicket,
});
export const AgentDrafts = z.strictObject({ conversationId: Id.optional() });
export const MAX_TAGS = 20;
const HandoffNote = z.string().trim().max(MAX_HANDOFF_NOTE, `must be at most ${MAX_HANDOFF_NOTE} characters`).default('');
/**
 * Transfer: a team and/or an agent (null: the ticket leaves its team / its assignee) and an internal note, applied as
 * one change. At least one of `teamId` and `assigneeId` is given.
 */
export const AgentTransfer = z.strictObject({
  conversationId: Id,
  version: z.number().int().min(0),
  teamId: Id.nullable().optional(),
  assigneeId: Id.nullable().optional(),
  note: HandoffNote,
});
/** Escalate: the ticket's priority goes up one level. */
export const AgentEscalate = z.strictObject({
  conversationId: Id,
  version: z.number().int().min(0),
  reason: HandoffNote,
});
/** `POST /api/v1/contacts/:id/merge`: the contact the duplicate (`:id`) is merged into. */
export const ContactMergeBody = z.strictObject({ targetId: Id });
/** `GET /api/v1/contacts?search=`: a part of a name, e-mail or phone. */
export const ContactSearchQuery = z.strictObject({
  search: z.string().trim().min(1).max(100),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const AgentUpdate = z.strictObject({
  conversationId: Id,
  /** The version the agent saw; a concurrent update makes this `conflict`. */
  version: z.number().int().min(0),
  status: ConversationStatusSchema.optional(),
  priority: PrioritySchema.optional(),
  assigneeId: Id.nullable().optional(),
  subject: z.string().trim().min(1).max(200).optional(),
  teamId: Id.nullable().optional(),
  tags: z.array(Tag).max(MAX_TAGS, `at most ${MAX_TAGS} tags`).optional(),
  /** Required with status `snoozed`: when the ticket wakes up (in the future, within a year). */
  snoozedUntil: z.iso.datetime({ offset: true }).optional(),
});


export const TeamBody = z.strictObject({
  name: z.string().trim().min(1).max(60),
  memberIds: z.array(Id).max(500).default([]),
});
export const TeamPatch = z.strictObject({
  name: z.string().trim().min(1).max(60).optional(),
  memberIds: z.array(Id).max(500).optional(),
});

/** An agent's edit of a contact. Attributes replace the whole set (an empty value removes a key). */
export const ContactPatch = z.strictObject({
  name: z.string().trim().max(100).nullable().optional(),
  email: z.union([z.literal(''), z.string().trim().toLowerCase().pipe(z.email().max(254))]).nullable().optional(),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[+0-9 ()./-]*$/, 'must be a phone number (digits, spaces, + ( ) . / -)')
    .nullable()
    .optional(),
  attributes: z
    .record(z.string().trim().min(1).max(40).regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, 'must be a name of letters, digits, spaces, _ . -'), z.string().max(500))
    .refine((r) => Object.keys(r).length <= 50, 'at most 50 attributes')
    .optional(),
});

// ── canned responses ──
const Shortcut = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.string().regex(CANNED_SHORTCUT, 'must be 1-32 letters, digits, - or _ (no spaces)'));

export const CannedBody = z.strictObject({
  scope: z.enum(['desk', 'personal']),
  shortcut: Shortcut,
  title: z.string().trim().min(1).max(80),
  text: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH),
});
export const CannedPatch = z.strictObject({
  shortcut: Shortcut.optional(),
  title: z.string().trim().min(1).max(80).optional(),
  text: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH).optional(),
});

// ── REST ──────────────────────────────────────────────────────────────────
export const Email = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const LoginBody = z.strictObject({ email: Email, password: z.string().min(1).max(1024) });
export const NewAgentBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  email: Email,
  password: z.string().min(10, 'must be at least 10 characters').max(1024),
  role: z.enum(['admin', 'agent']).default('agent'),
});
/**
 * A visitor identity signed by the site's backend: a JWT (HS256 with IDENTITY_SECRET) whose claims are
 * `IdentityClaims`. Its shape only is checked here (three base64url parts, the signature may be empty so that an
 * `alg: none` token is refused as such); the server verifies it.
 */
export const IdentityToken = z.strictObject({
  token: z
    .string()
    .max(4096)
    .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/, 'must be a JWT (header.payload.signature)'),
});
/**
 * The legacy form: hash = hex HMAC-SHA256(IDENTITY_SECRET, userId). It signs the user id only, so an `email` or
 * `name` sent with it (as older widgets did) is accepted and dropped: it is not signed.
 */
export const LegacyVisitorIdentity = z
  .strictObject({
    userId: z.string().trim().min(1).max(200),
    hash: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be the hex HMAC-SHA256 of userId'),
    email: z.string().max(1000).optional(),
    name: z.string().max(1000).optional(),
  })
  .transform(({ userId, hash }) => ({ userId, hash }));
export const VisitorIdentity = z.union([IdentityToken, LegacyVisitorIdentity]);
/** The claims Parley reads from a verified identity token (others, e.g. `exp`, `iat`, are checked or ignored). */
export const IdentityClaims = z.object({
  sub: z.string().trim().min(1).max(200),
  email: Email.nullish(),
  name: z.string().trim().min(1).max(100).nullish(),
});
export const WidgetSessionBody = z.strictObject({ desk: Id, identity: VisitorIdentity.optional() });
/**
 * `GET /api/v1/conversations`: the query string form of `agent:conversations` (the same queue, filters, search and
 * paging, flattened: `assigneeId=none` is "unassigned"). Each parameter at most once; an unknown one is refused.
 */
export const ConversationListQuery = z.strictObject({
  queue: ConversationQueue.default('all'),
  teamId: Id.optional(),
  status: ConversationStatusSchema.optional(),
  priority: PrioritySchema.optional(),
  tag: Tag.optional(),
  channel: ChannelSchema.optional(),
  assigneeId: z.union([z.literal('none'), Id]).optional(),
  search: z.string().max(MAX_SEARCH_LENGTH).transform((s) => s.trim()).optional(),
  cursor: ListCursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
/** The REST form of `agent:message`: the conversation is in the path. */
export const ReplyBody = AgentPostFields.omit({ conversationId: true }).refine(hasContent, contentRequired);
/** Upload metadata travels in headers (the body is the raw file): `X-Filename` (URI-encoded) and Content-Type. */
export const AttachmentName = z
  .string()
  .transform((s) => s.normalize('NFC').replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069/\\]/g, '_').trim())
  .pipe(z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'));

export type VisitorResumeInput = z.infer<typeof VisitorResume>;
export type VisitorIdentityInput = z.infer<typeof VisitorIdentity>;
export type IdentityClaimsInput = z.infer<typeof IdentityClaims>;
export type VisitorSendInput = z.infer<typeof VisitorSend>;
export type VisitorSyncInput = z.infer<typeof VisitorSync>;
export type VisitorContextInput = z.infer<typeof VisitorContext>;
export type VisitorConversationsInput = z.infer<typeof VisitorConversations>;
export type AgentListInput = z.infer<typeof AgentList>;
export type ConversationListQueryInput = z.infer<typeof ConversationListQuery>;
export type TicketFiltersInput = z.infer<typeof TicketFiltersSchema>;
export type AgentSendInput = z.infer<typeof AgentSend>;
export type AgentUpdateInput = z.infer<typeof AgentUpdate>;
export type AgentTransferInput = z.infer<typeof AgentTransfer>;
export type AgentEscalateInput = z.infer<typeof AgentEscalate>;
export type AgentPresenceInputValue = z.infer<typeof AgentPresenceInput>;
export type ConversationQueueName = z.infer<typeof ConversationQueue>;
