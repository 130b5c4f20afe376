import type { Config } from '../config.ts';
import type { Store } from './port.ts';
import { ThreadedSqliteStore } from './sqlite/threaded-store.ts';

/** MONGODB_URI chooses MongoDB; otherwise the embedded SQLite store under DATA_DIR, on a writer thread of its own. */
export async function openStore(config: Pick<Config, 'mongodbUri' | 'dataDir' | 'sqliteSync' | 'sqliteCheckpoints'>): Promise<Store> {
  if (config.mongodbUri) {
    const { MongoStore } = await import('./mongo/mongo-store.ts');
    return new MongoStore(config.mongodbUri);
  }
  return new ThreadedSqliteStore(config.dataDir, { sync: config.sqliteSync, checkpoints: config.sqliteCheckpoints });
}
