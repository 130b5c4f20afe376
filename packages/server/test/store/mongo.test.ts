import { mongoUri } from '../support/mongo-uri.ts';
import { storeContract } from './contract.ts';
import { dropDatabase, freshDatabaseName, openMongoStore } from './mongo-support.ts';

storeContract('mongo', async () => {
  const uri = mongoUri();
  const dbName = freshDatabaseName('parley_contract');
  const options = { dbName, serverSelectionTimeoutMS: 5000 };
  let store = await openMongoStore(uri, options);
  return {
    store,
    async reopen() {
      await store.close();
      store = await openMongoStore(uri, options);
      return store;
    },
    async dispose() {
      await store.close();
      await dropDatabase(uri, dbName);
    },
  };
});
