import { statSync } from 'node:fs';
import path from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** What a built file is sent as: its brotli or gzip copy (written by scripts/precompress.mjs), or as it is. */
export type Encoding = 'br' | 'gzip' | 'identity';

const SUFFIX: Record<Exclude<Encoding, 'identity'>, string> = { br: '.br', gzip: '.gz' };

/**
 * The encoding to send, from `Accept-Encoding` (RFC 9110 §12.5.3): the available coding with the highest q, brotli on
 * a tie; `q=0` refuses a coding, `*` stands for the ones not named. Neither accepted (or no header): identity.
 */
export function pickEncoding(header: string | undefined, available: { br: boolean; gzip: boolean }): Encoding {
  const weights = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (coding: string): number => weights.get(coding) ?? weights.get('*') ?? 0;
  let best: Encoding = 'identity';
  let bestWeight = 0;
  for (const coding of ['br', 'gzip'] as const) {
    const weight = weightOf(coding);
    if (available[coding] && weight > bestWeight) [best, bestWeight] = [coding, weight];
  }
  return best;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Send a built file in the encoding the client takes, with `Vary: Accept-Encoding` when it has compressed copies, the
 * file's own Content-Type, `cacheControl`, and an ETag per encoding (a matching If-None-Match answers 304).
 * Calls `next()` when the file does not exist.
 */
export function sendPrecompressed(req: Request, res: Response, next: NextFunction, file: string, cacheControl: string): void {
  if (!isFile(file)) return next();
  const available = { br: isFile(file + SUFFIX.br), gzip: isFile(file + SUFFIX.gzip) };
  const encoding = pickEncoding(req.get('accept-encoding'), available);
  const sent = encoding === 'identity' ? file : file + SUFFIX[encoding];
  if (available.br || available.gzip) res.vary('Accept-Encoding');
  if (encoding !== 'identity') res.set('Content-Encoding', encoding);
  const { size, mtimeMs } = statSync(sent);
  res.type(path.extname(file));
  res.set({ 'Cache-Control': cacheControl, ETag: `"${size.toString(36)}-${Math.floor(mtimeMs).toString(36)}-${encoding}"` });
  // `send` answers 304 itself when If-None-Match matches the ETag set above.
  res.sendFile(sent, { etag: false, lastModified: false, cacheControl: false, acceptRanges: false }, (err?: Error) => {
    if (err && !res.headersSent) next(); // removed by a rebuild meanwhile: not found
  });
}

/**
 * Static files of a built front-end under `root`, each sent by `sendPrecompressed` with the cache policy
 * `cacheControl(relativePath)` gives. Only files: a directory or a missing file goes on to `next()`.
 */
export function precompressedStatic(root: string, cacheControl: (relativePath: string) => string): RequestHandler {
  const base = path.resolve(root);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let relative: string;
    try {
      relative = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const file = path.join(base, path.normalize(`/${relative}`));
    // The compressed copies are only ever sent for their file, never under their own name.
    if (!file.startsWith(base + path.sep) || path.basename(file).startsWith('.') || /\.(?:br|gz)$/.test(file)) return next();
    sendPrecompressed(req, res, next, file, cacheControl(path.relative(base, file).split(path.sep).join('/')));
  };
}

/** Content-hashed files never change under their name: a year, and no revalidation. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Entry points (HTML) are checked with the server every time (ETag), so a release shows at once. */
export const REVALIDATE = 'no-cache';
