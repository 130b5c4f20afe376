import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages from their TypeScript sources (`@parley/source` in their exports), not their compiled dist/.
  ssr: { resolve: { conditions: ['@parley/source', 'module', 'node', 'development|production'] } },
  test: {
    name: 'tests',
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'mongo-server/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser and multi-process tests share two cores: one file at a time keeps them honest.
    fileParallelism: false,
  },
});
