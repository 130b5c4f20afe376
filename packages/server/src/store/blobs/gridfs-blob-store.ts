import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose, { type Connection } from 'mongoose';
import { guarded } from '../mongo/errors.ts';
import { BlobMeter } from './meter.ts';
import type { BlobStore, StoredBlob } from './port.ts';

type Db = mongoose.mongo.Db;
type Bucket = mongoose.mongo.GridFSBucket;
type ObjectId = mongoose.mongo.ObjectId;
interface ChunkDoc {
  files_id: string;
  n: number;
  data: mongoose.mongo.Binary;
}

/** GridFS takes any _id; the driver's types say ObjectId. Parley's blob ids are strings. */
const fileId = (id: string): ObjectId => id as unknown as ObjectId;

/** GridFS collections `attachment_blobs.files` and `attachment_blobs.chunks` (255 KiB per chunk). */
const BUCKET = 'attachment_blobs';
/** About 1 MB of a file in memory per reader. */
const CHUNKS_PER_BATCH = 4;
/** Where Parley before streaming kept each file's bytes as one document; still read, never written. */
const LEGACY_COLLECTION = 'attachment_data';

/**
 * Blobs in GridFS through the store's own connection (works on MongoDB and FerretDB 1.x). GridFS writes the file
 * document only after the last chunk: until then the blob does not exist, and a failed write's chunks are removed.
 */
export class GridFsBlobStore implements BlobStore {
  /** The bucket, with the database handle it was made for: a reopened connection (MongoStore's health) has a new one. */
  private bucketOf: { db: Db; bucket: Bucket } | null = null;

  constructor(private readonly conn: Connection) {}

  private get db(): Db {
    const db = this.conn.db;
    if (!db) throw new mongoose.mongo.MongoNotConnectedError('the store is not connected');
    return db;
  }

  private get bucket(): Bucket {
    const db = this.db;
    if (this.bucketOf?.db !== db) this.bucketOf = { db, bucket: new mongoose.mongo.GridFSBucket(db, { bucketName: BUCKET }) };
    return this.bucketOf.bucket;
  }

  put(id: string, source: Readable, maxBytes: number): Promise<StoredBlob> {
    return guarded(async () => {
      const meter = new BlobMeter(maxBytes);
      try {
        await pipeline(source, meter, this.bucket.openUploadStreamWithId(fileId(id), id));
      } catch (err) {
        await this.delete(id).catch(() => undefined);
        throw err;
      }
      return meter.result();
    });
  }

  open(id: string): Promise<Readable | null> {
    return guarded(async () => {
      const file = await this.bucket.find({ _id: fileId(id) }, { limit: 1 }).next();
      if (file) return this.chunksOf(id, file.length);
      const legacy = await this.db.collection<{ _id: string; data: mongoose.mongo.Binary }>(LEGACY_COLLECTION).findOne({ _id: id });
      return legacy ? Readable.from([Buffer.from(legacy.data.buffer)]) : null;
    });
  }

  /**
   * The file's bytes, a few chunks per round trip. Not the driver's openDownloadStream: its cursor takes up to 16 MB
   * of chunks in its first batch, so every reader of a 10 MB file would hold all of it in memory.
   */
  private chunksOf(id: string, length: number): Readable {
    const cursor = this.db
      .collection<ChunkDoc>(`${BUCKET}.chunks`)
      .find({ files_id: id }, { batchSize: CHUNKS_PER_BATCH, projection: { n: 1, data: 1 } })
      .sort({ n: 1 });
    async function* chunks(): AsyncGenerator<Buffer> {
      let expected = 0;
      let bytes = 0;
      try {
        for await (const chunk of cursor) {
          if (chunk.n !== expected++) throw new Error(`blob ${id}: chunk ${chunk.n} where ${expected - 1} belongs`);
          const data = chunk.data.buffer;
          bytes += data.byteLength;
          yield Buffer.from(data.buffer, data.byteOffset, data.byteLength);
        }
        if (bytes !== length) throw new Error(`blob ${id}: ${bytes} bytes of ${length}`);
      } finally {
        await cursor.close();
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  delete(id: string): Promise<void> {
    return guarded(async () => {
      // Both, whatever exists: a cut-off write leaves chunks without a file document.
      await this.db.collection<{ _id: string }>(`${BUCKET}.files`).deleteOne({ _id: id });
      await this.db.collection<{ files_id: string }>(`${BUCKET}.chunks`).deleteMany({ files_id: id });
      await this.db.collection<{ _id: string }>(LEGACY_COLLECTION).deleteOne({ _id: id });
    });
  }

  /** A write cut off by a crash leaves chunks without a file document; they carry no date, so they stay (rare, bounded by the byte budgets). */
  async removeAbandoned(_before: Date): Promise<number> {
    return 0;
  }
}
