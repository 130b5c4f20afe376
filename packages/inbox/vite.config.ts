import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';
import { precompress } from '../../scripts/precompress.mjs';

/** Where `pnpm --filter @parley/inbox dev` forwards API and socket traffic (the Parley server). */
const SERVER = 'http://localhost:3000';

export default defineConfig({
  base: '/inbox/',
  // @parley/protocol from its sources (no need to compile it first).
  resolve: { conditions: ['@parley/source', ...defaultClientConditions] },
  // Vite 8 transforms with oxc: Preact's automatic JSX runtime, no preset plugin needed.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  // The server sends each file's .br or .gz copy by Accept-Encoding (packages/server/src/http/precompressed.ts).
  plugins: [{ name: 'parley-precompress', apply: 'build', closeBundle: () => precompress(fileURLToPath(new URL('dist', import.meta.url))) }],
  server: {
    proxy: {
      '/api': SERVER,
      '/socket.io': { target: SERVER, ws: true },
    },
  },
});
