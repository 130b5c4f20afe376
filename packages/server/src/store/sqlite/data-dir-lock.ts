import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';

export const LOCK_FILE = 'parley.lock';

/**
 * One Parley process serves a DATA_DIR: it holds an exclusive lock on DATA_DIR/parley.lock (an empty SQLite file with
 * a transaction that never ends) for as long as it runs. The operating system drops the lock when the process dies,
 * so a crash never leaves a stale lock behind. The database file itself stays shareable with readers, which is what
 * lets `sqlite3 parley.sqlite ".backup ..."` take a consistent copy while Parley runs.
 */
export function lockDataDir(dataDir: string, databaseFile: string): Database {
  const lock = new BetterSqlite3(path.join(dataDir, LOCK_FILE), { timeout: 1000 });
  try {
    lock.exec('BEGIN EXCLUSIVE');
    return lock;
  } catch (err) {
    lock.close();
    if ((err as { code?: unknown }).code !== 'SQLITE_BUSY') throw err;
    throw new Error(
      `${databaseFile} is in use by another Parley process (${path.join(dataDir, LOCK_FILE)} is locked). One process serves an embedded store: stop the other one, or use MongoDB (MONGODB_URI) to run several nodes.`,
    );
  }
}
