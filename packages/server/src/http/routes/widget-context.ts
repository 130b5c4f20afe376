import { VisitorContext } from '@parley/protocol';
import { Router } from 'express';
import { AppError } from '../../lib/app-error.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { recordVisitorContext } from '../../services/visitor-context.ts';
import { authenticateVisitor } from '../../services/visitors.ts';
import type { OriginPolicy } from '../../security/origin-check.ts';
import { route, validate } from '../respond.ts';
import { allowEmbedder } from './widget-unread.ts';

/** How long a browser may reuse the answer to the preflight. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * `POST /api/v1/widget/context` with `Authorization: Bearer <visitor token>` and the body of `visitor:context`: page
 * tracking from the host page (the widget's host chunk), for a visitor who has a session, whether or not the chat is
 * open. CORS for the origins allowed to embed the widget; no cookies. Budgets: per IP before any lookup, then per
 * visitor (one write a second and a small burst, `visitPerVisitor`); a refusal's Retry-After is readable by the page
 * (exposed to CORS), so the widget waits it out and then sends the latest page.
 */
export function widgetContextRoutes(deps: ServiceDeps, origins: OriginPolicy): Router {
  const r = Router();
  r.options('/', (req, res, next) => {
    try {
      allowEmbedder(req, res, origins);
    } catch (err) {
      return next(err);
    }
    res.set({
      'Access-Control-Allow-Methods': 'POST',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
    });
    res.status(204).end();
  });
  r.post(
    '/',
    route(async (req, res) => {
      allowEmbedder(req, res, origins);
      res.set('Access-Control-Expose-Headers', 'Retry-After');
      const token = /^Bearer ([A-Za-z0-9_-]{1,128})$/.exec(req.get('authorization') ?? '')?.[1];
      if (!token) throw new AppError('unauthorized', 'Authorization: Bearer <visitor token> is required');
      await deps.limits.consume('visitPerIp', req.ip ?? 'unknown');
      const contact = await authenticateVisitor(deps, token);
      if (!contact) throw new AppError('unauthorized', 'Unknown visitor token');
      const input = validate(VisitorContext, req.body);
      await deps.limits.consume('visitPerVisitor', contact.id);
      await recordVisitorContext(deps, contact, input);
      return {};
    }),
  );
  return r;
}
