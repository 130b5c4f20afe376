import type {} from 'vitest'; // makes the ProvidedContext augmentation below resolvable
import type { TestProject } from 'vitest/node';
import { startMongoServer } from '../mongo-server/harness.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Read it through packages/server/test/support/mongo-uri.ts. */
    mongoUri: string;
  }
}

/**
 * vitest globalSetup: one MongoDB-compatible server per test run (FerretDB from tests/mongo-server, or
 * MONGODB_URI), handed to test files as inject('mongoUri'). Fails the run loudly when there is none.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startMongoServer();
  console.log(`MongoDB-compatible server: ${server.version} at ${server.uri}`);
  project.provide('mongoUri', server.uri);
  return async () => {
    await server.dispose();
  };
}
