import mongoose from 'mongoose';
import { MongoStore, type MongoStoreOptions } from '../../src/store/mongo/mongo-store.ts';

/** A database name of its own for one test file run. */
export function freshDatabaseName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

export async function openMongoStore(uri: string, options: MongoStoreOptions): Promise<MongoStore> {
  const store = new MongoStore(uri, options);
  await store.init();
  return store;
}

/** Runs `work` on a raw connection of its own (the stores under test may be closed or broken). */
export async function withDatabase<T>(uri: string, dbName: string, work: (db: mongoose.Connection) => Promise<T>): Promise<T> {
  const conn = await mongoose.createConnection(uri, { dbName, serverSelectionTimeoutMS: 5000 }).asPromise();
  try {
    return await work(conn);
  } finally {
    await conn.close();
  }
}

export async function dropDatabase(uri: string, dbName: string): Promise<void> {
  await withDatabase(uri, dbName, async (conn) => {
    await conn.dropDatabase();
  });
}
