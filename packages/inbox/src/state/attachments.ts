/**
 * Attachments, the pure part: the limits, narrowing of untrusted refs, the download link of a ref and the
 * client-side check of picked files before anything is uploaded.
 * The limits come from the protocol's zod-free entry point (its root would pull zod into the bundle).
 */
import type { ErrorBody } from '@parley/protocol/errors';
import type { AttachmentRef, Message } from '@parley/protocol/model';
import { API_BASE } from '../api.ts';

import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE } from '@parley/protocol/limits';

export { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE };

/** The protocol's id alphabet: a ref with any other id is dropped, never turned into a URL. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isAttachmentRef(value: unknown): value is AttachmentRef {
  if (typeof value !== 'object' || value === null) return false;
  const { id, name, contentType, size } = value as Record<string, unknown>;
  return (
    typeof id === 'string' &&
    ID.test(id) &&
    typeof name === 'string' &&
    typeof contentType === 'string' &&
    typeof size === 'number' &&
    Number.isFinite(size) &&
    size >= 0
  );
}

/** The well-formed attachments of a message (none when the field is missing or malformed). */
export function attachmentsOf(message: Pick<Message, 'attachments'>): AttachmentRef[] {
  const list: unknown = message.attachments;
  return Array.isArray(list) ? list.filter(isAttachmentRef) : [];
}

/** Shown as a thumbnail (`<img>`); the server names only types it detected from the bytes. */
export function isImage(ref: Pick<AttachmentRef, 'contentType'>): boolean {
  return ref.contentType.toLowerCase().startsWith('image/');
}

/**
 * `/api/v1/attachments/{id}/{name}`, both segments URI-encoded. The name is cosmetic for the server; a name that
 * would be a dot segment (`.`, `..`) or empty is replaced, so the URL can never be resolved to another path.
 */
export function attachmentHref(ref: Pick<AttachmentRef, 'id' | 'name'>): string {
  const name = encodeURIComponent(ref.name);
  const segment = name === '' || name === '.' || name === '..' ? 'file' : name;
  return `${API_BASE}/attachments/${encodeURIComponent(ref.id)}/${segment}`;
}

/** Why a file did not become an attachment; rendered by `attachProblemText` (hooks/useI18n.ts). */
export type AttachProblem =
  | { kind: 'empty' | 'tooLarge' | 'tooMany'; name: string }
  | { kind: 'failed'; name: string; error: ErrorBody }
  | { kind: 'uploading' };

export interface FileLike {
  name: string;
  size: number;
}

/**
 * Which of the picked `files` may be uploaded, given `taken` attachments already on the draft or uploading.
 * Empty and oversized files are refused (the server would refuse them too), and so is every file past the limit.
 */
export function checkFiles<F extends FileLike>(
  files: readonly F[],
  taken: number,
): { accepted: F[]; problems: AttachProblem[] } {
  const accepted: F[] = [];
  const problems: AttachProblem[] = [];
  for (const file of files) {
    if (file.size === 0) problems.push({ kind: 'empty', name: file.name });
    else if (file.size > MAX_ATTACHMENT_BYTES) problems.push({ kind: 'tooLarge', name: file.name });
    else if (taken + accepted.length >= MAX_ATTACHMENTS_PER_MESSAGE) problems.push({ kind: 'tooMany', name: file.name });
    else accepted.push(file);
  }
  return { accepted, problems };
}
