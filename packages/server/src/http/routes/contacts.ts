import { ContactMergeBody, ContactPatch, ContactSearchQuery, Id } from '@parley/protocol';
import { Router } from 'express';
import { contactWithHistory, updateContactByAgent } from '../../services/contacts.ts';
import { mergeContact, searchContacts } from '../../services/contact-merge.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { currentAgent, requireAgent, requireCsrfHeader } from '../agent-auth.ts';
import { route, validate } from '../respond.ts';

/** A customer: what the desk knows of them and their tickets; agents correct and complete it. */
export function contactRoutes(deps: ServiceDeps): Router {
  const r = Router();
  r.use(requireAgent(deps), requireCsrfHeader);
  r.get(
    '/',
    route(async (req) => {
      const agent = currentAgent(req);
      // Each search is a scan of the desk's contacts: it spends the agent's request budget (the socket events' one).
      await deps.limits.consume('agentEventsPerAgent', agent.id);
      const q = validate(ContactSearchQuery, req.query);
      return { contacts: await searchContacts(deps, agent, q.search, q.limit) };
    }),
  );
  r.post(
    '/:id/merge',
    route(async (req) => {
      const agent = currentAgent(req);
      await deps.limits.consume('agentEventsPerAgent', agent.id);
      const { targetId } = validate(ContactMergeBody, req.body);
      return mergeContact(deps, agent, validate(Id, req.params['id']), targetId);
    }),
  );
  r.get(
    '/:id',
    route(async (req) => contactWithHistory(deps, currentAgent(req), validate(Id, req.params['id']))),
  );
  r.patch(
    '/:id',
    route(async (req) => ({ contact: await updateContactByAgent(deps, currentAgent(req), validate(Id, req.params['id']), validate(ContactPatch, req.body)) })),
  );
  return r;
}
