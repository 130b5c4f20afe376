import { ConversationListQuery, Id, ReplyBody } from '@parley/protocol';
import { Router } from 'express';
import { postAgentMessage } from '../../services/agent-messages.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { listRequestOfQuery, listTickets } from '../../services/ticket-list.ts';
import { getTicket } from '../../services/tickets.ts';
import { currentAgent, requireAgent, requireCsrfHeader } from '../agent-auth.ts';
import { route, validate } from '../respond.ts';

export function conversationRoutes(deps: ServiceDeps): Router {
  const r = Router();
  r.use(requireAgent(deps), requireCsrfHeader);
  r.get(
    '/',
    route(async (req) => {
      const agent = currentAgent(req);
      await deps.limits.consume('agentEventsPerAgent', agent.id);
      const q = validate(ConversationListQuery, req.query);
      return listTickets(deps, agent, listRequestOfQuery(q));
    }),
  );
  r.get(
    '/:id',
    route(async (req) => getTicket(deps, currentAgent(req), validate(Id, req.params.id))),
  );
  r.post(
    '/:id/messages',
    route(async (req, res) => {
      const conversationId = validate(Id, req.params.id);
      const body = validate(ReplyBody, req.body);
      const result = await postAgentMessage(deps, currentAgent(req), { ...body, conversationId });
      res.status(201);
      return result;
    }),
  );
  return r;
}
