import { createHash } from 'node:crypto';
import { MAX_ATTACHMENT_BYTES, type AttachmentRef } from '@parley/protocol';
import { AppError } from '../lib/app-error.ts';
import { newId } from '../lib/ids.ts';
import { sniffContentType } from '../lib/sniff.ts';
import type { AttachmentRecord } from '../store/types.ts';
import { iso, type ServiceDeps } from './deps.ts';

export interface Uploader {
  type: 'visitor' | 'agent';
  id: string;
  deskId: string;
}

const toRef = (a: AttachmentRecord): AttachmentRef => ({ id: a.id, name: a.name, contentType: a.contentType, size: a.size });

/** Stores an upload for its uploader; it joins a conversation only when a message of theirs references it. */
export async function uploadAttachment(deps: ServiceDeps, uploader: Uploader, name: string, data: Buffer): Promise<AttachmentRef> {
  if (data.length === 0) throw new AppError('invalid_input', 'file: must not be empty');
  if (data.length > MAX_ATTACHMENT_BYTES) throw new AppError('payload_too_large', `file: must be at most ${MAX_ATTACHMENT_BYTES} bytes`);
  await deps.limits.consume(uploader.type === 'visitor' ? 'uploadsPerVisitor' : 'uploadsPerAgent', uploader.id);
  const record: AttachmentRecord = {
    id: newId(),
    deskId: uploader.deskId,
    name,
    contentType: sniffContentType(data),
    size: data.length,
    uploader: { type: uploader.type, id: uploader.id },
    sha256: createHash('sha256').update(data).digest('hex'),
    createdAt: iso(deps),
  };
  await deps.store.createAttachment(record, data);
  return toRef(record);
}

/**
 * The attachments a message may carry: only the sender's own uploads. Someone else's id answers exactly like an
 * unknown one, so ids cannot be probed.
 */
export async function attachmentsOfSender(deps: ServiceDeps, sender: Uploader, ids: readonly string[]): Promise<AttachmentRef[]> {
  const refs: AttachmentRef[] = [];
  for (const id of new Set(ids)) {
    const record = await deps.store.getAttachment(id);
    const own = record && record.deskId === sender.deskId && record.uploader.type === sender.type && record.uploader.id === sender.id;
    if (!own) throw new AppError('invalid_input', `attachmentIds: no upload of yours has the id ${id}`);
    refs.push(toRef(record));
  }
  return refs;
}

export async function downloadAttachment(deps: ServiceDeps, id: string): Promise<{ record: AttachmentRecord; data: Buffer }> {
  const record = await deps.store.getAttachment(id);
  const data = record ? await deps.store.readAttachmentData(id) : null;
  if (!record || !data) throw new AppError('not_found', 'No such attachment');
  return { record, data };
}
