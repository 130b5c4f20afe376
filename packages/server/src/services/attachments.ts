import type { Readable } from 'node:stream';
import { MAX_ATTACHMENT_BYTES, type AttachmentRef } from '@parley/protocol';
import { AppError } from '../lib/app-error.ts';
import { newId } from '../lib/ids.ts';
import { sniffContentType } from '../lib/sniff.ts';
import { BlobTooLargeError, type StoredBlob } from '../store/blobs/port.ts';
import type { AttachmentRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';
import { reserveUploadBytes } from './upload-budget.ts';

export interface Uploader {
  type: 'visitor' | 'agent';
  id: string;
  deskId: string;
}

export interface Upload {
  uploader: Uploader;
  name: string;
  /** The client's address (req.ip: follows TRUST_PROXY). */
  ip: string;
  /** Content-Length, when the client declared one (a body without it reserves the maximum size). */
  declaredBytes: number | undefined;
  /** The body, not read yet: it is streamed to storage. */
  body: Readable;
  /** Called once the upload is accepted, just before its body is read. */
  accepted?: () => void;
}

const toRef = (a: AttachmentRecord): AttachmentRef => ({ id: a.id, name: a.name, contentType: a.contentType, size: a.size });
const tooLarge = () => new AppError('payload_too_large', `file: must be at most ${MAX_ATTACHMENT_BYTES} bytes`);
const empty = () => new AppError('invalid_input', 'file: must not be empty');

/**
 * Stores an upload for its uploader; it joins a conversation only when a message of theirs references it (else the
 * sweep deletes it after the grace period). Budgets are spent before the body is read: counts per uploader, per desk
 * and (visitors, who cost nothing to create) per IP, and the declared bytes per desk and (visitors) per IP, given
 * back for what was not stored. Agents are staff, often many behind one office address: their own budget and the
 * desk's bound them.
 */
export async function uploadAttachment(deps: ServiceDeps, upload: Upload): Promise<AttachmentRef> {
  const { uploader, declaredBytes } = upload;
  if (declaredBytes !== undefined && declaredBytes > MAX_ATTACHMENT_BYTES) throw tooLarge();
  if (declaredBytes === 0) throw empty();
  const visitor = uploader.type === 'visitor';
  await deps.limits.consumeAll([
    visitor ? ['uploadsPerVisitor', uploader.id] : ['uploadsPerAgent', uploader.id],
    ...(visitor ? [['uploadsPerIp', upload.ip] as const] : []),
    ['uploadsPerDesk', uploader.deskId],
  ]);
  const bytes = await reserveUploadBytes(deps.limits, visitor ? upload.ip : null, uploader.deskId, declaredBytes ?? MAX_ATTACHMENT_BYTES);
  const id = newId();
  upload.accepted?.();
  let stored: StoredBlob;
  try {
    stored = await deps.store.blobs.put(id, upload.body, MAX_ATTACHMENT_BYTES);
  } catch (err) {
    await bytes.settle(0);
    throw err instanceof BlobTooLargeError ? tooLarge() : err;
  }
  const record: AttachmentRecord = {
    id,
    deskId: uploader.deskId,
    name: upload.name,
    contentType: sniffContentType(stored.head),
    size: stored.size,
    uploader: { type: uploader.type, id: uploader.id },
    sha256: stored.sha256,
    createdAt: iso(deps),
  };
  try {
    if (stored.size === 0) throw empty();
    await deps.store.createAttachment(record);
  } catch (err) {
    await deps.store.blobs.delete(id);
    await bytes.settle(0);
    throw err;
  }
  await bytes.settle(stored.size);
  return toRef(record);
}

/**
 * The attachments a message may carry: only the sender's own uploads. Someone else's id answers exactly like an
 * unknown one, so ids cannot be probed. Each is marked referenced before the message commits, so the sweep of
 * unreferenced uploads can never delete what a message carries (an upload it deleted first is unknown here).
 */
export async function attachmentsOfSender(deps: ServiceDeps, sender: Uploader, ids: readonly string[]): Promise<AttachmentRef[]> {
  const refs: AttachmentRef[] = [];
  for (const id of new Set(ids)) {
    const record = await deps.store.getAttachment(id);
    const own = record && record.deskId === sender.deskId && record.uploader.type === sender.type && record.uploader.id === sender.id;
    if (!own || !(await deps.store.markAttachmentReferenced(id, iso(deps)))) {
      throw new AppError('invalid_input', `attachmentIds: no upload of yours has the id ${id}`);
    }
    refs.push(toRef(record));
  }
  return refs;
}

/** An attachment's record and a stream of its bytes (never the whole file in memory). */
export async function openAttachment(deps: ServiceDeps, id: string): Promise<{ record: AttachmentRecord; data: Readable }> {
  const record = await deps.store.getAttachment(id);
  const data = record ? await deps.store.blobs.open(id) : null;
  if (!record || !data) throw new AppError('not_found', 'No such attachment');
  return { record, data };
}
