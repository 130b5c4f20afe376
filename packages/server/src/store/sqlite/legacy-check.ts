import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where Parley ≤ 0.1 kept its nedb collections. */
const LEGACY_DIR = 'embedded';
const LEGACY_MARKER = 'conversations.db';

export class LegacyStoreError extends Error {
  override name = 'LegacyStoreError';
}

/**
 * Parley no longer reads the nedb files of its first version. Starting over them silently would look like lost data,
 * so the start stops and says what to do.
 */
export function assertNoLegacyStore(dataDir: string): void {
  const legacy = path.join(dataDir, LEGACY_DIR);
  if (!existsSync(path.join(legacy, LEGACY_MARKER))) return;
  throw new LegacyStoreError(
    [
      `DATA_DIR (${path.resolve(dataDir)}) holds the old nedb store of an earlier Parley in ${path.resolve(legacy)}.`,
      'This version keeps its embedded data in SQLite and does not read nedb files.',
      `To start with an empty SQLite store, move the old files away: mv "${path.resolve(legacy)}" "${path.resolve(legacy)}.nedb-backup"`,
      'or point DATA_DIR at another directory.',
    ].join('\n'),
  );
}
