import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { storeContract } from './contract.ts';

storeContract('embedded (SQLite)', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'parley-sqlite-'));
  let store = new SqliteStore(dir);
  await store.init();
  return {
    store,
    async reopen() {
      await store.close();
      store = new SqliteStore(dir);
      await store.init();
      return store;
    },
    async dispose() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
