/** Desk ids are plain ids (`@parley/protocol` schemas: letters, digits, `_` and `-`, at most 64). */
const DESK_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isDeskId(value: unknown): value is string {
  return typeof value === 'string' && DESK_ID.test(value);
}
