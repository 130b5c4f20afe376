import { NAMESPACES, SERVER_EVENTS, type Conversation } from '@parley/protocol';
import type { Namespace, Server } from 'socket.io';
import type { Delivery, Origin, Outbox } from '../events/outbox.ts';
import type { Bus } from '../services/bus.ts';
import { toActivity } from '../services/activity.ts';
import { toMention } from '../services/mentions.ts';
import { toNotice } from '../services/handoff.ts';
import { toMergeActivity } from '../services/contact-merge.ts';
import { toVisitorConversation, toVisitorMessage, visibleToVisitor } from '../services/views.ts';
import { Coalescer } from './coalesce.ts';
import { rooms } from './rooms.ts';

/** Desk-wide list updates: one frame per desk per window, each ticket once in it with its newest state. */
export const LIST_UPDATE_WINDOW_MS = 100;

/**
 * Events → sockets. With the Redis adapter (`clustered`), these room emits reach sockets on every node. The connection
 * that caused a change (`origin`) gets its acknowledgement, not an echo.
 */
export function wireFanout(io: Server, outbox: Outbox, bus: Bus, clustered: boolean): () => void {
  const agents = io.of(NAMESPACES.agent);
  const visitors = io.of(NAMESPACES.visitor);
  /**
   * Whether a message emitted to `room` reaches anyone: Socket.IO encodes a packet before it looks for its sockets,
   * and most messages have nobody else to go to (no agent has the ticket open, the visitor has one tab). Only this
   * node's rooms are known here: clustered, every emit goes out.
   */
  const reaches = (ns: Namespace, room: string, origin: Origin): boolean => {
    if (clustered) return true;
    const members = ns.adapter.rooms.get(room);
    return members !== undefined && (members.size > 1 || origin === undefined || !members.has(origin));
  };
  const listUpdates = new Coalescer<Conversation>(LIST_UPDATE_WINDOW_MS, (deskId, conversations) =>
    agents.to(rooms.desk(deskId)).emit(SERVER_EVENTS.conversationsUpdated, { conversations }),
  );
  const except = (origin: Origin) => (origin ? [origin] : []);

  const deliver = ({ event, ticket, message }: Delivery, origin: Origin) => {
    switch (event.type) {
      case 'conversation.created':
        agents.to(rooms.desk(ticket.deskId)).emit(SERVER_EVENTS.conversationCreated, { conversation: ticket });
        return;
      case 'message.created':
        if (!message) return;
        if (reaches(agents, rooms.ticket(ticket.id), origin)) {
          agents.to(rooms.ticket(ticket.id)).except(except(origin)).emit(SERVER_EVENTS.messageCreated, { message });
        }
        if (visibleToVisitor(message) && reaches(visitors, rooms.visitor(ticket.contactId), origin)) {
          visitors.to(rooms.visitor(ticket.contactId)).except(except(origin)).emit(SERVER_EVENTS.messageCreated, { message: toVisitorMessage(message) });
        }
        listUpdates.push(ticket.deskId, ticket.id, ticket);
        return;
      case 'note.mentioned':
        agents.to(rooms.agent(event.data.agentId)).emit(SERVER_EVENTS.mention, { mention: toMention(event, ticket) });
        return;
      case 'ticket.transferred':
      case 'ticket.escalated':
        for (const agentId of event.data.recipients) agents.to(rooms.agent(agentId)).emit(SERVER_EVENTS.ticketNotice, { notice: toNotice(event, ticket) });
        return;
      case 'contact.merged':
        // Published once per moved ticket: its list row has a new contact, its timeline a line.
        listUpdates.push(ticket.deskId, ticket.id, ticket);
        agents.to(rooms.ticket(ticket.id)).emit(SERVER_EVENTS.ticketActivity, { activity: toMergeActivity(event, ticket.id) });
        return;
      case 'ticket.updated':
        listUpdates.push(ticket.deskId, ticket.id, ticket);
        agents.to(rooms.ticket(ticket.id)).emit(SERVER_EVENTS.ticketActivity, { activity: toActivity(event) });
        visitors.to(rooms.visitor(ticket.contactId)).emit(SERVER_EVENTS.conversationUpdated, { conversation: toVisitorConversation(ticket) });
        return;
      default:
        return;
    }
  };
  const offs = [
    outbox.subscribe(deliver),
    bus.on('session.revoked', ({ tokenHash }) => {
      agents.to(rooms.session(tokenHash)).emit(SERVER_EVENTS.sessionRevoked, {});
      agents.in(rooms.session(tokenHash)).disconnectSockets(true);
    }),
    bus.on('agent.sessions_revoked', ({ agentId }) => {
      agents.to(rooms.agent(agentId)).emit(SERVER_EVENTS.sessionRevoked, {});
      agents.in(rooms.agent(agentId)).disconnectSockets(true);
    }),
  ];
  return () => {
    listUpdates.flush();
    offs.forEach((off) => off());
  };
}
