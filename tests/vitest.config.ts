import { defineConfig } from 'vitest/config';

/** What every project under tests/ shares; vitest.faults.config.ts adds the fault suites on top. */
export const shared = {
  // Workspace packages from their TypeScript sources (`@parley/source` in their exports), not their compiled dist/.
  ssr: { resolve: { conditions: ['@parley/source', 'module', 'node', 'development|production'] } },
  test: {
    exclude: ['**/node_modules/**', 'mongo-server/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
};

export default defineConfig({
  ...shared,
  test: {
    ...shared.test,
    name: 'tests',
    include: ['**/*.test.ts'],
    // Browser and multi-process tests share two cores: one file at a time keeps them honest (two at a time took each
    // file twice as long). They run after the packages' tests, the fault suites after them (vitest.faults.config.ts).
    // One worker kept for all files saves importing playwright and the clients per file.
    fileParallelism: false,
    isolate: false,
    sequence: { groupOrder: 1 },
    exclude: [...shared.test.exclude, 'faults/**'],
  },
});
