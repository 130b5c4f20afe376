/** Stable error codes: clients switch on these, never on messages. */
export const ERROR_CODES = [
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'stale_ticket',
  'rate_limited',
  'payload_too_large',
  'unsupported_encoding',
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Optional machine-readable detail, e.g. which field failed validation. */
  details?: unknown;
}

export type Failure = { ok: false; error: ErrorBody };
export type Success<T extends object = object> = { ok: true } & T;
export type Result<T extends object = object> = Success<T> | Failure;

/** HTTP status used for each code by the REST API. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  stale_ticket: 409,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_encoding: 415,
  unavailable: 503,
  internal: 500,
};
