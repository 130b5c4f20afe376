/**
 * The `/agent` Socket.IO connection: a typed request/acknowledgement helper over the protocol's event names
 * and a subscription helper for server pushes. The session cookie authenticates the handshake.
 */
import { io, type Socket } from 'socket.io-client';
import type { Failure, Result } from '@parley/protocol/errors';
import { type AGENT_EVENTS, NAMESPACES, SERVER_EVENTS } from '@parley/protocol/events';
import type { Contact, ContactName, Conversation, ConversationStatus, Draft, Message, Priority, TicketActivity } from '@parley/protocol/model';
import type { ListRequest } from './state/list-view.ts';

/** Payload and acknowledgement of each client → server event (docs/API.md, namespace /agent). */
export interface AgentRequests {
  [AGENT_EVENTS.list]: {
    payload: ListRequest;
    /** `contacts`: the customers of these tickets, named (absent from older servers). */
    answer: { conversations: Conversation[]; contacts?: ContactName[]; nextCursor: string | null };
  };
  [AGENT_EVENTS.open]: {
    payload: { conversationId: string };
    answer: { conversation: Conversation; contact: Contact | null; messages: Message[]; activity?: TicketActivity[] };
  };
  [AGENT_EVENTS.close]: { payload: { conversationId: string }; answer: object };
  [AGENT_EVENTS.send]: {
    payload: {
      conversationId: string;
      clientMsgId: string;
      /** May be empty when `attachmentIds` is not. */
      text: string;
      /** Own uploads (POST /api/v1/attachments), at most MAX_ATTACHMENTS_PER_MESSAGE. */
      attachmentIds: string[];
      type: 'agent' | 'note';
      /** The seq, assignee and status the agent saw when they started writing (the stale-reply guard). */
      lastSeenSeq?: number;
      seenTicket?: { assigneeId: string | null; status: ConversationStatus };
      force?: boolean;
    };
    answer: { message: Message; conversation: Conversation };
  };
  [AGENT_EVENTS.draftSave]: {
    payload: {
      conversationId: string;
      kind: 'reply' | 'note';
      text: string;
      seenSeq: number;
      seenTicket: { assigneeId: string | null; status: ConversationStatus };
    };
    answer: { draft: Draft | null };
  };
  [AGENT_EVENTS.drafts]: { payload: { conversationId?: string }; answer: { drafts: Draft[] } };
  [AGENT_EVENTS.sync]: {
    payload: { conversationId: string; afterSeq: number };
    answer: { messages: Message[] };
  };
  [AGENT_EVENTS.update]: {
    payload: {
      conversationId: string;
      version: number;
      status?: ConversationStatus;
      priority?: Priority;
      assigneeId?: string | null;
      subject?: string;
      teamId?: string | null;
      tags?: string[];
      snoozedUntil?: string;
    };
    answer: { conversation: Conversation };
  };
  [AGENT_EVENTS.transfer]: {
    /** `teamId` / `assigneeId`: absent keeps, null clears; at least one is given. */
    payload: { conversationId: string; version: number; teamId?: string | null; assigneeId?: string | null; note: string };
    answer: { conversation: Conversation };
  };
  [AGENT_EVENTS.escalate]: {
    payload: { conversationId: string; version: number; reason: string };
    answer: { conversation: Conversation };
  };
}

export type RequestName = keyof AgentRequests;
export type Answer<E extends RequestName> = Result<AgentRequests[E]['answer']>;

export const REQUEST_TIMEOUT_MS = 10_000;

function unavailable(message: string): Failure {
  return { ok: false, error: { code: 'unavailable', message } };
}

export function connectAgent(): Socket {
  return io(NAMESPACES.agent, { withCredentials: true });
}

/**
 * Emit `event` and wait for its acknowledgement. Refuses at once while disconnected: Socket.IO would otherwise
 * buffer the emit and deliver it after a reconnect, long after the agent was told it failed.
 */
export async function request<E extends RequestName>(
  socket: Socket,
  event: E,
  payload: AgentRequests[E]['payload'],
): Promise<Answer<E>> {
  if (!socket.connected) return unavailable('Not connected.');
  try {
    const answer: unknown = await socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck(event, payload);
    if (typeof answer === 'object' && answer !== null && 'ok' in answer) return answer as Answer<E>;
    return { ok: false, error: { code: 'internal', message: 'Malformed acknowledgement.' } };
  } catch {
    return unavailable('No answer from the server.');
  }
}

/** Subscribe to a server push; returns the unsubscribe function. Payloads are untrusted until narrowed. */
export function listen(socket: Pick<Socket, 'on' | 'off'>, event: string, handler: (payload: unknown) => void): () => void {
  socket.on(event, handler);
  return () => {
    socket.off(event, handler);
  };
}

/**
 * The moments when what this client holds may be out of date: a (re)connection, and the server's `resync` push
 * (it may have failed to deliver events, e.g. across nodes while Redis was unreachable). Both are handled alike:
 * reload the list and the agent directory, catch up on the open ticket.
 */
export const CATCH_UP_EVENTS = ['connect', SERVER_EVENTS.resync] as const;

/** Subscribe `handler` to every catch-up moment; returns the unsubscribe function. */
export function onCatchUp(
  socket: Pick<Socket, 'on' | 'off'>,
  handler: (reason: (typeof CATCH_UP_EVENTS)[number]) => void,
): () => void {
  const offs = CATCH_UP_EVENTS.map((event) => listen(socket, event, () => handler(event)));
  return () => {
    for (const off of offs) off();
  };
}
