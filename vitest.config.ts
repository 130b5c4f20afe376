import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'tests/vitest.config.ts', 'tests/vitest.faults.config.ts'],
    // One file at a time (vitest's default on two cores): two at a time, a test that restarts its own database server
    // did not see it come back within 60 s in one run of two. The browser and fault suites run after the packages'
    // tests (tests/vitest*.config.ts).
    // Starts the MongoDB-compatible test server (FerretDB, or MONGODB_URI) once for the whole run.
    globalSetup: ['./tests/support/mongo-global-setup.ts'],
    reporters: ['default', './tests/support/adapter-count-reporter.ts'],
  },
});
