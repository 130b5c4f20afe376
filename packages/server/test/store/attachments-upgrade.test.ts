import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.ts';
import { DATABASE_FILE, SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { mongoUri } from '../support/mongo-uri.ts';
import { dropDatabase, freshDatabaseName, openMongoStore, withDatabase } from './mongo-support.ts';

const LONG_AGO = '2020-01-01T00:00:00.000Z';
const NOW = new Date().toISOString();
const legacyRecord = {
  _id: 'legacyUpload0001',
  deskId: 'default',
  name: 'old.pdf',
  contentType: 'application/pdf',
  size: 9,
  uploader: { type: 'visitor', id: 'v1' },
  sha256: 'x',
  createdAt: LONG_AGO,
};

// Uploads stored before the sweep existed carry no "referenced" mark: they must be kept, never swept as orphans.
describe('attachments stored before the sweep of unreferenced uploads', () => {
  it('embedded: a database of schema version 1 keeps its uploads (they count as referenced)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-upgrade-'));
    try {
      const db = new BetterSqlite3(path.join(dir, DATABASE_FILE));
      db.exec(MIGRATIONS.find((m) => m.version === 1)!.sql);
      db.pragma('user_version = 1');
      db.prepare(
        `INSERT INTO attachments (id, desk_id, name, content_type, size, uploader_type, uploader_id, sha256, created_at)
         VALUES ('legacyUpload0001', 'default', 'old.pdf', 'application/pdf', 9, 'visitor', 'v1', 'x', ?)`,
      ).run(LONG_AGO);
      db.close();
      mkdirSync(path.join(dir, 'attachments'));
      writeFileSync(path.join(dir, 'attachments', 'legacyUpload0001'), '%PDF-1.7 ');

      const store = new SqliteStore(dir);
      await store.init();
      try {
        expect(await store.listUnreferencedAttachments(NOW, 10)).toEqual([]);
        expect(await store.deleteUnreferencedAttachment('legacyUpload0001', NOW)).toBe(false);
        const bytes = await store.blobs.open('legacyUpload0001');
        expect(bytes && Buffer.concat(await bytes.toArray()).toString()).toBe('%PDF-1.7 ');
      } finally {
        await store.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('mongo: a record without the mark is kept, and its bytes in attachment_data are still served', async () => {
    const uri = mongoUri();
    const dbName = freshDatabaseName('parley_upgrade');
    await withDatabase(uri, dbName, async (conn) => {
      await conn.db!.collection('attachments').insertOne(legacyRecord as unknown as Record<string, unknown>);
      await conn.db!.collection('attachment_data').insertOne({ _id: 'legacyUpload0001', data: Buffer.from('%PDF-1.7 ') } as unknown as Record<string, unknown>);
    });
    const store = await openMongoStore(uri, { dbName, serverSelectionTimeoutMS: 5000 });
    try {
      expect(await store.listUnreferencedAttachments(NOW, 10)).toEqual([]);
      expect(await store.deleteUnreferencedAttachment('legacyUpload0001', NOW)).toBe(false);
      expect((await store.getAttachment('legacyUpload0001'))?.name).toBe('old.pdf');
      const bytes = await store.blobs.open('legacyUpload0001');
      expect(bytes && Buffer.concat(await bytes.toArray()).toString()).toBe('%PDF-1.7 ');
    } finally {
      await store.close();
      await dropDatabase(uri, dbName);
    }
  });
});
