import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../lib/logger.ts';
import type { RedisLink } from '../realtime/redis-adapter.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { errorHandler, notFound } from './errors.ts';
import { agentRoutes } from './routes/agents.ts';
import { attachmentRoutes } from './routes/attachments.ts';
import { authRoutes } from './routes/auth.ts';
import { conversationRoutes } from './routes/conversations.ts';
import { healthRoutes } from './routes/health.ts';
import { widgetRoutes } from './routes/widget.ts';
import { staticRoutes } from './static.ts';

export interface HttpOptions {
  deskId: string;
  cookieSecure: boolean;
  allowedOrigins: string[];
  identitySecret: string | undefined;
  redis: () => RedisLink | undefined;
  log: Logger;
}

export const JSON_BODY_LIMIT = '64kb';

export function createHttpApp(deps: ServiceDeps, opts: HttpOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(pinoHttp({ logger: opts.log, autoLogging: { ignore: (req) => req.url === '/healthz' } }));
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' });
    next();
  });
  app.use(healthRoutes(deps.store, opts.redis));
  const api = express.Router();
  // Before the JSON parser: uploads are raw bodies, whatever their Content-Type says.
  api.use('/attachments', attachmentRoutes(deps, opts.allowedOrigins));
  api.use(express.json({ limit: JSON_BODY_LIMIT, strict: true }));
  api.use('/widget', widgetRoutes(deps, opts.allowedOrigins, opts.identitySecret));
  api.use('/auth', authRoutes(deps, { deskId: opts.deskId, cookieSecure: opts.cookieSecure }));
  api.use('/conversations', conversationRoutes(deps));
  api.use('/agents', agentRoutes(deps));
  api.use(notFound);
  app.use('/api/v1', api);
  app.use(staticRoutes({ allowedOrigins: opts.allowedOrigins }));
  app.use(notFound);
  app.use(errorHandler(opts.log));
  return app;
}
