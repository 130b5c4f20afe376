import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: '@parley/widget',
    environment: 'node',
    include: ['test/**/*.test.ts'],
  },
});
