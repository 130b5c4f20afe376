import path from 'node:path';
import type { Config } from '../config.ts';
import { EmbeddedStore } from './embedded/embedded-store.ts';
import type { Store } from './port.ts';

/** MONGODB_URI chooses MongoDB; otherwise the embedded store under DATA_DIR. */
export async function openStore(config: Pick<Config, 'mongodbUri' | 'dataDir'>): Promise<Store> {
  if (config.mongodbUri) {
    const { MongoStore } = await import('./mongo/mongo-store.ts');
    return new MongoStore(config.mongodbUri);
  }
  return new EmbeddedStore(path.join(config.dataDir, 'embedded'));
}
