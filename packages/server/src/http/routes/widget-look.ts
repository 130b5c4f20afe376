import { Id } from '@parley/protocol';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { AppError } from '../../lib/app-error.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { embedderOriginAllowed, type OriginPolicy } from '../../security/origin-check.ts';
import { route, validate } from '../respond.ts';

const LookQuery = z.object({ desk: Id }).strict();

/**
 * How long a browser keeps the look: a minute fresh (a change in Settings → Desk shows within a minute), then a day
 * in which the kept copy is shown at once while the browser asks again in the background. Public facts only, the
 * same for every visitor: any cache may keep it (per `Origin`, for CORS).
 */
export const LOOK_CACHE = 'public, max-age=60, stale-while-revalidate=86400';

/**
 * `GET /api/v1/widget/look?desk=<id>`: the launcher's look, `{ ok: true, look: { color, position, launcherLabel } }`,
 * asked by the loader (`widget.js`) on every page of the host site before it shows the launcher, so the button
 * appears in the desk's colour, on its side, with its label. Read from the desk in memory: no storage read, no
 * credentials. CORS for the pages allowed to embed the widget (as `/widget/config`); errors are never cached.
 */
export function lookRoute(deps: Pick<ServiceDeps, 'desk'>, origins: OriginPolicy): RequestHandler {
  return route(async (req, res) => {
    res.vary('Origin');
    const origin = req.get('origin');
    if (origin && embedderOriginAllowed(req, origins)) res.set('Access-Control-Allow-Origin', origin);
    const { desk } = validate(LookQuery, req.query);
    if (desk !== deps.desk.id) throw new AppError('not_found', `Unknown desk "${desk}"`);
    const { color, position, launcherLabel } = deps.desk.publicConfig().widget;
    res.set('Cache-Control', LOOK_CACHE);
    return { look: { color, position, launcherLabel } };
  });
}
