import type { Config } from '../config.ts';
import type { Store } from './port.ts';
import { SqliteStore } from './sqlite/sqlite-store.ts';

/** MONGODB_URI chooses MongoDB; otherwise the embedded SQLite store under DATA_DIR. */
export async function openStore(config: Pick<Config, 'mongodbUri' | 'dataDir' | 'sqliteSync'>): Promise<Store> {
  if (config.mongodbUri) {
    const { MongoStore } = await import('./mongo/mongo-store.ts');
    return new MongoStore(config.mongodbUri);
  }
  return new SqliteStore(config.dataDir, { sync: config.sqliteSync });
}
