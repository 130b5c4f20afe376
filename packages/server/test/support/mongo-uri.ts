import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by tests/support/mongo-global-setup.ts. */
    mongoUri: string;
  }
}

/**
 * The MongoDB-compatible server of this test run, if any: the one the globalSetup started
 * (provide/inject), else MONGODB_URI.
 */
export function mongoTestUri(): string | undefined {
  return inject('mongoUri') || process.env.MONGODB_URI || undefined;
}

/** As mongoTestUri(), but throws when there is none: Mongo tests never skip silently. */
export function mongoUri(): string {
  const uri = mongoTestUri();
  if (!uri) {
    throw new Error(
      'No MongoDB-compatible server for this test: run it through a vitest config whose globalSetup includes ' +
        'tests/support/mongo-global-setup.ts, or set MONGODB_URI=mongodb://host:port/',
    );
  }
  return uri;
}
