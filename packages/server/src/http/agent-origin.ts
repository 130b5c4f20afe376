import type { RequestHandler } from 'express';
import { AppError } from '../lib/app-error.ts';
import { agentOriginAllowed, type OriginPolicy } from '../security/origin-check.ts';

/** The agent's REST surface answers pages of Parley's own origin only (see agentOriginAllowed). */
export function requireAgentOrigin(policy: OriginPolicy): RequestHandler {
  return (req, _res, next) => {
    if (agentOriginAllowed(req, policy)) return next();
    next(new AppError('forbidden', 'This origin may not use the agent API'));
  };
}
