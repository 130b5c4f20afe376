import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'tests'],
    // Starts the MongoDB-compatible test server (FerretDB, or MONGODB_URI) once for the whole run.
    globalSetup: ['./tests/support/mongo-global-setup.ts'],
    reporters: ['default', './tests/support/adapter-count-reporter.ts'],
  },
});
