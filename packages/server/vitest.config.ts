import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Also when run on its own (`vitest --root packages/server`): the MongoDB-compatible server for the mongo adapter.
    globalSetup: ['../../tests/support/mongo-global-setup.ts'],
  },
});
