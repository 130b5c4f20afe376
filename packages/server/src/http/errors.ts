import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isExpected, toErrorBody } from '../lib/app-error.ts';
import type { Logger } from '../lib/logger.ts';
import { sendFailure } from './respond.ts';

export const notFound: RequestHandler = (req, res) => {
  sendFailure(res, { ok: false, error: { code: 'not_found', message: `No route for ${req.method} ${req.path}` } });
};

interface BodyParserError {
  type?: string;
  status?: number;
  code?: string;
}

/** A body that does not decompress (gzip, deflate, brotli): the client's fault, not the server's. */
const isCorruptCompression = (code: string | undefined): boolean => !!code && (code.startsWith('Z_') || code.startsWith('ERR__ERROR_FORMAT') || code === 'ERR_BROTLI_DECOMPRESSION_FAILED');

/** The last middleware: every failure leaves as `{ ok:false, error:{ code, message } }` with a matching status. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) return next(err);
    const { type, status, code } = (err ?? {}) as BodyParserError;
    if (type === 'entity.parse.failed') {
      return sendFailure(res, { ok: false, error: { code: 'invalid_input', message: 'Body is not valid JSON' } });
    }
    if (type === 'entity.too.large') {
      return sendFailure(res, { ok: false, error: { code: 'payload_too_large', message: 'Body is too large' } });
    }
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      return sendFailure(res, { ok: false, error: { code: 'invalid_input', message: 'Unsupported body encoding: send JSON uncompressed, in UTF-8' } });
    }
    // The client's fault whatever the parser's words for it: an aborted or malformed body, a broken compression.
    if (isCorruptCompression(code) || (typeof status === 'number' && status >= 400 && status < 500)) {
      log.debug({ err }, 'request body refused');
      return sendFailure(res, { ok: false, error: { code: 'invalid_input', message: 'The request body could not be read' } });
    }
    if (!isExpected(err)) log.error({ err }, 'request failed');
    sendFailure(res, { ok: false, error: toErrorBody(err) });
  };
}
