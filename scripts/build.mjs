#!/usr/bin/env node
// `pnpm build`: compiles every package (protocol and server to JavaScript in their dist/, the widget and the inbox
// bundles) and records each package's build in .cache/build/. `pnpm start` and `pnpm parley` call buildIfStale(): it
// rebuilds the packages whose sources or build settings are newer than their stamp or whose output is missing (and,
// when the protocol is among them, every package).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** One stamp per package, written when its build succeeded: .cache/build/<package>. */
const stampOf = (pkg) => path.join(ROOT, '.cache/build', path.basename(pkg.dir));

/**
 * In build order: each package, what its build reads, and one file it writes. `swap`: the build compiles into a
 * fresh directory that then replaces dist/ in one rename, so a server (or a test run) using dist/ meanwhile never
 * finds it half-written or gone, and files of deleted sources do not linger. The widget's and the inbox's builds
 * pre-compress what the browser downloads (scripts/precompress.mjs).
 */
const PACKAGES = [
  { name: '@parley/protocol', dir: 'packages/protocol', inputs: ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json'], output: 'dist/index.js', swap: true },
  { name: '@parley/server', dir: 'packages/server', inputs: ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json'], output: 'dist/main.js', swap: true },
  { name: '@parley/widget', dir: 'packages/widget', inputs: ['src', 'package.json', 'build.mjs', 'bundle.mjs'], output: 'dist/widget.js', swap: false },
  { name: '@parley/inbox', dir: 'packages/inbox', inputs: ['src', 'public', 'index.html', 'package.json', 'vite.config.ts'], output: 'dist/index.html', swap: false },
];
const SHARED_INPUTS = ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'tsconfig.base.json', 'scripts/build.mjs', 'scripts/precompress.mjs'];

/** Newest modification time (ms) under `file` (a file or a directory), 0 when it does not exist. */
function newest(file) {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs; // a deleted file changes its directory's time
  for (const entry of readdirSync(file)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    max = Math.max(max, newest(path.join(file, entry)));
  }
  return max;
}

/** What must be built, in build order, each with why; empty when everything is current. */
export function stalePackages() {
  const stale = [];
  for (const pkg of PACKAGES) {
    const stamp = newest(stampOf(pkg));
    let why = null;
    if (!existsSync(path.join(ROOT, pkg.dir, pkg.output))) why = `${pkg.dir}/${pkg.output} is missing`;
    else if (!stamp) why = 'not built yet';
    else {
      const changed = [...SHARED_INPUTS, ...pkg.inputs.map((input) => path.join(pkg.dir, input))].find((input) => newest(path.join(ROOT, input)) > stamp);
      if (changed) why = `${changed} changed since the last build`;
    }
    // every other package is built from the protocol's sources or its compiled output
    if (!why && stale.some((s) => s.pkg.name === '@parley/protocol')) why = 'the protocol is rebuilt';
    if (why) stale.push({ pkg, why });
  }
  return stale;
}

/** Why the build is out of date (a short phrase), or null when it is current. */
export function staleness() {
  const [first] = stalePackages();
  return first ? `${first.pkg.name}: ${first.why}` : null;
}

function pnpm(args, toStderr) {
  const stdio = ['ignore', toStderr ? 2 : 'inherit', 'inherit'];
  // Inside a pnpm script npm_execpath is pnpm itself (also when pnpm was started by npx); otherwise pnpm on PATH.
  const execPath = process.env.npm_execpath;
  const viaNode = execPath && /pnpm/.test(path.basename(execPath)) && /\.c?js$/.test(execPath);
  const result = viaNode
    ? spawnSync(process.execPath, [execPath, ...args], { cwd: ROOT, stdio })
    : spawnSync('pnpm', args, { cwd: ROOT, stdio, shell: process.platform === 'win32' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** Builds every package in order; exits the process with the failing build's status. */
export function buildAll({ toStderr = false } = {}) {
  buildPackages(PACKAGES, { toStderr });
}

/** Builds `packages` (in build order); exits the process with the failing build's status. */
function buildPackages(packages, { toStderr = false } = {}) {
  const log = toStderr ? console.error : console.log;
  const started = Date.now();
  for (const pkg of packages) {
    rmSync(stampOf(pkg), { force: true });
    const t = Date.now();
    const dist = path.join(ROOT, pkg.dir, 'dist');
    const next = path.join(ROOT, pkg.dir, '.dist-next');
    const old = path.join(ROOT, pkg.dir, '.dist-old');
    if (pkg.swap) for (const dir of [next, old]) rmSync(dir, { recursive: true, force: true });
    log(`building ${pkg.name}`);
    const status = pnpm(['--silent', '--filter', pkg.name, 'run', 'build', ...(pkg.swap ? ['--outDir', '.dist-next'] : [])], toStderr);
    if (status !== 0) {
      if (pkg.swap) rmSync(next, { recursive: true, force: true });
      console.error(`build of ${pkg.name} failed (exit code ${status})`);
      process.exit(status);
    }
    if (pkg.swap) {
      if (existsSync(dist)) renameSync(dist, old);
      renameSync(next, dist);
      rmSync(old, { recursive: true, force: true });
    }
    mkdirSync(path.dirname(stampOf(pkg)), { recursive: true });
    writeFileSync(stampOf(pkg), `${new Date(t).toISOString()}\n`);
    utimesSync(stampOf(pkg), t / 1000, t / 1000); // a source saved during the build is newer than its stamp
    log(`built ${pkg.name} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  log(`build complete in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Builds when the build is out of date; says why. Quiet when it is current. */
export function buildIfStale({ toStderr = false } = {}) {
  const stale = stalePackages();
  if (!stale.length) return false;
  const log = toStderr ? console.error : console.log;
  for (const { pkg, why } of stale) log(`${pkg.name} is out of date: ${why}`);
  buildPackages(stale.map((s) => s.pkg), { toStderr });
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  if (process.argv.includes('--if-stale')) buildIfStale();
  else buildAll();
}
