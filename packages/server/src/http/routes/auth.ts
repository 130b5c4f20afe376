import { LoginBody, PasswordChangeBody, ProfilePatch } from '@parley/protocol';
import { Router } from 'express';
import { login, logout, toSelf } from '../../services/agent-auth.ts';
import { changeOwnPassword, updateOwnProfile } from '../../services/agents.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { currentAgent, requireAgent, requireCsrfHeader, sessionToken } from '../agent-auth.ts';
import { route, validate } from '../respond.ts';
import { clearSessionCookie, setSessionCookie } from '../session-cookie.ts';

export function authRoutes(deps: ServiceDeps, opts: { deskId: string; cookieSecure: boolean }): Router {
  const r = Router();
  r.post(
    '/login',
    requireCsrfHeader,
    route(async (req, res) => {
      const body = validate(LoginBody, req.body);
      const { agent, token, expiresAt } = await login(deps, opts.deskId, body.email, body.password, req.ip ?? 'unknown');
      setSessionCookie(res, token, expiresAt, opts.cookieSecure);
      return { agent: toSelf(agent), desk: deps.desk.rules() };
    }),
  );
  r.post(
    '/logout',
    requireCsrfHeader,
    route(async (req, res) => {
      const token = sessionToken(req);
      if (token) await logout(deps, token);
      clearSessionCookie(res, opts.cookieSecure);
      return {};
    }),
  );
  r.get(
    '/me',
    requireAgent(deps),
    route(async (req) => ({ agent: toSelf(currentAgent(req)), desk: deps.desk.rules() })),
  );
  r.patch(
    '/me',
    requireAgent(deps),
    requireCsrfHeader,
    route(async (req) => ({ agent: await updateOwnProfile(deps, currentAgent(req), validate(ProfilePatch, req.body)) })),
  );
  r.post(
    '/me/password',
    requireAgent(deps),
    requireCsrfHeader,
    route(async (req) => {
      const body = validate(PasswordChangeBody, req.body);
      await changeOwnPassword(deps, currentAgent(req), body.currentPassword, body.newPassword);
      return {};
    }),
  );
  return r;
}
