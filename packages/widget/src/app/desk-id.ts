/** Desk ids are plain ids (`@parley/protocol` schemas: letters, digits, `_` and `-`, at most 64). */
const DESK_ID = /^[\w-]{1,64}$/; // \w: A-Z a-z 0-9 _

export function isDeskId(value: unknown): value is string {
  return typeof value === 'string' && DESK_ID.test(value);
}
