import { defineConfig } from 'vitest/config';
import { shared } from './vitest.config.ts';

/**
 * The fault suites: processes killed at chosen milliseconds, Redis and MongoDB cut and restored. They measure what
 * happens within a few milliseconds, so they run one at a time, after every other project has finished.
 */
export default defineConfig({
  ...shared,
  test: {
    ...shared.test,
    name: 'tests-faults',
    include: ['faults/**/*.test.ts'],
    fileParallelism: false,
    sequence: { groupOrder: 2 },
  },
});
