import type { Locale } from '../i18n.ts';

/** Why a file was not attached, in both languages: with the extras chunk, loaded when there is something to say. */
const EN = {
  uploadTooLarge: '“{name}” is too large. Files can be at most {max}.',
  uploadEmpty: '“{name}” is empty and cannot be sent.',
  uploadTooMany: 'You can attach at most {count} files to one message.',
  uploadRateLimited: 'You are uploading files too quickly. Please wait a moment and try again.',
  uploadNetwork: '“{name}” could not be uploaded. Please check your connection and try again.',
  uploadFailed: '“{name}” could not be uploaded. Please try again.',
  uploadUnsupportedEncoding: '“{name}” could not be uploaded: files must be sent uncompressed.',
};
export type UploadStrings = Readonly<Record<keyof typeof EN, string>>;

export const UPLOAD_STRINGS: Readonly<Record<Locale, UploadStrings>> = {
  en: EN,
  ko: {
    uploadTooLarge: '‘{name}’ 파일이 너무 큽니다. 파일은 {max}까지 보낼 수 있습니다.',
    uploadEmpty: '‘{name}’ 파일이 비어 있어 보낼 수 없습니다.',
    uploadTooMany: '메시지 하나에 파일은 {count}개까지 첨부할 수 있습니다.',
    uploadRateLimited: '파일을 너무 빠르게 올리고 있습니다. 잠시 후 다시 시도해 주세요.',
    uploadNetwork: '‘{name}’ 파일을 올리지 못했습니다. 연결을 확인한 뒤 다시 시도해 주세요.',
    uploadFailed: '‘{name}’ 파일을 올리지 못했습니다. 다시 시도해 주세요.',
    uploadUnsupportedEncoding: '‘{name}’ 파일을 올리지 못했습니다: 파일은 압축하지 않은 채로 보내야 합니다.',
  },
};
