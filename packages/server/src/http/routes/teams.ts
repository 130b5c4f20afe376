import { Id, TeamBody, TeamPatch } from '@parley/protocol';
import { Router } from 'express';
import type { ServiceDeps } from '../../services/deps.ts';
import { createTeam, listTeams, updateTeam } from '../../services/teams.ts';
import { currentAgent, requireAgent, requireCsrfHeader } from '../agent-auth.ts';
import { route, validate } from '../respond.ts';

export function teamRoutes(deps: ServiceDeps): Router {
  const r = Router();
  r.use(requireAgent(deps), requireCsrfHeader);
  r.get(
    '/',
    route(async (req) => ({ teams: await listTeams(deps, currentAgent(req)) })),
  );
  r.post(
    '/',
    route(async (req, res) => {
      const team = await createTeam(deps, currentAgent(req), validate(TeamBody, req.body));
      res.status(201);
      return { team };
    }),
  );
  r.patch(
    '/:id',
    route(async (req) => ({ team: await updateTeam(deps, currentAgent(req), validate(Id, req.params['id']), validate(TeamPatch, req.body)) })),
  );
  return r;
}
