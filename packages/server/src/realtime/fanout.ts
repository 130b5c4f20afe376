import { NAMESPACES, SERVER_EVENTS } from '@parley/protocol';
import type { Server } from 'socket.io';
import type { Bus } from '../services/bus.ts';
import { toVisitorConversation, visibleToVisitor } from '../services/views.ts';
import { rooms } from './rooms.ts';

/** Bus → sockets. With the Redis adapter, these room emits reach sockets on every node. */
export function wireFanout(io: Server, bus: Bus): () => void {
  const agents = io.of(NAMESPACES.agent);
  const visitors = io.of(NAMESPACES.visitor);
  const offs = [
    bus.on('message.created', ({ message, conversation }) => {
      agents.to(rooms.ticket(conversation.id)).emit(SERVER_EVENTS.messageCreated, { message });
      if (visibleToVisitor(message)) visitors.to(rooms.visitor(conversation.contactId)).emit(SERVER_EVENTS.messageCreated, { message });
      agents.to(rooms.desk(conversation.deskId)).emit(SERVER_EVENTS.conversationUpdated, { conversation });
    }),
    bus.on('conversation.created', ({ conversation }) => {
      agents.to(rooms.desk(conversation.deskId)).emit(SERVER_EVENTS.conversationCreated, { conversation });
    }),
    bus.on('conversation.updated', ({ conversation }) => {
      agents.to(rooms.desk(conversation.deskId)).emit(SERVER_EVENTS.conversationUpdated, { conversation });
      visitors.to(rooms.visitor(conversation.contactId)).emit(SERVER_EVENTS.conversationUpdated, { conversation: toVisitorConversation(conversation) });
    }),
    bus.on('session.revoked', ({ tokenHash }) => {
      agents.to(rooms.session(tokenHash)).emit(SERVER_EVENTS.sessionRevoked, {});
      agents.in(rooms.session(tokenHash)).disconnectSockets(true);
    }),
  ];
  return () => offs.forEach((off) => off());
}
