import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { parse as parseCookie } from 'cookie';
import { AppError } from '../lib/app-error.ts';
import { authenticateSession } from '../services/agent-auth.ts';
import type { ServiceDeps } from '../services/deps.ts';
import type { AgentRecord } from '../store/types.ts';
import { SESSION_COOKIE } from './session-cookie.ts';

const agents = new WeakMap<Request, { agent: AgentRecord; token: string }>();

export function sessionToken(req: Request): string | undefined {
  return parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE];
}

/** Requires a logged-in agent; state-changing calls must also carry the anti-CSRF header. */
export function requireAgent(deps: ServiceDeps): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const token = sessionToken(req);
    if (!token) return next(new AppError('unauthorized', 'Log in first'));
    authenticateSession(deps, token).then((agent) => {
      if (!agent) return next(new AppError('unauthorized', 'Your session has ended; log in again'));
      agents.set(req, { agent, token });
      next();
    }, next);
  };
}

export function currentAgent(req: Request): AgentRecord {
  const found = agents.get(req);
  if (!found) throw new AppError('unauthorized', 'Log in first');
  return found.agent;
}

/**
 * Cookie-authenticated writes must send `X-Parley-CSRF: 1`. Browsers only send custom headers cross-site after a
 * CORS preflight, which this server never grants, so a forged form or fetch from another site cannot pass.
 */
export const requireCsrfHeader: RequestHandler = (req, _res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  if (req.get('x-parley-csrf') !== '1') return next(new AppError('forbidden', 'Missing X-Parley-CSRF header'));
  next();
};
