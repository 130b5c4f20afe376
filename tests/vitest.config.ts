import { defineConfig } from 'vitest/config';

export default defineConfig({
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
