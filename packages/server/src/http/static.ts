import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import { paths } from '../paths.ts';

/** Content-Security-Policy for our own pages: no inline script, talk only to this origin. */
export function csp(frameAncestors: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

const withHeaders =
  (headers: Record<string, string>): RequestHandler =>
  (_req, res, next) => {
    res.set(headers);
    next();
  };

function notBuilt(what: string): RequestHandler {
  return (_req, res) => {
    res.status(503).type('text/plain').send(`The ${what} is not built yet: run \`pnpm build\` (or \`pnpm start\`, which builds first).`);
  };
}

/** The widget loader, the widget app, the inbox SPA and the example page, all from this one origin. */
export function staticRoutes(opts: { allowedOrigins: () => readonly string[] }): Router {
  const r = Router();
  // Read per request: the desk's allowed origins change live in the settings.
  const widgetCsp: RequestHandler = (_req, res, next) => {
    const origins = opts.allowedOrigins();
    res.set('Content-Security-Policy', csp(origins.length ? origins.join(' ') : '*'));
    next();
  };
  const loader = path.join(paths.widgetDist, 'widget.js');
  r.get('/widget.js', (_req, res, next) => {
    if (!existsSync(loader)) return notBuilt('widget')(_req, res, next);
    res.set({ 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' });
    res.sendFile(loader);
  });
  r.use(
    '/widget',
    widgetCsp,
    existsSync(paths.widgetDist) ? express.static(paths.widgetDist, { index: false, fallthrough: false }) : notBuilt('widget'),
  );
  const inboxIndex = path.join(paths.inboxDist, 'index.html');
  const inboxHeaders = withHeaders({ 'Content-Security-Policy': csp("'none'"), 'X-Frame-Options': 'DENY' });
  // Relative asset URLs need the trailing slash; non-strict routing would match '/inbox/' here too.
  r.get('/inbox', (req, res, next) => (req.path.endsWith('/') ? next() : res.redirect(301, '/inbox/')));
  r.use('/inbox', inboxHeaders, express.static(paths.inboxDist, { index: 'index.html' }));
  r.get('/inbox/{*rest}', inboxHeaders, (req, res, next) => {
    if (!existsSync(inboxIndex)) return notBuilt('inbox')(req, res, next);
    res.sendFile(inboxIndex);
  });
  // The demo page shares the inbox's origin: it gets the inbox's CSP (no inline or foreign script, never framed).
  r.use('/', inboxHeaders, express.static(paths.exampleSite, { index: 'index.html' }));
  return r;
}
