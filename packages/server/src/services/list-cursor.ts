import { AppError } from '../lib/app-error.ts';
import type { ListPosition } from '../store/types.ts';

/**
 * The `nextCursor` of a ticket list: the last ticket's place in the order (last activity, number), base64url-encoded.
 * It names a position, not a query or a snapshot: any position is valid with any filters, and a ticket that gets
 * a new message meanwhile moves above it (live updates bring it to the top; a later page never repeats it).
 */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.lastMessageAt, position.number]), 'utf8').toString('base64url');
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** A cursor this server did not hand out (or a corrupted one) is `invalid_input`. */
export function decodeCursor(cursor: string): ListPosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== 2) throw invalid();
  const [lastMessageAt, number] = value as unknown[];
  if (typeof lastMessageAt !== 'string' || !ISO.test(lastMessageAt) || Number.isNaN(Date.parse(lastMessageAt))) throw invalid();
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) throw invalid();
  return { lastMessageAt, number };
}

function invalid(): AppError {
  return new AppError('invalid_input', 'cursor: not a cursor of this list; load the list again');
}
