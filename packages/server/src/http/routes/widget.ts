import { Id, WidgetSessionBody } from '@parley/protocol';
import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../lib/app-error.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { createVisitorSession } from '../../services/visitors.ts';
import { publicDeskConfig } from '../../services/desk-public.ts';
import { embedderOriginAllowed, visitorOriginAllowed, type OriginPolicy } from '../../security/origin-check.ts';
import { route, validate } from '../respond.ts';
import { unreadPreflight, unreadRoute } from './widget-unread.ts';
import { lookRoute } from './widget-look.ts';

const ConfigQuery = z.object({ desk: Id });

export function widgetRoutes(deps: ServiceDeps, origins: OriginPolicy): Router {
  const r = Router();
  r.post(
    '/sessions',
    route(async (req, res) => {
      if (!visitorOriginAllowed(req, origins)) throw new AppError('forbidden', 'This origin may not start widget sessions');
      const { desk, identity } = validate(WidgetSessionBody, req.body);
      const { token, contact } = await createVisitorSession(deps, desk, req.ip ?? 'unknown', identity, deps.desk.identitySecret());
      res.status(201);
      return { token, contactId: contact.id };
    }),
  );
  r.get(
    '/config',
    route(async (req, res) => {
      const { desk: deskId } = validate(ConfigQuery, req.query);
      if (deskId !== deps.desk.id) throw new AppError('not_found', `Unknown desk "${deskId}"`);
      // The loader on the embedding page reads it too (whether the desk plays the reply chime): CORS for the origins
      // allowed to embed the widget. Public facts only, no credentials.
      res.vary('Origin');
      const origin = req.get('origin');
      if (origin && embedderOriginAllowed(req, origins)) res.set('Access-Control-Allow-Origin', origin);
      return { desk: await publicDeskConfig(deps) };
    }),
  );
  r.get('/look', lookRoute(deps, origins));
  r.options('/unread', unreadPreflight(origins));
  r.get('/unread', unreadRoute(deps, origins));
  return r;
}
