// Builds the widget into a directory (dist/ for build.mjs, a temporary one for the size test):
//   widget.js              the loader (IIFE): the launcher and the returning visitor's badge, nothing else
//   panel-<hash>.js        the host page's half of the chat (iframe, frame messages, storage bridge), imported on intent
//   host-<hash>.js         the rest of the JavaScript API (events, page tracking, locale, attributes) and the badge,
//                          imported by the panel chunk when it mounts
//   app-<hash>.js/.css     the chat app, loaded by frame.html inside the iframe
//   frame.html             the frame's page, naming the hashed files (never cached: it is what changes on a release)
//   live-<hash>.js         a returning visitor's live replies while the chat is closed (a WebSocket of its own),
//                          imported by the host chunk
//   extras-<hash>.js/.css  the chat's forms (pre-chat, offline, e-mail prompt) and list of conversations, imported by
//                          the app only when one is shown
import { build } from 'esbuild';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

/**
 * Gzipped bytes: the loader on every page of the host site; the panel's first paint after the visitor's intent; the
 * host chunk (the API's events, page tracking, the badge), which the panel imports next to the chat frame and which
 * the chat does not wait for.
 */
export const BUDGETS = { loader: 2 * 1024, firstPaint: 35 * 1024, host: 4 * 1024, live: 1536 };

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
  metafile: true,
};

/**
 * engine.io-client bundles a WebTransport transport that Parley's server never offers (it upgrades to WebSocket
 * only, and the client upgrades only to what the server lists): an empty stand-in keeps ~1 KB out of the app.
 */
const noWebTransport = {
  name: 'no-webtransport',
  setup(b) {
    b.onResolve({ filter: /^\.\/webtransport\.js$/ }, (args) =>
      args.importer.includes('engine.io-client') ? { path: 'webtransport', namespace: 'no-webtransport' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'no-webtransport' }, () => ({ contents: 'export class WT {}', loader: 'js' }));
  },
};

/**
 * engine.io-client parses URLs with a long regular expression of its own (user info, IPv6, path names...): the
 * browser's URL parser gives the fields socket.io reads (protocol without its colon, host without IPv6 brackets,
 * port, path, query and its keys) in far fewer bytes. The widget's socket URL is always absolute by then.
 */
const browserUrlParser = {
  name: 'browser-url-parser',
  setup(b) {
    b.onResolve({ filter: /^\.\/contrib\/parseuri\.js$/ }, (args) =>
      args.importer.includes('engine.io-client') ? { path: 'parseuri', namespace: 'browser-url-parser' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'browser-url-parser' }, () => ({
      contents:
        'export function parse(source){const u=new URL(source);return{source,protocol:u.protocol.slice(0,-1),' +
        'host:u.hostname.replace(/^\\[|\\]$/g,""),port:u.port,path:u.pathname,query:u.search.slice(1),' +
        'queryKey:Object.fromEntries(u.searchParams)}}',
      loader: 'js',
    }));
  },
};

/**
 * The widget's socket carries JSON only (files go by REST, and the server emits no binary to visitors): socket.io-parser's
 * binary support (walking every payload for ArrayBuffers and Blobs, splitting and rejoining binary packets) is dead
 * weight in the first paint. Stand-ins say nothing is binary, so the encoder never splits and the decoder treats a
 * binary frame, which the server never sends, as the unknown type it would be; engine.io's base64 decoder (binary
 * packets over long polling, never sent either) throws like the binary stand-in.
 */
const jsonOnlyParser = {
  name: 'json-only-parser',
  setup(b) {
    b.onResolve({ filter: /^\.\/(is-)?binary\.js$/ }, (args) =>
      args.importer.includes('socket.io-parser') ? { path: args.path, namespace: 'json-only-parser' } : undefined,
    );
    // engine.io's base64 decoding is for binary packets over long polling, which the server never sends either
    b.onResolve({ filter: /^\.\/contrib\/base64-arraybuffer\.js$/ }, (args) =>
      args.importer.includes('engine.io-parser') ? { path: args.path, namespace: 'json-only-parser' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'json-only-parser' }, (args) => ({
      contents: args.path === './binary.js'
        ? 'export function deconstructPacket(){throw new Error("binary")}export function reconstructPacket(){throw new Error("binary")}'
        : args.path === './is-binary.js'
          ? 'export const isBinary=()=>false,hasBinary=()=>false;'
          : 'export function decode(){throw new Error("binary")}',
      loader: 'js',
    }));
  },
};

/**
 * The extras chunk renders with the app's own Preact, handed over when it loads (src/app/extras/preact-shim.ts): no
 * second copy of Preact in it, and no chunk shared with the app that the first paint would have to load as well.
 */
const appPreact = {
  name: 'app-preact',
  setup(b) {
    const shim = join(root, 'src/app/extras/preact-shim.ts');
    b.onResolve({ filter: /^preact\/(hooks|jsx-runtime)$/ }, () => ({ path: shim }));
    b.onResolve({ filter: /^preact$/ }, () => {
      throw new Error("the extras chunk must not import preact itself (it renders with the app's, see preact-shim.ts)");
    });
  },
};

/** The entry point's output file of an esbuild result, by its base name (the others are its lazy chunks). */
const outputName = (result, entry) =>
  basename(
    Object.entries(result.metafile.outputs).find(([file, out]) => !file.endsWith('.map') && (!entry || out.entryPoint?.endsWith(entry)))[0],
  );

const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;

/**
 * Builds into `dist` (emptied first) and measures. Returns every file with its raw and gzipped size, the loader's
 * gzipped size and the first paint's (panel chunk + frame.html + app JS + app CSS), gzipped file by file as served.
 */
export async function buildWidget(dist) {
  await rm(dist, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });
  // The app's strings, one standalone module per locale, named for the app to import the visitor's one.
  const strings = await build({
    ...common,
    entryPoints: { 'strings-en': join(root, 'src/app/strings-en.ts'), 'strings-ko': join(root, 'src/app/strings-ko.ts') },
    outdir: dist,
    entryNames: '[name]-[hash]',
    format: 'esm',
    target: 'es2020',
  });
  const stringNames = {
    en: outputName(strings, 'src/app/strings-en.ts'),
    ko: outputName(strings, 'src/app/strings-ko.ts'),
  };
  // The live replies chunk: imported by the host chunk for a returning visitor, named in it.
  const live = await build({
    ...common,
    entryPoints: { live: join(root, 'src/live/index.ts') },
    outdir: dist,
    entryNames: '[name]-[hash]',
    format: 'esm',
    target: 'es2020',
  });
  const liveName = outputName(live);
  // The host chunk (API events, page tracking, badge): imported by the panel, named in it.
  const host = await build({
    ...common,
    entryPoints: { host: join(root, 'src/host/index.ts') },
    outdir: dist,
    entryNames: '[name]-[hash]',
    format: 'esm',
    target: 'es2020',
    define: { ...common.define, PARLEY_LIVE: JSON.stringify(liveName) },
  });
  const hostName = outputName(host);
  // The extras chunk and its stylesheet, named into the app (which imports the chunk when it shows one of them).
  const extrasCss = await build({ ...common, entryPoints: { extras: join(root, 'src/app/extras/extras.css') }, outdir: dist, entryNames: '[name]-[hash]' });
  const extrasCssName = outputName(extrasCss);
  const extras = await build({
    ...common,
    entryPoints: { extras: join(root, 'src/app/extras/index.ts') },
    outdir: dist,
    entryNames: '[name]-[hash]',
    format: 'esm',
    target: 'es2022',
    plugins: [appPreact],
    define: { ...common.define, PARLEY_EXTRAS_CSS: JSON.stringify(extrasCssName) },
    jsx: 'automatic',
    jsxImportSource: 'preact',
  });
  const extrasName = outputName(extras);
  const [panel, app, css] = await Promise.all([
    build({
      ...common,
      entryPoints: { panel: join(root, 'src/panel/index.ts') },
      outdir: dist,
      entryNames: '[name]-[hash]',
      format: 'esm',
      target: 'es2020',
      define: { ...common.define, PARLEY_HOST: JSON.stringify(hostName) },
    }),
    build({
      ...common,
      entryPoints: { app: join(root, 'src/app/main.tsx') },
      outdir: dist,
      entryNames: '[name]-[hash]',
      format: 'esm',
      // Class fields natively (Chrome 72, Safari 14.1, Firefox 69): no helper chunk, less code.
      target: 'es2022',
      plugins: [noWebTransport, jsonOnlyParser, browserUrlParser],
      define: { ...common.define, PARLEY_STRINGS: JSON.stringify(stringNames), PARLEY_EXTRAS: JSON.stringify(extrasName) },
      jsx: 'automatic',
      jsxImportSource: 'preact',
    }),
    build({ ...common, entryPoints: { app: join(root, 'src/app/app.css') }, outdir: dist, entryNames: '[name]-[hash]' }),
  ]);
  const names = { panel: outputName(panel), app: outputName(app, 'src/app/main.tsx'), css: outputName(css) };
  await build({
    ...common,
    entryPoints: [join(root, 'src/loader/index.ts')],
    outfile: join(dist, 'widget.js'),
    format: 'iife',
    target: 'es2020', // import() of the panel chunk
    define: { ...common.define, PARLEY_PANEL: JSON.stringify(names.panel) },
  });
  const frame = (await readFile(join(root, 'src/app/frame.html'), 'utf8'))
    .replace(/\n\s*/g, ' ') // one line: whitespace between tags and in attributes is nothing to the browser
    .replace(/> </g, '><')
    .replace('/widget/app.css', `/widget/${names.css}`)
    .replace('/widget/app.js', `/widget/${names.app}`);
  if (!frame.includes(names.app) || !frame.includes(names.css)) throw new Error('frame.html no longer names app.js and app.css');
  await writeFile(join(dist, 'frame.html'), frame);

  // The loader must stay free of the app's dependencies: fail loudly if they sneak in.
  const loader = await readFile(join(dist, 'widget.js'), 'utf8');
  for (const marker of ['preact', 'engine.io', 'socket.io', 'zod']) {
    if (loader.toLowerCase().includes(marker)) throw new Error(`widget.js unexpectedly contains "${marker}"`);
  }

  const files = [];
  for (const name of ['widget.js', names.panel, 'frame.html', names.app, names.css, stringNames.en, stringNames.ko, hostName, extrasName, extrasCssName, liveName]) {
    const bytes = await readFile(join(dist, name));
    files.push({ name, raw: bytes.length, gzip: gzipSize(bytes) });
  }
  // The first paint loads one locale's strings: counted as the larger of the two.
  const firstPaint = files.slice(1, 5).reduce((sum, file) => sum + file.gzip, 0) + Math.max(files[5].gzip, files[6].gzip);
  return { files, loader: files[0].gzip, firstPaint, host: files[7].gzip, live: files[10].gzip };
}

/** Builds into a temporary directory, measures (as `buildWidget`) and removes it: the size test. */
export async function measureWidget() {
  const dir = await mkdtemp(join(tmpdir(), 'parley-widget-'));
  try {
    return await buildWidget(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
