import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'tests/vitest.config.ts', 'tests/vitest.faults.config.ts'],
    // Vitest's default on two cores is one file at a time (cores - 1); the packages' tests finish a third sooner two
    // at a time. The browser and fault suites run one at a time (tests/vitest*.config.ts).
    maxWorkers: 2,
    // Starts the MongoDB-compatible test server (FerretDB, or MONGODB_URI) once for the whole run.
    globalSetup: ['./tests/support/mongo-global-setup.ts'],
    reporters: ['default', './tests/support/adapter-count-reporter.ts'],
  },
});
