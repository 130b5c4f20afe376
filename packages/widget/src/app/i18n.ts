/**
 * Every string the widget shows, in English and Korean: the one i18n table of the widget.
 * Two sections so the loader bundles only its handful of strings (the app section is tree-shaken out of
 * widget.js). The Korean tables are typed by the English keys, so a missing or extra key fails typecheck.
 * `{count}` is a placeholder filled by `format`.
 */
export const LOCALES = ['en', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'ko';
}

/** Strings of the launcher on the host page (`src/loader`). */
const LAUNCHER_EN = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  /** The launcher's name is `openChat, unread`: "Open chat, 2 unread". */
  unread: '{count} unread',
  unreadSome: 'new messages',
};
export type LauncherStrings = Readonly<Record<keyof typeof LAUNCHER_EN, string>>;

export const LAUNCHER_STRINGS: Readonly<Record<Locale, LauncherStrings>> = {
  en: LAUNCHER_EN,
  ko: {
    openChat: '채팅 열기',
    closeChat: '채팅 닫기',
    unread: '읽지 않은 메시지 {count}개',
    unreadSome: '새 메시지',
  },
};

/** The chat frame's title, on the host page (`src/panel`). */
export const FRAME_TITLE: Readonly<Record<Locale, string>> = { en: 'Chat', ko: '채팅 상담' };

/** Strings of the chat app inside the iframe (`src/app`). */
const APP_EN = {
  documentTitle: 'Chat',
  deskFallbackName: 'Support',
  greetingFallback: 'Hi! How can we help you today?',
  closeChat: 'Close chat',
  conversation: 'Conversation',
  authorYou: 'You',
  authorAgentFallback: 'Support',
  message: 'Message',
  messagePlaceholder: 'Type your message…',
  send: 'Send',
  sending: 'Sending…',
  notSent: 'Not sent',
  retry: 'Retry',
  discard: 'Delete',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  unavailable: 'Chat is unavailable right now. Please try again later.',
  errorRateLimited: 'You are sending messages too quickly. Please wait a moment and try again.',
  errorTooLong: 'This message is too long. Please shorten it and try again.',
  errorInvalid: 'This message could not be sent. Please check it and try again.',
  errorGeneric: 'Your message could not be sent. Please try again.',
  attachFile: 'Attach a file',
  attachments: 'Attachments',
  removeAttachment: 'Remove {name}',
  uploading: 'Uploading…',
  uploadTooLarge: '“{name}” is too large. Files can be at most {max}.',
  uploadEmpty: '“{name}” is empty and cannot be sent.',
  uploadTooMany: 'You can attach at most {count} files to one message.',
  uploadRateLimited: 'You are uploading files too quickly. Please wait a moment and try again.',
  uploadNetwork: '“{name}” could not be uploaded. Please check your connection and try again.',
  uploadFailed: '“{name}” could not be uploaded. Please try again.',
  uploadUnsupportedEncoding: '“{name}” could not be uploaded: files must be sent uncompressed.',
};
export type AppStrings = Readonly<Record<keyof typeof APP_EN, string>>;

export const APP_STRINGS: Readonly<Record<Locale, AppStrings>> = {
  en: APP_EN,
  ko: {
    documentTitle: '채팅 상담',
    deskFallbackName: '고객지원',
    greetingFallback: '안녕하세요! 무엇을 도와드릴까요?',
    closeChat: '채팅 닫기',
    conversation: '대화',
    authorYou: '나',
    authorAgentFallback: '상담원',
    message: '메시지',
    messagePlaceholder: '메시지를 입력하세요…',
    send: '보내기',
    sending: '보내는 중…',
    notSent: '전송 실패',
    retry: '다시 보내기',
    discard: '삭제',
    connecting: '연결 중…',
    reconnecting: '다시 연결 중…',
    unavailable: '지금은 채팅을 이용할 수 없습니다. 잠시 후 다시 시도해 주세요.',
    errorRateLimited: '메시지를 너무 빠르게 보내고 있습니다. 잠시 후 다시 시도해 주세요.',
    errorTooLong: '메시지가 너무 깁니다. 내용을 줄여서 다시 보내 주세요.',
    errorInvalid: '메시지를 보낼 수 없습니다. 내용을 확인한 뒤 다시 시도해 주세요.',
    errorGeneric: '메시지를 보내지 못했습니다. 다시 시도해 주세요.',
    attachFile: '파일 첨부',
    attachments: '첨부 파일',
    removeAttachment: '{name} 삭제',
    uploading: '올리는 중…',
    uploadTooLarge: '‘{name}’ 파일이 너무 큽니다. 파일은 {max}까지 보낼 수 있습니다.',
    uploadEmpty: '‘{name}’ 파일이 비어 있어 보낼 수 없습니다.',
    uploadTooMany: '메시지 하나에 파일은 {count}개까지 첨부할 수 있습니다.',
    uploadRateLimited: '파일을 너무 빠르게 올리고 있습니다. 잠시 후 다시 시도해 주세요.',
    uploadNetwork: '‘{name}’ 파일을 올리지 못했습니다. 연결을 확인한 뒤 다시 시도해 주세요.',
    uploadFailed: '‘{name}’ 파일을 올리지 못했습니다. 다시 시도해 주세요.',
    uploadUnsupportedEncoding: '‘{name}’ 파일을 올리지 못했습니다: 파일은 압축하지 않은 채로 보내야 합니다.',
  },
};

/** Fill `{name}` placeholders; unknown placeholders stay as they are. */
export function format(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    return value === undefined ? whole : String(value);
  });
}
