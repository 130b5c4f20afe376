import { DuplicateKeyError, StoreUnavailableError } from '../errors.ts';

/**
 * Translation of driver/mongoose failures into the store's own errors, so services never see them.
 * Classification is by `name`/`code` rather than `instanceof`: the error classes live in the `mongodb`
 * package, which is mongoose's dependency, not ours.
 */

interface DriverErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  keyPattern?: unknown;
  path?: unknown;
  writeErrors?: unknown;
  index?: unknown;
  err?: unknown;
  errorResponse?: unknown;
}

const shape = (err: unknown): DriverErrorShape => (err !== null && typeof err === 'object' ? err : {});

/** The server cannot be reached (or is going away): worth retrying later, nothing was decided. */
const UNAVAILABLE_NAMES = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoPoolClearedError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
]);

/** Server answers that mean "not now" (shutdown, step-down, host trouble). */
const UNAVAILABLE_CODES = new Set([6, 7, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436]);

/**
 * Node's own socket errors. The driver usually wraps them in MongoNetworkError, but one written to a socket the
 * database had just closed was seen to reach an operation as it is (EPIPE, "This socket has been ended by the other
 * party"). Inside a store operation a socket can only be the database's.
 */
const SOCKET_ERROR_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'ENOTCONN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** mongoose's refusals of a value before anything is sent. */
const INVALID_INPUT_NAMES = new Set(['CastError', 'ValidationError', 'StrictModeError', 'ObjectParameterError']);

export function isUnavailable(err: unknown): boolean {
  const e = shape(err);
  if (typeof e.name === 'string' && UNAVAILABLE_NAMES.has(e.name)) return true;
  // A bulk write (insertMany, bulkWrite) cut off by a network failure carries that failure as its errorResponse.
  if (e.name === 'MongoBulkWriteError' && e.errorResponse instanceof Error && isUnavailable(e.errorResponse)) return true;
  if (typeof e.code === 'number' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (typeof e.code === 'string' && SOCKET_ERROR_CODES.has(e.code)) return true;
  // mongoose itself, with bufferCommands off: before the connection opened / after it was closed.
  return (
    e.name === 'MongooseError' &&
    typeof e.message === 'string' &&
    /before initial connection|force closed|Connection .*closed|Client must be connected/i.test(e.message)
  );
}

export function isDuplicateKey(err: unknown): boolean {
  const e = shape(err);
  if (e.code === 11000 || e.code === 11001) return true;
  return Array.isArray(e.writeErrors) && e.writeErrors.some((w) => isDuplicateKey(w));
}

/**
 * Which unique key refused the write. MongoDB reports it in `keyPattern`; FerretDB 1.24 does not (its
 * E11000 error carries only the collection name), so callers pass the key they expect.
 */
export function duplicateKeyName(err: unknown, fallback: string): string {
  const pattern = shape(err).keyPattern;
  if (pattern && typeof pattern === 'object') {
    const fields = Object.keys(pattern);
    if (fields.length === 1 && fields[0] === '_id') return 'id';
    if (fields.includes('openKey')) return 'openKey';
    const last = fields[fields.length - 1];
    if (last) return last;
  }
  return fallback;
}

/** Maps a failure to StoreUnavailableError / DuplicateKeyError / TypeError, or returns it unchanged. */
export function translate(err: unknown, duplicateKey?: string): unknown {
  if (err instanceof StoreUnavailableError || err instanceof DuplicateKeyError) return err;
  if (isUnavailable(err)) {
    const message = shape(err).message;
    return new StoreUnavailableError(`mongo unavailable: ${typeof message === 'string' ? message : String(err)}`, {
      cause: err,
    });
  }
  if (duplicateKey !== undefined && isDuplicateKey(err)) return new DuplicateKeyError(duplicateKeyName(err, duplicateKey));
  const e = shape(err);
  // A value of the wrong type in a filter or update (e.g. `{ $gt: '' }` where an id belongs) or a record
  // that fails its schema (missing timestamp, unknown enum value): a caller bug, not a database failure.
  if (typeof e.name === 'string' && INVALID_INPUT_NAMES.has(e.name)) {
    const detail = typeof e.message === 'string' ? e.message : String(err);
    return new TypeError(`mongo store: invalid input: ${detail}`, { cause: err });
  }
  return err;
}

/** Runs one store operation with error translation. */
export async function guarded<T>(work: () => Promise<T>, duplicateKey?: string): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw translate(err, duplicateKey);
  }
}

/**
 * For an unordered insertMany: the positions that a unique key refused, when that is all that went wrong; null when
 * the failure is anything else (then nothing about the batch is known and the caller must give up on it).
 */
export function refusedPositions(err: unknown, count: number): Set<number> | null {
  const e = shape(err);
  if (Array.isArray(e.writeErrors) && e.writeErrors.length > 0) {
    const positions = new Set<number>();
    for (const w of e.writeErrors as unknown[]) {
      const index = shape(w).index ?? shape(shape(w).err).index;
      if (!isDuplicateKey(w) || typeof index !== 'number') return null;
      positions.add(index);
    }
    return positions;
  }
  // A single refused document may come back as a plain E11000 error.
  if (count === 1 && isDuplicateKey(err)) return new Set([0]);
  return null;
}
