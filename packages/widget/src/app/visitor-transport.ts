import type { Message, Result, VisitorConversation } from '@parley/protocol';

export type ResumeAnswer = Result<{ conversation: VisitorConversation | null; messages: Message[] }>;
export type SendAnswer = Result<{ message: Message; conversation: VisitorConversation }>;
export type SyncAnswer = Result<{ messages: Message[] }>;

/**
 * The `/visitor` socket as the chat controller sees it (`socket-transport.ts` implements it with socket.io).
 * Requests resolve with the server's acknowledgement and reject when none arrives in time.
 */
export interface VisitorTransport {
  /** Connect, or reconnect with a new token. */
  connect(token: string): void;
  resume(afterSeq: number): Promise<ResumeAnswer>;
  /** `visitor:message`; `text` may be empty when `attachmentIds` (uploads of this visitor) are given. */
  send(clientMsgId: string, text: string, attachmentIds: readonly string[]): Promise<SendAnswer>;
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
}

export type OpenTransport = (listener: TransportListener) => VisitorTransport;
