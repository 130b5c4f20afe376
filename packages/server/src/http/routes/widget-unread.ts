import { Id } from '@parley/protocol';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../lib/app-error.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { countUnreadReplies } from '../../services/visitor-unread.ts';
import { authenticateVisitor } from '../../services/visitors.ts';
import { embedderOriginAllowed, type OriginPolicy } from '../../security/origin-check.ts';
import { route, validate } from '../respond.ts';

const UnreadQuery = z
  .object({
    conversation: Id,
    after: z.string().regex(/^\d{1,15}$/, 'must be a seq (a whole number)').transform(Number),
  })
  .strict();

/** How long a browser may reuse the answer to the preflight of the loader's cross-origin request. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * The page that embeds the widget asks from its own origin (the loader's panel chunk, before the app is loaded):
 * CORS for the origins allowed to embed the widget. No cookies: the visitor token is the credential.
 */
export function allowEmbedder(req: Request, res: Response, origins: OriginPolicy): void {
  res.vary('Origin');
  const origin = req.get('origin');
  if (!embedderOriginAllowed(req, origins)) throw new AppError('forbidden', 'This origin may not embed the widget');
  if (origin) res.set('Access-Control-Allow-Origin', origin);
}

/** `OPTIONS /api/v1/widget/unread`: the preflight of the `Authorization` header. */
export function unreadPreflight(origins: OriginPolicy): RequestHandler {
  return (req, res, next) => {
    try {
      allowEmbedder(req, res, origins);
    } catch (err) {
      return next(err);
    }
    res.set({
      'Access-Control-Allow-Methods': 'GET',
      'Access-Control-Allow-Headers': 'Authorization',
      'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
    });
    res.status(204).end();
  };
}

/**
 * `GET /api/v1/widget/unread?conversation=<id>&after=<seq>` with `Authorization: Bearer <visitor token>`: the number
 * of agent replies after the visitor's seen mark, `{ ok: true, unread }`. Spends the visitor-read budgets per IP
 * (before any lookup) and per visitor, like the widget's history reads.
 */
export function unreadRoute(deps: ServiceDeps, origins: OriginPolicy): RequestHandler {
  return route(async (req, res) => {
    allowEmbedder(req, res, origins);
    const token = /^Bearer ([A-Za-z0-9_-]{1,128})$/.exec(req.get('authorization') ?? '')?.[1];
    if (!token) throw new AppError('unauthorized', 'Authorization: Bearer <visitor token> is required');
    await deps.limits.consume('visitorReadsPerIp', req.ip ?? 'unknown');
    const contact = await authenticateVisitor(deps, token);
    if (!contact) throw new AppError('unauthorized', 'Unknown visitor token');
    await deps.limits.consume('visitorReadsPerVisitor', contact.id);
    const { conversation, after } = validate(UnreadQuery, req.query);
    return { unread: await countUnreadReplies(deps, contact, conversation, after) };
  });
}
