import { defineConfig } from 'vitest/config';
import server from './vitest.config.ts';

/**
 * The store tests that stop and restart a database server of their own: one file at a time, after every other
 * project has finished (the root config runs the rest two files at a time).
 */
export default defineConfig({
  ...server,
  test: {
    ...server.test,
    name: '@parley/server-restarts',
    include: ['test/store/mongo-restart.test.ts'],
    exclude: ['**/node_modules/**'],
    fileParallelism: false,
    sequence: { groupOrder: 3 },
  },
});
