import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Which Parley the suites start as a process: `PARLEY_SERVER_ENTRY=compiled` runs the compiled server
 * (`node packages/server/dist/main.js`, what `pnpm start` and the Docker image run, no tsx), `sources` runs the
 * TypeScript sources through tsx, and any other value is a path to a server entry (`.js` runs with plain node, `.ts`
 * through tsx). Default: `compiled` in CI (`CI=true`; `pnpm test` builds first), `sources` elsewhere.
 */
export const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/server');
export const COMPILED_MAIN = path.join(SERVER_DIR, 'dist/main.js');
const SOURCE_MAIN = path.join(SERVER_DIR, 'src/main.ts');

export interface ServerEntry {
  kind: 'compiled' | 'sources';
  /** The script the process runs. */
  main: string;
  /** Arguments for `node`: the script with, from sources, tsx and the source condition before it. */
  args: string[];
}

export function serverEntry(value = process.env.PARLEY_SERVER_ENTRY): ServerEntry {
  const chosen = value || (process.env.CI === 'true' ? 'compiled' : 'sources');
  const main = chosen === 'compiled' ? COMPILED_MAIN : chosen === 'sources' ? SOURCE_MAIN : path.resolve(chosen);
  const kind = main.endsWith('.ts') ? 'sources' : 'compiled';
  if (!existsSync(main)) {
    throw new Error(`PARLEY_SERVER_ENTRY: ${main} does not exist${kind === 'compiled' ? ' (run `npx --yes pnpm@10 build` first)' : ''}`);
  }
  const args = kind === 'compiled' ? [main] : ['--conditions=@parley/source', '--import', 'tsx', main];
  return { kind, main, args };
}

/** true when suites start Parley as a separate process (compiled, or an explicit PARLEY_SERVER_ENTRY). */
export function serverRunsAsProcess(): boolean {
  return Boolean(process.env.PARLEY_SERVER_ENTRY) || process.env.CI === 'true';
}
