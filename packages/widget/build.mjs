// Builds the widget into dist/: widget.js (the loader, IIFE), app.js + app.css + frame.html (the chat frame).
// Usage: node build.mjs  (pnpm --filter @parley/widget build)
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
// What the browser downloads on every page of the host site: widget.js, gzipped.
const LOADER_BUDGET = 4 * 1024;

const common = {
  bundle: true,
  minify: true,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
  platform: 'browser',
  define: { 'process.env.NODE_ENV': '"production"' },
  // @parley/protocol from its sources (no need to compile it first).
  conditions: ['@parley/source', 'module'], // esbuild drops its default 'module' when conditions are set
};

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

await Promise.all([
  build({
    ...common,
    entryPoints: [join(root, 'src/loader/index.ts')],
    outfile: join(dist, 'widget.js'),
    format: 'iife',
    target: 'es2018',
  }),
  build({
    ...common,
    entryPoints: [join(root, 'src/app/main.tsx')],
    outfile: join(dist, 'app.js'),
    format: 'esm',
    target: 'es2020',
    jsx: 'automatic',
    jsxImportSource: 'preact',
  }),
  build({
    ...common,
    entryPoints: [join(root, 'src/app/app.css')],
    outfile: join(dist, 'app.css'),
  }),
  copyFile(join(root, 'src/app/frame.html'), join(dist, 'frame.html')),
]);

// The loader must stay free of the app's dependencies: fail loudly if they sneak in.
const loader = await readFile(join(dist, 'widget.js'), 'utf8');
for (const marker of ['preact', 'engine.io', 'socket.io', 'zod']) {
  if (loader.toLowerCase().includes(marker)) throw new Error(`widget.js unexpectedly contains "${marker}"`);
}

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
console.log('file          raw        gzip');
for (const name of ['widget.js', 'app.js', 'app.css', 'frame.html']) {
  const bytes = await readFile(join(dist, name));
  console.log(`${name.padEnd(12)}  ${kb(bytes.length).padStart(9)}  ${kb(gzipSync(bytes, { level: 9 }).length).padStart(9)}`);
}
const loaderGzip = gzipSync(loader, { level: 9 }).length;
if (loaderGzip > LOADER_BUDGET) console.warn(`warning: widget.js is ${kb(loaderGzip)} gzipped, over its ${kb(LOADER_BUDGET)} budget`);
else console.log(`widget.js is ${kb(loaderGzip)} gzipped: within its ${kb(LOADER_BUDGET)} budget`);
