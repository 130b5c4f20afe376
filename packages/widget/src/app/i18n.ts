/**
 * Every string the widget shows, in English and Korean: the one i18n table of the widget.
 * The loader's handful of strings live here; the app's are in strings-en.ts / strings-ko.ts, one lazy chunk each. The Korean tables are typed by the English keys, so a missing or extra key fails typecheck.
 * `{count}` is a placeholder filled by `format`.
 */
export const LOCALES = ['en', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'ko';
}

/** The launcher's name, the loader's only string (the others come with the panel and host chunks). */
export const OPEN_CHAT: Readonly<Record<Locale, string>> = { en: 'Open chat', ko: '채팅 열기' };
/** The launcher's name while the chat is open (the panel's only string besides the frame's title). */
export const CLOSE_CHAT: Readonly<Record<Locale, string>> = { en: 'Close chat', ko: '채팅 닫기' };

/** Strings of the launcher on the host page (`src/panel`, `src/host`). */
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

/** The panel's status over the chat frame until the chat has drawn itself (`src/panel`), as the app's own `loading`. */
export const LOADING: Readonly<Record<Locale, string>> = { en: 'Loading…', ko: '불러오는 중…' };

/** The chat frame's title, on the host page (`src/panel`). */
export const FRAME_TITLE: Readonly<Record<Locale, string>> = { en: 'Chat', ko: '채팅 상담' };

/** Strings of the chat app inside the iframe (`src/app`): one chunk per locale (`load-strings.ts`, `app-strings.ts`). */
export type { AppStrings } from './strings-en.ts';

/** Fill `{name}` placeholders; unknown placeholders stay as they are. */
export function format(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    return value === undefined ? whole : String(value);
  });
}
