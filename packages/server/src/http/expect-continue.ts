import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

/** Where an `Expect: 100-continue` waits for the route's decision instead of being answered at once. */
const DEFERRED = { method: 'POST', path: '/api/v1/attachments' } as const;

const expectsContinue = (req: IncomingMessage) => /^\s*100-continue\s*$/i.test(req.headers.expect ?? '');

/** Tells a client that sent `Expect: 100-continue` to send its body now (once). */
export function sendContinue(req: IncomingMessage, res: ServerResponse): void {
  if (expectsContinue(req) && !res.headersSent && !(res as { continueSent?: boolean }).continueSent) {
    (res as { continueSent?: boolean }).continueSent = true;
    res.writeContinue();
  }
}

/**
 * The server hands `Expect: 100-continue` requests to the app (its 'checkContinue' event) instead of answering them
 * itself: an upload is told to send its body only once its headers are accepted (identity, origin, encoding, size,
 * budgets), so a refused client never sends it. Every other request is told at once, as Node would.
 */
export const continueUnlessDeferred: RequestHandler = (req, res, next) => {
  if (!(req.method === DEFERRED.method && req.path === DEFERRED.path)) sendContinue(req, res);
  next();
};
