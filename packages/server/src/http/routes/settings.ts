import { DeskSettingsPatch, IdentitySecretBody } from '@parley/protocol';
import { Router } from 'express';
import type { ServiceDeps } from '../../services/deps.ts';
import { getDeskSettings, setIdentitySecret, updateDeskSettings } from '../../services/desk-settings.ts';
import { currentAgent, requireAgent, requireCsrfHeader } from '../agent-auth.ts';
import { route, validate } from '../respond.ts';

/** The desk's settings (admins only; the service checks the role). */
export function settingsRoutes(deps: ServiceDeps): Router {
  const r = Router();
  r.use(requireAgent(deps), requireCsrfHeader);
  r.get(
    '/desk',
    route(async (req) => ({ settings: getDeskSettings(deps, currentAgent(req)) })),
  );
  r.patch(
    '/desk',
    route(async (req) => ({ settings: await updateDeskSettings(deps, currentAgent(req), validate(DeskSettingsPatch, req.body)) })),
  );
  r.post(
    '/desk/identity-secret',
    route(async (req) => setIdentitySecret(deps, currentAgent(req), validate(IdentitySecretBody, req.body))),
  );
  return r;
}
