import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { storeContract } from './contract.ts';

storeContract('embedded', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'parley-embedded-'));
  let store = new EmbeddedStore(dir);
  await store.init();
  return {
    store,
    async reopen() {
      await store.close();
      store = new EmbeddedStore(dir);
      await store.init();
      return store;
    },
    async dispose() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
