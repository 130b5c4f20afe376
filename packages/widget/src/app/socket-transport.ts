import { io, type Socket } from 'socket.io-client';
import { NAMESPACES, SERVER_EVENTS, VISITOR_EVENTS } from '@parley/protocol/events';
import { ACK_TIMEOUT_MS } from './limits.ts';
import { failureOf, isOk, isVisitorConversation, malformed, messagesOf, parseMessage } from './wire-guards.ts';
import type { OpenTransport, ResumeAnswer, SendAnswer, SyncAnswer } from './visitor-transport.ts';

type Ack = (answer: unknown) => void;

interface ClientEvents {
  [VISITOR_EVENTS.resume]: (payload: { afterSeq: number }, ack: Ack) => void;
  [VISITOR_EVENTS.send]: (payload: { clientMsgId: string; text: string; attachmentIds?: string[] }, ack: Ack) => void;
  [VISITOR_EVENTS.sync]: (payload: { conversationId: string; afterSeq: number }, ack: Ack) => void;
}

interface ServerEvents {
  [SERVER_EVENTS.messageCreated]: (payload: unknown) => void;
  [SERVER_EVENTS.conversationUpdated]: (payload: unknown) => void;
  [SERVER_EVENTS.resync]: () => void;
}

/** socket.io on the frame's own origin: `io('/visitor', { auth: { token } })`. */
export const openSocketTransport: OpenTransport = (listener) => {
  let socket: Socket<ServerEvents, ClientEvents> | null = null;

  function create(token: string): Socket<ServerEvents, ClientEvents> {
    const s: Socket<ServerEvents, ClientEvents> = io(NAMESPACES.visitor, { auth: { token }, autoConnect: false });
    s.on('connect', () => listener.connected());
    s.on('disconnect', () => listener.disconnected());
    s.on('connect_error', (error) => {
      // A refusal by the server's middleware is final (socket.active is false); network errors are retried by socket.io.
      if (error.message === 'unauthorized') listener.unauthorized();
      else if (!s.active) listener.refused();
    });
    s.on(SERVER_EVENTS.messageCreated, (payload) => {
      const message = parseMessage(field(payload, 'message'));
      if (message) listener.messageCreated(message);
    });
    s.on(SERVER_EVENTS.resync, () => listener.resync());
    s.on(SERVER_EVENTS.conversationUpdated, (payload) => {
      const conversation = field(payload, 'conversation');
      if (isVisitorConversation(conversation)) listener.conversationUpdated(conversation);
    });
    return s;
  }

  function live() {
    if (!socket?.connected) throw new Error('not connected');
    return socket.timeout(ACK_TIMEOUT_MS);
  }

  return {
    connect(token) {
      if (!socket) socket = create(token);
      else socket.auth = { token };
      socket.connect();
    },
    async resume(afterSeq): Promise<ResumeAnswer> {
      const answer: unknown = await live().emitWithAck(VISITOR_EVENTS.resume, { afterSeq });
      if (!isOk(answer)) return failureOf(answer);
      const conversation = answer['conversation'];
      if (conversation !== null && !isVisitorConversation(conversation)) return malformed();
      return { ok: true, conversation, messages: messagesOf(answer['messages']) };
    },
    async send(clientMsgId, text, attachmentIds): Promise<SendAnswer> {
      // attachmentIds only when there are some, so a text message looks exactly as it did before attachments.
      const payload = attachmentIds.length ? { clientMsgId, text, attachmentIds: [...attachmentIds] } : { clientMsgId, text };
      const answer: unknown = await live().emitWithAck(VISITOR_EVENTS.send, payload);
      if (!isOk(answer)) return failureOf(answer);
      const message = parseMessage(answer['message']);
      const conversation = answer['conversation'];
      if (!message || !isVisitorConversation(conversation)) return malformed();
      return { ok: true, message, conversation };
    },
    async sync(conversationId, afterSeq): Promise<SyncAnswer> {
      const answer: unknown = await live().emitWithAck(VISITOR_EVENTS.sync, { conversationId, afterSeq });
      if (!isOk(answer)) return failureOf(answer);
      return { ok: true, messages: messagesOf(answer['messages']) };
    },
    close() {
      socket?.disconnect();
      socket = null;
    },
  };
};

function field(payload: unknown, name: string): unknown {
  return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[name] : undefined;
}
