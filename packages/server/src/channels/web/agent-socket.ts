import {
  AGENT_EVENTS,
  AgentClose,
  AgentDraftSave,
  AgentDrafts,
  AgentList,
  AgentOpen,
  AgentPresenceInput,
  AgentRead,
  AgentReads,
  AgentPresenceSnapshot,
  AgentSend,
  AgentSync,
  AgentUpdate,
  AgentTransfer,
  AgentEscalate,
  NAMESPACES,
  SERVER_EVENTS,
} from '@parley/protocol';
import { parse as parseCookie } from 'cookie';
import type { Server, Socket } from 'socket.io';
import { hashSecret } from '../../lib/ids.ts';
import type { Logger } from '../../lib/logger.ts';
import type { InFlight } from '../../realtime/in-flight.ts';
import { rooms } from '../../realtime/rooms.ts';
import { liveSession } from '../../services/agent-auth.ts';
import { postAgentMessage } from '../../services/agent-messages.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { listTickets } from '../../services/ticket-list.ts';
import { getTicket, syncTicket, updateTicket } from '../../services/tickets.ts';
import { escalateConversation, transferConversation } from '../../services/handoff.ts';
import { SESSION_COOKIE } from '../../http/session-cookie.ts';
import { agentOriginAllowed, type OriginPolicy } from '../../security/origin-check.ts';
import { ConnectionCaps, SOCKET_CAPS } from '../../realtime/connection-caps.ts';
import type { PresenceService } from '../../realtime/presence/presence-service.ts';
import { listDrafts, saveDraft } from '../../services/drafts.ts';
import { markRead, readMarks } from '../../services/reads.ts';
import { deskPresence, reportPresence } from '../../services/presence.ts';
import { TypingThrottle } from '../../realtime/typing.ts';
import { socketAgent, type AgentData } from './agent-refresh.ts';
import { handle } from './handle.ts';
import { watchSession } from './session-watch.ts';

/** /agent: the inbox's channel, authenticated by the session cookie sent with the handshake. */
export function wireAgentNamespace(
  io: Server,
  deps: ServiceDeps,
  shared: { log: Logger; inFlight: InFlight; origins: OriginPolicy; presence: PresenceService },
): void {
  const nsp = io.of(NAMESPACES.agent);
  const perAgent = new ConnectionCaps(SOCKET_CAPS.perAgent);
  nsp.use((socket, next) => {
    if (!agentOriginAllowed(socket.request, shared.origins)) return next(new Error('forbidden'));
    const token = parseCookie(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
    if (!token) return next(new Error('unauthorized'));
    liveSession(deps, token).then(
      (session) => {
        if (!session) return next(new Error('unauthorized'));
        const { agent } = session;
        if (!perAgent.take(agent.id)) return next(new Error('rate_limited'));
        socket.once('disconnect', () => perAgent.release(agent.id));
        watchSession(socket, deps, token, session.expiresAt);
        (socket.data as AgentData).agent = agent;
        void socket.join([rooms.desk(agent.deskId), rooms.agent(agent.id), rooms.session(hashSecret(token))]);
        next();
      },
      () => next(new Error('unavailable')),
    );
  });
  const visitors = io.of(NAMESPACES.visitor);
  const typingThrottle = new TypingThrottle();
  nsp.on('connection', (socket: Socket) => {
    // The account as it is now (a rename reaches open sockets: agent-refresh.ts); its id and desk never change.
    const me = () => socketAgent(socket.data);
    const { id: agentId, deskId } = me();
    // The visitor's "Mina is typing…" follows this tab's composing presence of a reply (never a note): relayed while
    // it lasts (throttled), and a stop when it ends, the tab leaves the ticket or disconnects.
    const typingTo = new Map<string, string>(); // conversationId → the visitor's contact id, while composing a reply
    const tellTyping = (conversationId: string, contactId: string, typing: boolean) => {
      if (!typingThrottle.allow(`${socket.id}:${conversationId}`, typing)) return;
      visitors.to(rooms.visitor(contactId)).emit(SERVER_EVENTS.agentTyping, { conversationId, name: me().name, typing });
    };
    const ctx = { ...shared, gate: () => deps.limits.consume('agentEventsPerAgent', agentId) };
    handle(socket, AGENT_EVENTS.list, AgentList, ctx, (input) => listTickets(deps, me(), input));
    handle(socket, AGENT_EVENTS.open, AgentOpen, ctx, async ({ conversationId }) => {
      const ticket = await getTicket(deps, me(), conversationId);
      await socket.join(rooms.ticket(conversationId));
      return ticket;
    });
    handle(socket, AGENT_EVENTS.close, AgentClose, ctx, async ({ conversationId }) => {
      await socket.leave(rooms.ticket(conversationId));
      return {};
    });
    handle(socket, AGENT_EVENTS.send, AgentSend, ctx, async (input) => {
      const result = await postAgentMessage(deps, me(), input, socket.id);
      await socket.join(rooms.ticket(input.conversationId));
      return result;
    });
    handle(socket, AGENT_EVENTS.draftSave, AgentDraftSave, ctx, (input) => saveDraft(deps, me(), input));
    handle(socket, AGENT_EVENTS.drafts, AgentDrafts, ctx, async (input) => ({ drafts: await listDrafts(deps, me(), input.conversationId) }));
    handle(socket, AGENT_EVENTS.sync, AgentSync, ctx, async ({ conversationId, afterSeq }) => ({
      messages: await syncTicket(deps, me(), conversationId, afterSeq),
    }));
    handle(socket, AGENT_EVENTS.update, AgentUpdate, ctx, async (input) => ({
      conversation: await updateTicket(deps, me(), input, socket.id),
    }));
    handle(socket, AGENT_EVENTS.transfer, AgentTransfer, ctx, async (input) => ({
      conversation: await transferConversation(deps, me(), input, socket.id),
    }));
    handle(socket, AGENT_EVENTS.escalate, AgentEscalate, ctx, async (input) => ({
      conversation: await escalateConversation(deps, me(), input, socket.id),
    }));
    handle(socket, AGENT_EVENTS.read, AgentRead, ctx, async (input) => {
      const seen = await markRead(deps, me(), input.conversationId, input.seq);
      if (seen) visitors.to(rooms.visitor(seen.contactId)).emit(SERVER_EVENTS.conversationSeen, { conversationId: seen.conversationId, seq: seen.seq });
      return {};
    });
    handle(socket, AGENT_EVENTS.reads, AgentReads, ctx, async (input) => ({ reads: await readMarks(deps, me(), input.conversationIds) }));
    handle(socket, AGENT_EVENTS.presence, AgentPresenceInput, ctx, async (input) => {
      const ticket = await reportPresence(deps, shared.presence, me(), socket.id, input);
      const replying = input.state !== 'left' && input.composing === 'reply' && ticket.channel === 'web';
      if (replying) {
        typingTo.set(input.conversationId, ticket.contactId);
        tellTyping(input.conversationId, ticket.contactId, true);
      } else if (typingTo.delete(input.conversationId)) {
        tellTyping(input.conversationId, ticket.contactId, false);
      }
      return {};
    });
    handle(socket, AGENT_EVENTS.presenceSnapshot, AgentPresenceSnapshot, ctx, async () => ({
      tickets: await deskPresence(shared.presence, me()),
    }));
    shared.presence.watch(deskId);
    socket.once('disconnect', () => {
      for (const [conversationId, contactId] of typingTo) tellTyping(conversationId, contactId, false);
      void shared.presence.disconnected(socket.id);
      deps.bus.emit('agent.connection', { deskId, agentId });
    });
    deps.bus.emit('agent.connection', { deskId, agentId });
  });
}
