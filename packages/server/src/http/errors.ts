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
}

/** The last middleware: every failure leaves as `{ ok:false, error:{ code, message } }` with a matching status. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) return next(err);
    const type = (err as BodyParserError | null)?.type;
    if (type === 'entity.parse.failed') {
      return sendFailure(res, { ok: false, error: { code: 'invalid_input', message: 'Body is not valid JSON' } });
    }
    if (type === 'entity.too.large') {
      return sendFailure(res, { ok: false, error: { code: 'payload_too_large', message: 'Body is too large' } });
    }
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      return sendFailure(res, { ok: false, error: { code: 'invalid_input', message: 'Unsupported body encoding' } });
    }
    if (!isExpected(err)) log.error({ err }, 'request failed');
    sendFailure(res, { ok: false, error: toErrorBody(err) });
  };
}
