import { NAMESPACES, VISITOR_EVENTS, VisitorResume, VisitorSend, VisitorSync } from '@parley/protocol';
import type { Server, Socket } from 'socket.io';
import type { Logger } from '../../lib/logger.ts';
import type { InFlight } from '../../realtime/in-flight.ts';
import { rooms } from '../../realtime/rooms.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { authenticateVisitor } from '../../services/visitors.ts';
import { postVisitorMessage, resumeVisitor, syncVisitor } from '../../services/visitor-messages.ts';
import type { ContactRecord } from '../../store/types.ts';
import { clientAddress, type TrustProxy } from '../../security/request-identity.ts';
import { handle } from './handle.ts';

interface VisitorData {
  contact: ContactRecord;
}

/** /visitor: the widget's channel. The token in the handshake decides who the socket is; the server joins its rooms. */
export function wireVisitorNamespace(io: Server, deps: ServiceDeps, ctx: { log: Logger; inFlight: InFlight; trustProxy: TrustProxy }): void {
  const nsp = io.of(NAMESPACES.visitor);
  nsp.use((socket, next) => {
    const token: unknown = socket.handshake.auth?.token;
    if (typeof token !== 'string' || token.length > 128) return next(new Error('unauthorized'));
    authenticateVisitor(deps, token).then(
      (contact) => {
        if (!contact) return next(new Error('unauthorized'));
        (socket.data as VisitorData).contact = contact;
        next();
      },
      () => next(new Error('unavailable')),
    );
  });
  nsp.on('connection', (socket: Socket) => {
    const { contact } = socket.data as VisitorData;
    void socket.join(rooms.visitor(contact.id));
    handle(socket, VISITOR_EVENTS.resume, VisitorResume, ctx, (input) => resumeVisitor(deps, contact, input.afterSeq ?? 0));
    const address = clientAddress(socket.request, ctx.trustProxy);
    handle(socket, VISITOR_EVENTS.send, VisitorSend, ctx, (input) => postVisitorMessage(deps, contact, input, address, socket.id));
    handle(socket, VISITOR_EVENTS.sync, VisitorSync, ctx, async (input) => ({
      messages: await syncVisitor(deps, contact, input.conversationId, input.afterSeq),
    }));
  });
}
