import type { AttachmentRef } from '@parley/protocol';
import type { Locale } from './i18n.ts';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE } from './limits.ts';

/** The server's id alphabet (`Id` in `@parley/protocol` schemas). */
const ATTACHMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Light shape check of an attachment from the server or from storage (both untrusted). */
export function isAttachmentRef(value: unknown): value is AttachmentRef {
  if (typeof value !== 'object' || value === null) return false;
  const { id, name, contentType, size } = value as Record<string, unknown>;
  return (
    typeof id === 'string' &&
    ATTACHMENT_ID.test(id) &&
    typeof name === 'string' &&
    typeof contentType === 'string' &&
    typeof size === 'number' &&
    Number.isSafeInteger(size) &&
    size >= 0
  );
}

/** Only the four fields, in a fresh object (drops anything else a server or storage added). */
export function copyAttachmentRef({ id, name, contentType, size }: AttachmentRef): AttachmentRef {
  return { id, name, contentType, size };
}

/** `/api/v1/attachments/{id}/{name}`, both segments encoded (the name is cosmetic: `a/../b` stays one segment). */
export function attachmentUrl(ref: Pick<AttachmentRef, 'id' | 'name'>): string {
  return `/api/v1/attachments/${encodeURIComponent(ref.id)}/${encodeURIComponent(ref.name)}`;
}

/** The server decides the type from the file's bytes (SVG and HTML are never `image/`), so images may be shown. */
export function isImageAttachment(ref: Pick<AttachmentRef, 'contentType'>): boolean {
  return ref.contentType.startsWith('image/');
}

const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/** `812 B`, `4.2 KB`, `10 MB` (binary multiples, the way file managers count). */
export function formatFileSize(bytes: number, locale: Locale): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${UNITS[unit]}`;
}

/** Why a picked file is not uploaded, decided before any request. */
export type FileRefusal = 'too_large' | 'empty' | 'too_many';

/** A file the server would refuse for its size, or `null` when it may be uploaded. */
export function checkFileSize(file: { readonly size: number }): Exclude<FileRefusal, 'too_many'> | null {
  if (file.size > MAX_ATTACHMENT_BYTES) return 'too_large';
  if (file.size === 0) return 'empty';
  return null;
}

/**
 * Which of the picked files may join a message that already has `current` attachments: files of a refused size
 * are left out, and so is everything past the per-message limit.
 */
export function admitFiles<F extends { readonly name: string; readonly size: number }>(
  files: readonly F[],
  current: number,
): { accepted: F[]; refused: { file: F; reason: FileRefusal }[] } {
  const accepted: F[] = [];
  const refused: { file: F; reason: FileRefusal }[] = [];
  for (const file of files) {
    const reason = checkFileSize(file) ?? (current + accepted.length >= MAX_ATTACHMENTS_PER_MESSAGE ? 'too_many' : null);
    if (reason) refused.push({ file, reason });
    else accepted.push(file);
  }
  return { accepted, refused };
}
