import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.ts';
import { UploadSweep } from '../../src/services/upload-sweep.ts';
import type { Store } from '../../src/store/port.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { AttachmentRecord } from '../../src/store/types.ts';
import { mongoUri } from '../support/mongo-uri.ts';
import { dropDatabase, freshDatabaseName, openMongoStore } from '../store/mongo-support.ts';

const log = createLogger('silent');
const GRACE_MS = 60_000;
let n = 0;

/** An upload as the service stores it: bytes first, then the record, created `ageMs` ago. */
async function upload(store: Store, ageMs: number): Promise<AttachmentRecord> {
  const id = `up${Date.now().toString(36)}${(n++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const blob = await store.blobs.put(id, Readable.from([Buffer.from(`%PDF-1.7 ${id}`)]), 1024);
  const record: AttachmentRecord = {
    id,
    deskId: 'default',
    name: `${id}.pdf`,
    contentType: 'application/pdf',
    size: blob.size,
    uploader: { type: 'visitor', id: 'v1' },
    sha256: blob.sha256,
    createdAt: new Date(Date.now() - ageMs).toISOString(),
  };
  await store.createAttachment(record);
  return record;
}

async function hasBytes(store: Store, id: string): Promise<boolean> {
  const stream = await store.blobs.open(id);
  stream?.destroy();
  return stream !== null;
}

describe('sweep of unreferenced uploads', () => {
  it('embedded: deletes records and files of old unreferenced uploads, keeps referenced and young ones, removes stale .part files', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-sweep-'));
    const store = new SqliteStore(dir);
    await store.init();
    try {
      const orphans = [await upload(store, 2 * GRACE_MS), await upload(store, 3 * GRACE_MS)];
      const carried = await upload(store, 2 * GRACE_MS);
      expect(await store.markAttachmentReferenced(carried.id, new Date().toISOString())).toBe(true);
      const young = await upload(store, 0);
      const crashed = path.join(store.blobs.dir, 'crashedUpload.part');
      await writeFile(crashed, 'half');
      const hourAgo = new Date(Date.now() - 3600_000);
      await utimes(crashed, hourAgo, hourAgo);

      const sweep = new UploadSweep({ store, log, now: () => new Date() }, { graceMs: GRACE_MS, everyMs: 60_000 });
      expect(await sweep.sweep()).toBe(2);
      for (const o of orphans) {
        expect(await store.getAttachment(o.id)).toBeNull();
        expect(await hasBytes(store, o.id)).toBe(false);
      }
      for (const kept of [carried, young]) {
        expect(await store.getAttachment(kept.id)).toEqual(kept);
        expect(await hasBytes(store, kept.id)).toBe(true);
      }
      expect(await store.blobs.open('crashedUpload')).toBeNull();
      expect(await sweep.sweep()).toBe(0);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('mongo: two nodes sweeping the same database at once delete each orphan exactly once and keep the rest', async () => {
    const uri = mongoUri();
    const dbName = freshDatabaseName('parley_sweep');
    const options = { dbName, serverSelectionTimeoutMS: 5000 };
    const [a, b] = [await openMongoStore(uri, options), await openMongoStore(uri, options)];
    try {
      const orphans = await Promise.all(Array.from({ length: 12 }, (_, i) => upload(i % 2 ? a : b, 2 * GRACE_MS)));
      const carried = await upload(a, 2 * GRACE_MS);
      expect(await b.markAttachmentReferenced(carried.id, new Date().toISOString())).toBe(true);
      const young = await upload(b, 0);

      const sweeps = [a, b].map((store) => new UploadSweep({ store, log, now: () => new Date() }, { graceMs: GRACE_MS, everyMs: 60_000 }));
      const deleted = await Promise.all(sweeps.map((s) => s.sweep()));
      expect(deleted[0]! + deleted[1]!).toBe(orphans.length);
      for (const o of orphans) {
        expect(await a.getAttachment(o.id)).toBeNull();
        expect(await b.blobs.open(o.id)).toBeNull();
      }
      for (const kept of [carried, young]) {
        expect(await b.getAttachment(kept.id)).toEqual(kept);
        expect(await hasBytes(a, kept.id)).toBe(true);
      }
    } finally {
      await a.close();
      await b.close();
      await dropDatabase(uri, dbName);
    }
  });
});
