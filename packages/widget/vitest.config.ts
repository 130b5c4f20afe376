import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages from their TypeScript sources (`@parley/source` in their exports), not their compiled dist/.
  ssr: { resolve: { conditions: ['@parley/source', 'module', 'node', 'development|production'] } },
  test: {
    name: '@parley/widget',
    environment: 'node',
    include: ['test/**/*.test.ts'],
  },
});
