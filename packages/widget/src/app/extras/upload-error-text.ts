import type { Locale } from '../i18n.ts';
import { format } from '../i18n.ts';
import { formatFileSize, type FileRefusal } from '../attachments.ts';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE } from '../limits.ts';
import type { UploadErrorCode } from '../widget-api.ts';
import { UPLOAD_STRINGS } from './upload-strings.ts';

/** The visitor-facing text for a file refused before upload (size, or one file too many). */
export function fileRefusalText(reason: FileRefusal, name: string, locale: Locale): string {
  const strings = UPLOAD_STRINGS[locale];
  switch (reason) {
    case 'too_large':
      return format(strings.uploadTooLarge, { name, max: formatFileSize(MAX_ATTACHMENT_BYTES, locale) });
    case 'empty':
      return format(strings.uploadEmpty, { name });
    case 'too_many':
      return format(strings.uploadTooMany, { count: MAX_ATTACHMENTS_PER_MESSAGE });
  }
}

/** The visitor-facing text for a failed upload (server messages are for developers and in English). */
export function uploadErrorText(code: UploadErrorCode, name: string, locale: Locale): string {
  const strings = UPLOAD_STRINGS[locale];
  switch (code) {
    case 'payload_too_large':
      return fileRefusalText('too_large', name, locale);
    case 'rate_limited':
      return strings.uploadRateLimited;
    case 'unsupported_encoding':
      return format(strings.uploadUnsupportedEncoding, { name });
    case 'network':
    case 'unavailable':
      return format(strings.uploadNetwork, { name });
    default:
      return format(strings.uploadFailed, { name });
  }
}
