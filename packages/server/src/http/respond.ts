import { HTTP_STATUS, parse, type Failure } from '@parley/protocol';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { AppError } from '../lib/app-error.ts';

export function sendFailure(res: Response, failure: Failure): void {
  const retryAfter = (failure.error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (typeof retryAfter === 'number') res.set('Retry-After', String(retryAfter));
  res.status(HTTP_STATUS[failure.error.code]).json(failure);
}

/** Validates untrusted input or throws `invalid_input` naming the field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = parse(schema, input);
  if (!parsed.ok) throw new AppError('invalid_input', parsed.error.message, parsed.error.details);
  return parsed.value;
}

/** An async route whose resolved object becomes `{ ok: true, ...value }`; throws become error answers. */
export function route<T extends object>(fn: (req: Request, res: Response) => Promise<T>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).then((value) => {
      if (!res.headersSent) res.json({ ok: true, ...value });
    }, next);
  };
}

