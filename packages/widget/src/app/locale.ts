import { isLocale, type Locale } from './i18n.ts';

/**
 * The widget's locale: an explicit request (`data-locale`, the frame's `#locale=`) when it names a supported
 * language (`ko`, `ko-KR`, `EN`...), otherwise Korean when the browser language is Korean, otherwise English.
 */
export function detectLocale(requested: string | null | undefined, browserLanguage: string | undefined): Locale {
  const primary = primarySubtag(requested);
  if (isLocale(primary)) return primary;
  return primarySubtag(browserLanguage) === 'ko' ? 'ko' : 'en';
}

function primarySubtag(tag: string | null | undefined): string {
  return String(tag || '').trim().toLowerCase().split(/[-_]/)[0] || '';
}
