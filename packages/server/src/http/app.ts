import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../lib/logger.ts';
import { errorView, requestView, responseView } from '../lib/log-views.ts';
import type { RedisLink } from '../realtime/redis-adapter.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { errorHandler, notFound } from './errors.ts';
import { continueUnlessDeferred } from './expect-continue.ts';
import { settingsRoutes } from './routes/settings.ts';
import { teamRoutes } from './routes/teams.ts';
import { mentionRoutes } from './routes/mentions.ts';
import { noticeRoutes } from './routes/notices.ts';
import { cannedRoutes } from './routes/canned.ts';
import { contactRoutes } from './routes/contacts.ts';
import { agentRoutes } from './routes/agents.ts';
import { attachmentRoutes } from './routes/attachments.ts';
import { authRoutes } from './routes/auth.ts';
import { conversationRoutes } from './routes/conversations.ts';
import { healthRoutes } from './routes/health.ts';
import { widgetRoutes } from './routes/widget.ts';
import { widgetContextRoutes } from './routes/widget-context.ts';
import { staticRoutes } from './static.ts';
import type { OriginPolicy } from '../security/origin-check.ts';
import { requireAgentOrigin } from './agent-origin.ts';

export interface HttpOptions {
  deskId: string;
  cookieSecure: boolean;
  origins: OriginPolicy;
  redis: () => RedisLink | undefined;
  log: Logger;
}

export const JSON_BODY_LIMIT = '64kb';

export function createHttpApp(deps: ServiceDeps, opts: HttpOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', opts.origins.trustProxy);
  app.use(continueUnlessDeferred);
  app.use(
    pinoHttp({
      logger: opts.log,
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      wrapSerializers: false,
      serializers: { req: requestView, res: responseView, err: errorView },
    }),
  );
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' });
    next();
  });
  app.use(healthRoutes(deps.store, opts.redis));
  const api = express.Router();
  // API answers carry tokens, tickets and profiles: never kept by a browser or a shared cache (downloads say otherwise).
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  // Before the JSON parser: uploads are raw bodies, whatever their Content-Type says.
  api.use('/attachments', attachmentRoutes(deps, opts.origins));
  // No compressed bodies: browsers never send them, and inflating is work (and a zlib bomb's) for nothing.
  api.use(express.json({ limit: JSON_BODY_LIMIT, strict: true, inflate: false }));
  api.use('/widget/context', widgetContextRoutes(deps, opts.origins));
  api.use('/widget', widgetRoutes(deps, opts.origins));
  // Cookie-authenticated: Parley's own origin only (never a site listed for the widget).
  const agentOnly = requireAgentOrigin(opts.origins);
  api.use('/auth', agentOnly, authRoutes(deps, { deskId: opts.deskId, cookieSecure: opts.cookieSecure }));
  api.use('/conversations', agentOnly, conversationRoutes(deps));
  api.use('/agents', agentOnly, agentRoutes(deps));
  api.use('/settings', agentOnly, settingsRoutes(deps));
  api.use('/teams', agentOnly, teamRoutes(deps));
  api.use('/mentions', agentOnly, mentionRoutes(deps));
  api.use('/notices', agentOnly, noticeRoutes(deps));
  api.use('/canned', agentOnly, cannedRoutes(deps));
  api.use('/contacts', agentOnly, contactRoutes(deps));
  api.use(notFound);
  app.use('/api/v1', api);
  app.use(staticRoutes({ allowedOrigins: () => opts.origins.allowedOrigins }));
  app.use(notFound);
  app.use(errorHandler(opts.log));
  return app;
}
