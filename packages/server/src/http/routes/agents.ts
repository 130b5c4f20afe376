import { AgentAdminPatch, Id, NewAgentBody, PasswordResetBody } from '@parley/protocol';
import { Router } from 'express';
import { createAgent, listAgents, resetAgentPassword, updateAgentAsAdmin } from '../../services/agents.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { currentAgent, requireAgent, requireCsrfHeader } from '../agent-auth.ts';
import { route, validate } from '../respond.ts';

export function agentRoutes(deps: ServiceDeps): Router {
  const r = Router();
  r.use(requireAgent(deps), requireCsrfHeader);
  r.get(
    '/',
    route(async (req) => ({ agents: await listAgents(deps, currentAgent(req)) })),
  );
  r.post(
    '/',
    route(async (req, res) => {
      const agent = await createAgent(deps, currentAgent(req), validate(NewAgentBody, req.body));
      res.status(201);
      return { agent };
    }),
  );
  r.patch(
    '/:id',
    route(async (req) => {
      const id = validate(Id, req.params['id']);
      return { agent: await updateAgentAsAdmin(deps, currentAgent(req), id, validate(AgentAdminPatch, req.body)) };
    }),
  );
  r.post(
    '/:id/password',
    route(async (req) => {
      const id = validate(Id, req.params['id']);
      await resetAgentPassword(deps, currentAgent(req), id, validate(PasswordResetBody, req.body).newPassword);
      return {};
    }),
  );
  return r;
}
