import { pipeline } from 'node:stream/promises';
import { AttachmentName, Id } from '@parley/protocol';
import { Router, type ErrorRequestHandler, type Request } from 'express';
import { AppError } from '../../lib/app-error.ts';
import { authenticateSession } from '../../services/agent-auth.ts';
import { openAttachment, uploadAttachment, type Uploader } from '../../services/attachments.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { authenticateVisitor } from '../../services/visitors.ts';
import { agentOriginAllowed, visitorOriginAllowed, type OriginPolicy } from '../../security/origin-check.ts';
import { sessionToken } from '../agent-auth.ts';
import { route, validate } from '../respond.ts';
import { sendContinue } from '../expect-continue.ts';
import { bodyStream, settleUnreadBody } from '../upload-body.ts';

/** A visitor (`Authorization: Bearer <visitor token>`) or an agent (session cookie + anti-CSRF header). */
async function uploaderOf(deps: ServiceDeps, req: Request): Promise<Uploader> {
  const bearer = /^Bearer ([A-Za-z0-9_-]{1,128})$/.exec(req.get('authorization') ?? '')?.[1];
  if (bearer) {
    const contact = await authenticateVisitor(deps, bearer);
    if (!contact) throw new AppError('unauthorized', 'Unknown visitor token');
    return { type: 'visitor', id: contact.id, deskId: contact.deskId };
  }
  const token = sessionToken(req);
  const agent = token ? await authenticateSession(deps, token) : null;
  if (!agent) throw new AppError('unauthorized', 'Log in first');
  if (req.get('x-parley-csrf') !== '1') throw new AppError('forbidden', 'Missing X-Parley-CSRF header');
  return { type: 'agent', id: agent.id, deskId: agent.deskId };
}

function filenameFrom(req: Request): string {
  const raw = req.get('x-filename');
  if (!raw) throw new AppError('invalid_input', 'X-Filename: header is required (URI-encoded file name)');
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new AppError('invalid_input', 'X-Filename: must be URI-encoded');
  }
  return validate(AttachmentName, decoded);
}

/** RFC 6266: an ASCII fallback plus the exact UTF-8 name. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Only identity bodies: a compressed one would inflate past every cap before anything could count it. */
function refuseCompressed(req: Request): void {
  const encoding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') throw new AppError('unsupported_encoding', 'Content-Encoding: uploads are sent uncompressed');
}

function declaredLength(req: Request): number | undefined {
  const raw = req.get('content-length');
  return raw === undefined ? undefined : Number(raw); // Node has already refused a malformed one
}

export function attachmentRoutes(deps: ServiceDeps, origins: OriginPolicy): Router {
  const r = Router();
  // No body parser: who is uploading, from where and how much is decided from the headers alone, then the body
  // streams to storage under the size cap.
  r.post(
    '/',
    route(async (req, res) => {
      const uploader = await uploaderOf(deps, req);
      const allowed = uploader.type === 'agent' ? agentOriginAllowed(req, origins) : visitorOriginAllowed(req, origins);
      if (!allowed) throw new AppError('forbidden', 'This origin may not upload');
      res.locals.authenticated = true;
      refuseCompressed(req);
      const attachment = await uploadAttachment(deps, {
        uploader,
        name: filenameFrom(req),
        ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
        declaredBytes: declaredLength(req),
        body: bodyStream(req),
        // Headers and budgets accepted: a client waiting on `Expect: 100-continue` may send the body now.
        accepted: () => sendContinue(req, res),
      });
      res.status(201);
      return { attachment };
    }),
  );
  r.use('/', ((err, req, res, next) => {
    if (req.method === 'POST') settleUnreadBody(req, res, res.locals.authenticated === true);
    next(err);
  }) satisfies ErrorRequestHandler);
  // The id is a 126-bit random capability that only readers of the message learn; the name is cosmetic.
  r.get('/:id{/:name}', (req, res, next) => {
    const id = validate(Id, req.params.id);
    openAttachment(deps, id).then(({ record, data }) => {
      res.set({
        'Content-Type': record.contentType,
        'Content-Length': String(record.size),
        // Never rendered as a page: downloaded, sniffing off, sandboxed even if opened directly.
        'Content-Disposition': contentDisposition(record.name),
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cross-Origin-Resource-Policy': 'same-origin',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'private, max-age=86400, immutable',
      });
      // Streamed: a storage failure half-way cuts the connection (the client sees a short body, never a wrong one).
      pipeline(data, res).catch((err: unknown) => {
        const clientLeft = (err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE';
        deps.log[clientLeft ? 'debug' : 'warn']({ err, attachment: id }, 'attachment download cut off');
      });
    }, next);
  });
  return r;
}
