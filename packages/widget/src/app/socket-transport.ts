import { io, type Socket } from 'socket.io-client';
import { NAMESPACES, VISITOR_PUSH_EVENTS, VISITOR_EVENTS } from '@parley/protocol/events';
import { ACK_TIMEOUT_MS } from './limits.ts';
import { failureOf, isOk, isVisitorConversation, malformed, messagesOf, parseMessage, summariesOf } from './wire-guards.ts';
import { isDeskConfig } from './widget-api.ts';
import type { DeskAvailability } from '@parley/protocol';
import type {
  ListAnswer,
  OpenTransport,
  ProfileAnswer,
  ProfileAnswers,
  ResumeAnswer,
  SendAnswer,
  SyncAnswer,
  VisitorFacts,
} from './visitor-transport.ts';

type Ack = (answer: unknown) => void;

interface ClientEvents {
  [VISITOR_EVENTS.resume]: (payload: { afterSeq: number }, ack: Ack) => void;
  [VISITOR_EVENTS.send]: (payload: SendPayload, ack: Ack) => void;
  [VISITOR_EVENTS.profile]: (payload: ProfileAnswers, ack: Ack) => void;
  [VISITOR_EVENTS.conversations]: (payload: { cursor?: string }, ack: Ack) => void;
  [VISITOR_EVENTS.typing]: (payload: { conversationId: string; typing: boolean; preview?: string }) => void;
  [VISITOR_EVENTS.sync]: (payload: { conversationId: string; afterSeq: number }, ack: Ack) => void;
}

interface ServerEvents {
  [VISITOR_PUSH_EVENTS.messageCreated]: (payload: unknown) => void;
  [VISITOR_PUSH_EVENTS.conversationUpdated]: (payload: unknown) => void;
  [VISITOR_PUSH_EVENTS.resync]: () => void;
  [VISITOR_PUSH_EVENTS.conversationSeen]: (payload: unknown) => void;
  [VISITOR_PUSH_EVENTS.agentTyping]: (payload: unknown) => void;
  [VISITOR_PUSH_EVENTS.queuePosition]: (payload: unknown) => void;
  [VISITOR_PUSH_EVENTS.deskConfig]: (payload: unknown) => void;
  [VISITOR_PUSH_EVENTS.deskAvailability]: (payload: unknown) => void;
}

type SendPayload = { clientMsgId: string; text: string; attachmentIds?: string[]; newConversation?: true; teamId?: string };

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
    s.on(VISITOR_PUSH_EVENTS.messageCreated, (payload) => {
      const message = parseMessage(record(payload)['message']);
      if (message) listener.messageCreated(message);
    });
    s.on(VISITOR_PUSH_EVENTS.resync, () => listener.resync());
    s.on(VISITOR_PUSH_EVENTS.conversationUpdated, (payload) => {
      const conversation = record(payload)['conversation'];
      if (isVisitorConversation(conversation)) listener.conversationUpdated(conversation);
    });
    s.on(VISITOR_PUSH_EVENTS.conversationSeen, (payload) => {
      const { conversationId: id, seq } = record(payload);
      if (typeof id === 'string' && typeof seq === 'number') listener.seen(id, seq);
    });
    s.on(VISITOR_PUSH_EVENTS.agentTyping, (payload) => {
      const { conversationId: id, name, typing } = record(payload);
      if (typeof id === 'string') listener.agentTyping(id, typeof name === 'string' ? name : '', typing !== false);
    });
    s.on(VISITOR_PUSH_EVENTS.queuePosition, (payload) => {
      const { conversationId: id, position } = record(payload);
      if (typeof id === 'string' && (position === null || typeof position === 'number')) listener.queue(id, position);
    });
    s.on(VISITOR_PUSH_EVENTS.deskConfig, (payload) => {
      const desk = record(payload)['desk'];
      if (isDeskConfig(desk)) listener.deskConfig(desk);
    });
    s.on(VISITOR_PUSH_EVENTS.deskAvailability, (payload) => {
      const availability = availabilityOf(record(payload)['availability']);
      if (availability) listener.availability(availability);
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
      const { seenSeq } = answer;
      return {
        ok: true,
        conversation,
        messages: messagesOf(answer['messages']),
        seenSeq: typeof seenSeq === 'number' ? seenSeq : 0,
        availability: availabilityOf(answer['availability']),
        ...factsOf(answer),
      };
    },
    async send(clientMsgId, text, attachmentIds, newConversation, teamId): Promise<SendAnswer> {
      // attachmentIds only when there are some, so a text message looks exactly as it did before attachments.
      const payload: SendPayload = { clientMsgId, text };
      if (attachmentIds.length) payload.attachmentIds = [...attachmentIds];
      if (newConversation) payload.newConversation = true;
      if (teamId) payload.teamId = teamId;
      const answer: unknown = await live().emitWithAck(VISITOR_EVENTS.send, payload);
      if (!isOk(answer)) return failureOf(answer);
      const message = parseMessage(answer['message']);
      const conversation = answer['conversation'];
      if (!message || !isVisitorConversation(conversation)) return malformed();
      return { ok: true, message, conversation };
    },
    async profile(answers): Promise<ProfileAnswer> {
      const answer: unknown = await live().emitWithAck(VISITOR_EVENTS.profile, answers);
      return isOk(answer) ? { ok: true, ...factsOf(answer) } : failureOf(answer);
    },
    async sync(conversationId, afterSeq): Promise<SyncAnswer> {
      const answer: unknown = await live().emitWithAck(VISITOR_EVENTS.sync, { conversationId, afterSeq });
      if (!isOk(answer)) return failureOf(answer);
      return { ok: true, messages: messagesOf(answer['messages']) };
    },
    async list(cursor): Promise<ListAnswer> {
      const answer: unknown = await live().emitWithAck(VISITOR_EVENTS.conversations, cursor ? { cursor } : {});
      if (!isOk(answer)) return failureOf(answer);
      const next = answer['nextCursor'];
      return { ok: true, conversations: summariesOf(answer['conversations']), nextCursor: typeof next === 'string' ? next : null };
    },
    typing(conversationId, typing, preview) {
      // an absent preview is left out of the JSON: no text goes unless the desk shows it
      if (socket?.connected) socket.emit(VISITOR_EVENTS.typing, { conversationId, typing, preview });
    },
    connected: () => socket?.connected === true,
    reconnectNow() {
      if (!socket || socket.connected) return;
      socket.disconnect();
      socket.connect();
    },
    close() {
      socket?.disconnect();
      socket = null;
    },
  };
};

const availabilityOf = (value: unknown): DeskAvailability | null =>
  value === 'online' || value === 'away' || value === 'offline' ? value : null;

const factsOf = (answer: Record<string, unknown>): VisitorFacts => ({
  emailKnown: answer['emailKnown'] === true,
  preChatDone: answer['preChatDone'] === true,
});

function record(payload: unknown): Record<string, unknown> {
  return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
}
