import { Router } from 'express';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/deps.ts';
import { recentNotices } from '../../services/notices.ts';
import { currentAgent, requireAgent, requireCsrfHeader } from '../agent-auth.ts';
import { route, validate } from '../respond.ts';

const NoticesQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(30) });

/** Transfers to the signed-in agent (or their team) and escalations to urgent that concern them, newest first. */
export function noticeRoutes(deps: ServiceDeps): Router {
  const r = Router();
  r.use(requireAgent(deps), requireCsrfHeader);
  r.get(
    '/',
    route(async (req) => ({ notices: await recentNotices(deps, currentAgent(req), validate(NoticesQuery, req.query).limit) })),
  );
  return r;
}
