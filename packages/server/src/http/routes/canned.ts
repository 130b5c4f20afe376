import { CannedBody, CannedPatch, Id } from '@parley/protocol';
import { Router } from 'express';
import { createCanned, deleteCanned, listCanned, updateCanned } from '../../services/canned.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { currentAgent, requireAgent, requireCsrfHeader } from '../agent-auth.ts';
import { route, validate } from '../respond.ts';

/** Canned responses: the desk's and the signed-in agent's own. */
export function cannedRoutes(deps: ServiceDeps): Router {
  const r = Router();
  r.use(requireAgent(deps), requireCsrfHeader);
  r.get(
    '/',
    route(async (req) => ({ canned: await listCanned(deps, currentAgent(req)) })),
  );
  r.post(
    '/',
    route(async (req, res) => {
      const canned = await createCanned(deps, currentAgent(req), validate(CannedBody, req.body));
      res.status(201);
      return { canned };
    }),
  );
  r.patch(
    '/:id',
    route(async (req) => ({ canned: await updateCanned(deps, currentAgent(req), validate(Id, req.params['id']), validate(CannedPatch, req.body)) })),
  );
  r.delete(
    '/:id',
    route(async (req) => {
      await deleteCanned(deps, currentAgent(req), validate(Id, req.params['id']));
      return {};
    }),
  );
  return r;
}
