import type { ErrorBody, ErrorCode } from '@parley/protocol';
import { DuplicateKeyError, StoreUnavailableError } from '../store/errors.ts';

/** A failure that the caller is meant to see, with a stable code. Services throw these; transports render them. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Turns any thrown value into the error body a client gets; unknown errors never leak their text. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof AppError) {
    return err.details === undefined ? { code: err.code, message: err.message } : { code: err.code, message: err.message, details: err.details };
  }
  if (err instanceof StoreUnavailableError) return { code: 'unavailable', message: 'Storage is unavailable; try again shortly' };
  if (err instanceof DuplicateKeyError) return { code: 'conflict', message: 'A conflicting record already exists' };
  return { code: 'internal', message: 'Internal error' };
}

export function isExpected(err: unknown): boolean {
  return err instanceof AppError || err instanceof StoreUnavailableError;
}
