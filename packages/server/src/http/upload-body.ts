import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { AppError } from '../lib/app-error.ts';

/** How long a client may go on sending a refused body (discarded) before its connection is cut. */
const ANONYMOUS_LINGER_MS = 2_000;
const AUTHENTICATED_DISCARD_MS = 30_000;

/**
 * The request body as a stream of its own, so that a consumer that gives up (a cap crossed, storage failing)
 * destroys only this stream, never the request, and the answer can still be sent. A connection that ends before
 * the body is complete fails the stream.
 */
export function bodyStream(req: IncomingMessage): Readable {
  const body = new PassThrough();
  req.pipe(body);
  // The client's doing, not a server failure (and nobody is left to read the answer).
  const cutOff = () => body.destroy(new AppError('invalid_input', 'The upload was cut off before its end'));
  req.once('error', cutOff);
  req.once('close', () => {
    if (!req.complete) cutOff();
  });
  return body;
}

/**
 * Before an error answer to an upload whose body is not read to its end.
 *
 * Anonymous: not a byte more of the body is read. Once the answer is out, the connection is half-closed and the
 * body left unread in the kernel; the connection is cut 2 seconds later. (Closing at once would lose the answer: a
 * socket closed with unread data sends a reset, and the client's kernel drops what the client had not read yet.)
 *
 * Authenticated (refused for its size, its encoding, a budget): the rest of the body is discarded as it arrives,
 * for up to 30 seconds, so that a client that sends its whole body before reading gets the answer.
 */
export function settleUnreadBody(req: IncomingMessage, res: ServerResponse, authenticated: boolean): void {
  if (req.complete || req.destroyed) return;
  req.unpipe();
  const socket = req.socket;
  const cut = (ms: number) => {
    const timer = setTimeout(() => socket.destroy(), ms);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };
  if (authenticated) {
    req.resume();
    cut(AUTHENTICATED_DISCARD_MS);
    return;
  }
  res.once('finish', () => {
    // Node resumes an unread request once its answer is sent, to drain it for the next request: not this one.
    req.pause();
    socket.end();
    cut(ANONYMOUS_LINGER_MS);
  });
}
