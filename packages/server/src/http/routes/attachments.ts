import { AttachmentName, Id, MAX_ATTACHMENT_BYTES } from '@parley/protocol';
import express, { Router, type Request } from 'express';
import { AppError } from '../../lib/app-error.ts';
import { authenticateSession } from '../../services/agent-auth.ts';
import { downloadAttachment, uploadAttachment, type Uploader } from '../../services/attachments.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { authenticateVisitor } from '../../services/visitors.ts';
import { originAllowed } from '../../security/origin-check.ts';
import { sessionToken } from '../agent-auth.ts';
import { route, validate } from '../respond.ts';

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

export function attachmentRoutes(deps: ServiceDeps, allowedOrigins: readonly string[]): Router {
  const r = Router();
  r.post(
    '/',
    express.raw({ type: () => true, limit: MAX_ATTACHMENT_BYTES }),
    route(async (req, res) => {
      if (!originAllowed(req, allowedOrigins)) throw new AppError('forbidden', 'This origin may not upload');
      const uploader = await uploaderOf(deps, req);
      const name = filenameFrom(req);
      const body: unknown = req.body;
      const data = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
      const attachment = await uploadAttachment(deps, uploader, name, data);
      res.status(201);
      return { attachment };
    }),
  );
  // The id is a 126-bit random capability that only readers of the message learn; the name is cosmetic.
  r.get('/:id{/:name}', (req, res, next) => {
    const id = validate(Id, req.params.id);
    downloadAttachment(deps, id).then(({ record, data }) => {
      res.set({
        'Content-Type': record.contentType,
        'Content-Length': String(data.length),
        // Never rendered as a page: downloaded, sniffing off, sandboxed even if opened directly.
        'Content-Disposition': contentDisposition(record.name),
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cross-Origin-Resource-Policy': 'same-origin',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'private, max-age=86400, immutable',
      });
      res.end(data);
    }, next);
  });
  return r;
}
