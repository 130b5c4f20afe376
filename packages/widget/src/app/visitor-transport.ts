import type { DeskAvailability, DeskPublicConfig, Message, Result, VisitorConversation, VisitorConversationSummary } from '@parley/protocol';

/** What the widget's forms need to know of the visitor (`visitor:resume`, `visitor:profile`). */
export interface VisitorFacts {
  emailKnown: boolean;
  preChatDone: boolean;
}

/** `seenSeq`: how far an agent has read the conversation; `availability`: whether an agent would answer now. */
export type ResumeAnswer = Result<
  { conversation: VisitorConversation | null; messages: Message[]; seenSeq: number; availability: DeskAvailability | null } & VisitorFacts
>;
export type ProfileAnswer = Result<VisitorFacts>;

/** The answers of one of the widget's forms (`visitor:profile`; the server checks them against the desk's settings). */
export interface ProfileAnswers {
  form: 'prechat' | 'offline' | 'email';
  name?: string;
  email?: string;
  phone?: string;
  teamId?: string;
  fields?: Record<string, string>;
}
export type SendAnswer = Result<{ message: Message; conversation: VisitorConversation }>;
export type SyncAnswer = Result<{ messages: Message[] }>;
export type ListAnswer = Result<{ conversations: VisitorConversationSummary[]; nextCursor: string | null }>;

/**
 * The `/visitor` socket as the chat controller sees it (`socket-transport.ts` implements it with socket.io).
 * Requests resolve with the server's acknowledgement and reject when none arrives in time.
 */
export interface VisitorTransport {
  /** Connect, or reconnect with a new token. */
  connect(token: string): void;
  resume(afterSeq: number): Promise<ResumeAnswer>;
  /** `visitor:message`; `text` may be empty when `attachmentIds` (uploads of this visitor) are given. */
  send(clientMsgId: string, text: string, attachmentIds: readonly string[], newConversation?: boolean, teamId?: string): Promise<SendAnswer>;
  /** `visitor:profile`: a form's answers. */
  profile(answers: ProfileAnswers): Promise<ProfileAnswer>;
  /** `visitor:conversations`: one page of the visitor's conversations, newest first. */
  list(cursor: string | null): Promise<ListAnswer>;
  /** `visitor:typing`, fire and forget (the caller throttles); `preview` only when the desk shows agents the draft. */
  typing(conversationId: string, typing: boolean, preview?: string): void;
  /** Whether the socket is connected now. */
  connected(): boolean;
  /** Try to connect at once (the browser said it is back online) instead of waiting for socket.io's back-off. */
  reconnectNow(): void;
  sync(conversationId: string, afterSeq: number): Promise<SyncAnswer>;
  close(): void;
}

export interface TransportListener {
  connected(): void;
  disconnected(): void;
  /** The server refused the token (`connect_error` with message `unauthorized`); no reconnection follows. */
  unauthorized(): void;
  /** The server refused the connection for another reason; no reconnection follows either. */
  refused(): void;
  messageCreated(message: Message): void;
  /** The server may have failed to deliver something (e.g. after a Redis outage between its nodes). */
  resync(): void;
  conversationUpdated(conversation: VisitorConversation): void;
  /** An agent has read the conversation up to `seq`. */
  seen(conversationId: string, seq: number): void;
  /** An agent (by display name) started or stopped writing a reply. */
  agentTyping(conversationId: string, name: string, typing: boolean): void;
  /** The visitor's place in line (null: an agent has it). */
  queue(conversationId: string, position: number | null): void;
  /** The desk's look and greeting changed. */
  deskConfig(desk: DeskPublicConfig): void;
  /** Whether an agent would answer now changed. */
  availability(availability: DeskAvailability): void;
}

export type OpenTransport = (listener: TransportListener) => VisitorTransport;
