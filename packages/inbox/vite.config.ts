import { defaultClientConditions, defineConfig } from 'vite';

/** Where `pnpm --filter @parley/inbox dev` forwards API and socket traffic (the Parley server). */
const SERVER = 'http://localhost:3000';

export default defineConfig({
  base: '/inbox/',
  // @parley/protocol from its sources (no need to compile it first).
  resolve: { conditions: ['@parley/source', ...defaultClientConditions] },
  // Vite 8 transforms with oxc: Preact's automatic JSX runtime, no preset plugin needed.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: {
    proxy: {
      '/api': SERVER,
      '/socket.io': { target: SERVER, ws: true },
    },
  },
});
