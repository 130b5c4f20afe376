import { defineConfig } from 'vitest/config';

// Run from the repository root (`npx vitest run --project @parley/server`): the root config starts the
// MongoDB-compatible test server once for every project.
export default defineConfig({
  // Workspace packages from their TypeScript sources (`@parley/source` in their exports), not their compiled dist/.
  ssr: { resolve: { conditions: ['@parley/source', 'module', 'node', 'development|production'] } },
  test: {
    name: '@parley/server',
    include: ['test/**/*.test.ts'],
    // vitest.restarts.config.ts runs it alone, after the other projects.
    exclude: ['test/store/mongo-restart.test.ts', '**/node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
