import {
  NAMESPACES,
  SERVER_EVENTS,
  VISITOR_EVENTS,
  VisitorConversations,
  VisitorProfile,
  VisitorResume,
  type DeskAvailability,
  VisitorSend,
  VisitorSync,
  VisitorTyping,
} from '@parley/protocol';
import type { Server, Socket } from 'socket.io';
import type { Logger } from '../../lib/logger.ts';
import type { InFlight } from '../../realtime/in-flight.ts';
import { rooms } from '../../realtime/rooms.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { authenticateVisitor } from '../../services/visitors.ts';
import { postVisitorMessage, resumeVisitor, syncVisitor } from '../../services/visitor-messages.ts';
import { deviceOf } from '../../services/contacts.ts';
import { saveVisitorProfile } from '../../services/visitor-profile.ts';
import type { ContactRecord } from '../../store/types.ts';
import { clientAddress, type TrustProxy } from '../../security/request-identity.ts';
import { embedderOriginAllowed, visitorOriginAllowed, type OriginPolicy } from '../../security/origin-check.ts';
import { ConnectionCaps, SOCKET_CAPS } from '../../realtime/connection-caps.ts';
import type { LimitName } from '../../security/rate-limits.ts';
import { listVisitorConversations } from '../../services/visitor-conversations.ts';
import { AppError } from '../../lib/app-error.ts';
import { TypingThrottle, typingPreview } from '../../realtime/typing.ts';
import { handle } from './handle.ts';

interface VisitorData {
  contact: ContactRecord;
  /** The client's address (TRUST_PROXY applied), the key of its per-address budgets. */
  address: string;
}

/** /visitor: the widget's channel. The token in the handshake decides who the socket is; the server joins its rooms. */
export function wireVisitorNamespace(
  io: Server,
  deps: ServiceDeps,
  ctx: {
    log: Logger;
    inFlight: InFlight;
    origins: OriginPolicy;
    trustProxy: TrustProxy;
    /** Whether an agent would answer now. */
    availability: () => DeskAvailability;
  },
): void {
  const nsp = io.of(NAMESPACES.visitor);
  const perVisitor = new ConnectionCaps(SOCKET_CAPS.perVisitor);
  const perAddress = new ConnectionCaps(SOCKET_CAPS.perAddress);
  nsp.use((socket, next) => {
    if (!embedderOriginAllowed(socket.request, ctx.origins)) return next(new Error('forbidden'));
    const address = clientAddress(socket.request, ctx.trustProxy);
    if (!perAddress.take(address)) return next(new Error('rate_limited'));
    const refuse = (reason: string) => {
      perAddress.release(address);
      next(new Error(reason));
    };
    const token: unknown = socket.handshake.auth?.token;
    if (typeof token !== 'string' || token.length > 128) return refuse('unauthorized');
    authenticateVisitor(deps, token).then(
      (contact) => {
        if (!contact) return refuse('unauthorized');
        if (!perVisitor.take(contact.id)) return refuse('rate_limited');
        socket.once('disconnect', () => {
          perVisitor.release(contact.id);
          perAddress.release(address);
        });
        (socket.data as VisitorData) = { contact, address };
        next();
      },
      () => refuse('unavailable'),
    );
  });
  const agents = io.of(NAMESPACES.agent);
  // Page tracking (POST /api/v1/widget/context): the agents who have the visitor's open ticket see it live.
  deps.bus.on('contact.visit', ({ contactId, visit, conversationId }) => {
    if (conversationId) agents.to(rooms.ticket(conversationId)).emit(SERVER_EVENTS.contactVisit, { contactId, visit });
  });
  deps.bus.on('contact.updated', ({ contact, conversationId }) => {
    agents.to(rooms.ticket(conversationId)).emit(SERVER_EVENTS.contactUpdated, { contact });
  });
  deps.bus.on('contact.named', ({ deskId, contact }) => {
    agents.to(rooms.desk(deskId)).emit(SERVER_EVENTS.contactNamed, { contact });
  });
  const typingThrottle = new TypingThrottle();
  nsp.on('connection', (socket: Socket) => {
    const { contact, address } = socket.data as VisitorData;
    let typingIn: string | null = null; // the conversation this socket last said it was typing in
    void socket.join(rooms.visitor(contact.id));
    // A page of the embedding site (not the chat frame, nor a site allowed to start sessions) only listens: what the
    // REST API lets that origin do is read the unread count, not write.
    if (!visitorOriginAllowed(socket.request, ctx.origins)) return;
    const reads: Array<readonly [LimitName, string]> = [
      ['visitorReadsPerVisitor', contact.id],
      ['visitorReadsPerIp', address],
    ];
    handle(socket, VISITOR_EVENTS.resume, VisitorResume, ctx, async (input) => {
      await deps.limits.consumeAll(reads);
      const answer = await resumeVisitor(deps, contact, input.afterSeq ?? 0, deviceOf(socket.handshake.headers));
      return { ...answer, availability: ctx.availability() };
    });
    handle(socket, VISITOR_EVENTS.profile, VisitorProfile, ctx, (input) => saveVisitorProfile(deps, contact, input, address));
    handle(socket, VISITOR_EVENTS.send, VisitorSend, ctx, (input) => postVisitorMessage(deps, contact, input, address, socket.id));
    handle(socket, VISITOR_EVENTS.sync, VisitorSync, ctx, async (input) => {
      await deps.limits.consumeAll(reads);
      return { messages: await syncVisitor(deps, contact, input.conversationId, input.afterSeq) };
    });
    handle(socket, VISITOR_EVENTS.conversations, VisitorConversations, ctx, async (input) => {
      await deps.limits.consumeAll(reads);
      return listVisitorConversations(deps, contact, input);
    });
    // Relayed to the agents who have the ticket open (never to visitors); never stored, never logged. Someone else's
    // conversation is not_found. The draft's preview only while the desk shows it (typingPreview), cut to size.
    handle(socket, VISITOR_EVENTS.typing, VisitorTyping, ctx, async ({ conversationId, typing, preview }) => {
      await deps.limits.consume('typingPerVisitor', contact.id);
      const shown = typing && preview !== undefined && deps.desk.current.settings.widget.typingPreview ? typingPreview(preview) : undefined;
      if (!typingThrottle.allow(`${socket.id}:${conversationId}`, typing, shown !== undefined)) return {};
      const conversation = await deps.store.getConversation(conversationId);
      if (!conversation || conversation.contactId !== contact.id) throw new AppError('not_found', 'No such conversation');
      typingIn = typing ? conversationId : null;
      agents.to(rooms.ticket(conversationId)).emit(SERVER_EVENTS.visitorTyping, shown === undefined ? { conversationId, typing } : { conversationId, typing, preview: shown });
      return {};
    });
    socket.once('disconnect', () => {
      if (typingIn) agents.to(rooms.ticket(typingIn)).emit(SERVER_EVENTS.visitorTyping, { conversationId: typingIn, typing: false });
    });
  });
}
