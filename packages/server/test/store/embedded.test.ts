import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Store } from '../../src/store/port.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { ThreadedSqliteStore } from '../../src/store/sqlite/threaded-store.ts';
import { storeContract, type StoreHarness } from './contract.ts';

async function sqliteHarness(open: (dir: string) => Store, domainRuleOnly: boolean): Promise<StoreHarness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'parley-sqlite-'));
  let store = open(dir);
  await store.init();
  return {
    store,
    domainRuleOnly,
    async reopen() {
      await store.close();
      store = open(dir);
      await store.init();
      return store;
    },
    async dispose() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// What the server runs: the store on its writer thread.
storeContract('embedded (SQLite, writer thread)', () => sqliteHarness((dir) => new ThreadedSqliteStore(dir), true));
// The same store in the caller's thread, where a test can hand it any rule.
storeContract('embedded (SQLite, in-process)', () => sqliteHarness((dir) => new SqliteStore(dir), false));
