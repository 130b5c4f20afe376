/**
 * Socket.IO namespaces and event names. Runtime-free of zod so the widget can import it cheaply.
 * Client → server events always carry an acknowledgement callback answering a `Result`.
 */
export const NAMESPACES = { visitor: '/visitor', agent: '/agent' } as const;

/** Events the widget emits on /visitor. */
export const VISITOR_EVENTS = {
  /** Resume: the visitor's open conversation (if any) and the messages after `afterSeq`. */
  resume: 'visitor:resume',
  /** Send a message; starts a conversation when the visitor has no open one. */
  send: 'visitor:message',
  /** Messages of the visitor's conversation after a seq (gap fill after reconnect). */
  sync: 'visitor:sync',
  /** The visitor's conversations on this channel, newest activity first, by pages (`cursor`: the previous `nextCursor`). */
  conversations: 'visitor:conversations',
  /** The visitor is typing in a conversation (at most one every ~2 s, ~1 s with the desk's typing preview; never stored). */
  typing: 'visitor:typing',
  /**
   * The visitor's answers to a widget form (pre-chat, offline, e-mail prompt): stored on their contact. The pre-chat
   * team choice travels with the first message (`teamId`).
   */
  profile: 'visitor:profile',
} as const;

/** Events the inbox emits on /agent. */
export const AGENT_EVENTS = {
  list: 'agent:conversations',
  open: 'agent:open',
  close: 'agent:close',
  send: 'agent:message',
  sync: 'agent:sync',
  update: 'agent:update',
  /** Heartbeat of this tab's presence on one ticket: viewing / background / left, and what it is writing. */
  presence: 'agent:presence',
  /** Everyone's presence on every ticket of the desk (after connecting or reconnecting). */
  presenceSnapshot: 'agent:presence-snapshot',
  /** Save (or, with empty text, delete) this agent's draft reply or note on a ticket. */
  draftSave: 'agent:draft',
  /** This agent's drafts: on one ticket, or all of them. */
  drafts: 'agent:drafts',
  /** This agent has seen a ticket up to a seq. */
  read: 'agent:read',
  /** This agent's read marks on some tickets (unread markers). */
  reads: 'agent:reads',
  /** Hand a ticket to a team and/or an agent with an internal note, as one change. */
  transfer: 'agent:transfer',
  /** Raise a ticket's priority one level (low → normal → high → urgent), with an optional reason. */
  escalate: 'agent:escalate',
} as const;

/**
 * Events the server pushes on /visitor (agents hear most of them too). The widget imports only these: the names of the
 * agents' events stay out of its bundle.
 */
export const VISITOR_PUSH_EVENTS = {
  messageCreated: 'message.created',
  /** A ticket changed (visitor namespace: the visitor's own ticket). */
  conversationUpdated: 'conversation.updated',
  /** Visitors: the widget's look and greeting changed. Payload `{ desk: DeskPublicConfig }`. */
  deskConfig: 'desk.config',
  /** Visitors: their place in line while routing finds them an agent (null: an agent has it). Payload `{ conversationId, position }`. */
  queuePosition: 'conversation.queue',
  /** Visitors: an agent read the conversation up to `seq`. Payload `{ conversationId, seq }`. */
  conversationSeen: 'conversation.seen',
  /** Visitors: an agent is writing a reply (repeated while they type; gone ~6 s after the last). Payload `{ conversationId, name, typing }`. */
  agentTyping: 'agent.typing',
  /** Visitors: whether an agent would answer now changed. Payload `{ availability: DeskAvailability }`. */
  deskAvailability: 'desk.availability',
  /** The server may have missed telling you something (e.g. after a Redis outage): fetch after your last seq. */
  resync: 'resync',
} as const;

/** Events the server pushes to clients (both namespaces). Pure: a bundle that does not use it leaves it out. */
export const SERVER_EVENTS = /* @__PURE__ */ Object.assign({}, VISITOR_PUSH_EVENTS, {
  conversationCreated: 'conversation.created',
  /**
   * Agents: the newest state of the desk's tickets that changed, batched per desk (at most one frame per ~100 ms;
   * each ticket at most once in it). Payload `{ conversations: Conversation[] }`.
   */
  conversationsUpdated: 'conversations.updated',
  sessionRevoked: 'session.revoked',
  /** Agents: who is on a ticket changed. Payload `TicketPresence` (at most a few per second per ticket). */
  presenceUpdated: 'presence.updated',
  /** Agents: the desk's rules changed (reply policy, routing mode, name). Payload `{ desk: DeskRules }`. */
  deskUpdated: 'desk.updated',
  /** The mentioned agent (every tab): a colleague mentioned them in a note. Payload `{ mention: Mention }`. */
  mention: 'mention.created',
  /** The agents a ticket was transferred to, or told of its escalation to urgent (every tab). Payload `{ notice: TicketNotice }`. */
  ticketNotice: 'ticket.notice',
  /** Agents with the ticket open: a change to show as a line in its timeline. Payload `{ activity: TicketActivity }`. */
  ticketActivity: 'ticket.activity',
  /** Agents: a team was created or changed. Payload `{ team: Team }`. */
  teamUpdated: 'team.updated',
  /** Agents: a colleague's account changed (name, role, availability, deactivated). Payload `{ agent: AgentProfile }`. */
  agentUpdated: 'agent.updated',
  /**
   * Agents with the ticket open: the visitor is typing (repeated while they type). Payload `{ conversationId, typing,
   * preview? }`: `preview`, the unsent draft (≤ MAX_TYPING_PREVIEW characters), only when the desk's typing preview is on.
   */
  visitorTyping: 'visitor.typing',
  /** Agents with a ticket of the contact open: the visitor's page, time zone or site attributes changed. Payload `{ contactId, visit }`. */
  contactVisit: 'contact.visit',
  /**
   * Agents with a ticket of the contact open: the visitor changed their details in one of the widget's forms (an
   * e-mail left mid-conversation). Payload `{ contact: Contact }`.
   */
  contactUpdated: 'contact.updated',
  /**
   * Every agent of the desk: a contact's name or e-mail changed (an agent's edit, or the visitor's form), so the
   * ticket lists name their rows anew. Payload `{ contact: ContactName }` (`{ id, name, email }`, nothing else).
   */
  contactNamed: 'contact.named',
} as const);
