import { Router } from 'express';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/deps.ts';
import { recentMentions } from '../../services/mentions.ts';
import { currentAgent, requireAgent, requireCsrfHeader } from '../agent-auth.ts';
import { route, validate } from '../respond.ts';

const MentionsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(30) });

/** The signed-in agent's latest mentions in notes, newest first. */
export function mentionRoutes(deps: ServiceDeps): Router {
  const r = Router();
  r.use(requireAgent(deps), requireCsrfHeader);
  r.get(
    '/',
    route(async (req) => ({ mentions: await recentMentions(deps, currentAgent(req), validate(MentionsQuery, req.query).limit) })),
  );
  return r;
}
