import type { Readable } from 'node:stream';

/** What a completed write learned while the bytes streamed through. */
export interface StoredBlob {
  size: number;
  sha256: string;
  /** The first bytes (at most BLOB_HEAD_BYTES), enough to sniff the content type. */
  head: Buffer;
}

/** How many leading bytes a write keeps for content sniffing. */
export const BLOB_HEAD_BYTES = 64;

/** The source sent more than the write's byte cap; nothing of it was kept. */
export class BlobTooLargeError extends Error {
  override name = 'BlobTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
  }
}

/**
 * The bytes of attachments, apart from their records (which stay in the Store): streamed in and out, never held
 * whole in memory, and never through the embedded store's writer thread. A blob exists only once its write is
 * complete; a failed or cut-off write leaves nothing behind.
 */
export interface BlobStore {
  /** Streams `source` into a new blob `id`; rejects with BlobTooLargeError once more than `maxBytes` arrive. */
  put(id: string, source: Readable, maxBytes: number): Promise<StoredBlob>;
  /** A stream of the blob's bytes, or null when there is no such blob. */
  open(id: string): Promise<Readable | null>;
  /** Removes the blob; removing a missing one is not an error. */
  delete(id: string): Promise<void>;
  /** Removes what crashed writes left half-written before `before`; returns how many. */
  removeAbandoned(before: Date): Promise<number>;
}
