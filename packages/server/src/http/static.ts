import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import { paths } from '../paths.ts';
import { IMMUTABLE, REVALIDATE, precompressedStatic, sendPrecompressed } from './precompressed.ts';

/** The loader's URL is pasted into sites and never changes: browsers keep it briefly, then revalidate (ETag). */
const LOADER_CACHE = 'public, max-age=300';
/** The widget's bundles are named by their content (`app-<hash>.js`, see packages/widget/bundle.mjs). */
const HASHED_WIDGET_FILE = /-[A-Za-z0-9_-]{8,}\.(?:js|css)$/;

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
  r.get('/widget.js', (req, res, next) => {
    if (!existsSync(loader)) return notBuilt('widget')(req, res, next);
    res.set('Access-Control-Allow-Origin', '*');
    sendPrecompressed(req, res, next, loader, LOADER_CACHE);
  });
  const widgetFiles = precompressedStatic(paths.widgetDist, (file) => (HASHED_WIDGET_FILE.test(file) ? IMMUTABLE : REVALIDATE));
  r.use(
    '/widget',
    widgetCsp,
    (req, res, next) => {
      // The host page imports the panel chunk (a module script: fetched with CORS).
      if (req.path.endsWith('.js')) res.set('Access-Control-Allow-Origin', '*');
      next();
    },
    (req, res, next) => (existsSync(paths.widgetDist) ? widgetFiles(req, res, next) : notBuilt('widget')(req, res, next)),
  );
  const inboxIndex = path.join(paths.inboxDist, 'index.html');
  const inboxHeaders = withHeaders({ 'Content-Security-Policy': csp("'none'"), 'X-Frame-Options': 'DENY' });
  // Relative asset URLs need the trailing slash; non-strict routing would match '/inbox/' here too.
  r.get('/inbox', (req, res, next) => (req.path.endsWith('/') ? next() : res.redirect(301, '/inbox/')));
  // Vite names everything under assets/ by its content.
  r.use('/inbox', inboxHeaders, precompressedStatic(paths.inboxDist, (file) => (file.startsWith('assets/') ? IMMUTABLE : REVALIDATE)));
  r.get('/inbox/{*rest}', inboxHeaders, (req, res, next) => {
    if (!existsSync(inboxIndex)) return notBuilt('inbox')(req, res, next);
    sendPrecompressed(req, res, next, inboxIndex, REVALIDATE);
  });
  // The demo page shares the inbox's origin: it gets the inbox's CSP (no inline or foreign script, never framed).
  r.use('/', inboxHeaders, express.static(paths.exampleSite, { index: 'index.html' }));
  return r;
}
