import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'packages/server/vitest.restarts.config.ts', 'tests/vitest.config.ts', 'tests/vitest.faults.config.ts'],
    // The packages' tests two files at a time (vitest's default on two cores is one). The browser suites, the fault
    // suites and the store test that restarts its own database server run after them, one file at a time
    // (sequence.groupOrder in their configs).
    maxWorkers: 2,
    // Starts the MongoDB-compatible test server (FerretDB, or MONGODB_URI) once for the whole run.
    globalSetup: ['./tests/support/mongo-global-setup.ts'],
    reporters: ['default', './tests/support/adapter-count-reporter.ts'],
  },
});
