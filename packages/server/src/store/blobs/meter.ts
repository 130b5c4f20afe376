import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { BLOB_HEAD_BYTES, BlobTooLargeError, type StoredBlob } from './port.ts';

/**
 * Passes bytes through while counting them, hashing them and keeping the first few; fails with BlobTooLargeError
 * on the chunk that crosses `maxBytes`, before that chunk reaches the storage.
 */
export class BlobMeter extends Transform {
  private size = 0;
  private readonly hash = createHash('sha256');
  private readonly heads: Buffer[] = [];
  private headBytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return callback(new BlobTooLargeError(this.maxBytes));
    this.hash.update(chunk);
    if (this.headBytes < BLOB_HEAD_BYTES) {
      const part = chunk.subarray(0, BLOB_HEAD_BYTES - this.headBytes);
      this.heads.push(Buffer.from(part));
      this.headBytes += part.length;
    }
    callback(null, chunk);
  }

  /** Call once the write completed. */
  result(): StoredBlob {
    return { size: this.size, sha256: this.hash.digest('hex'), head: Buffer.concat(this.heads) };
  }
}
