import { describe, expect, it } from 'vitest';
import { DuplicateKeyError, StoreUnavailableError } from '../../src/store/errors.ts';
import { translate } from '../../src/store/mongo/errors.ts';

/** A Node socket error as it reaches a store operation when the database dies under it (seen in CI: EPIPE). */
function socketError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, syscall: 'write' });
}

describe('mongo errors: what services see', () => {
  it('a socket the database closed or never opened is `unavailable`, not a raw Node error', () => {
    for (const [code, message] of [
      ['EPIPE', 'This socket has been ended by the other party'],
      ['ECONNRESET', 'read ECONNRESET'],
      ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:27017'],
      ['ETIMEDOUT', 'connect ETIMEDOUT'],
    ] as const) {
      const translated = translate(socketError(code, message));
      expect(translated, code).toBeInstanceOf(StoreUnavailableError);
      expect((translated as Error).message).toContain(message);
    }
  });

  it('keeps the other classes as they were', () => {
    expect(translate(Object.assign(new Error('E11000 duplicate key'), { code: 11000 }), 'id')).toBeInstanceOf(DuplicateKeyError);
    expect(translate(Object.assign(new Error('server selection'), { name: 'MongoServerSelectionError' }))).toBeInstanceOf(StoreUnavailableError);
    const other = Object.assign(new Error('no such file'), { code: 'ENOENT' });
    expect(translate(other)).toBe(other); // not a network failure: left as it is
  });
});
