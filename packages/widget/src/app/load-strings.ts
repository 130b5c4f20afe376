import type { AppStrings, Locale } from './i18n.ts';

/** The hashed file names of the two strings modules, set by bundle.mjs (`{ en: 'strings-en-<hash>.js', ... }`). */
declare const PARLEY_STRINGS: Readonly<Record<Locale, string>>;

/**
 * The app's strings of one locale, a module of their own next to the app (`/widget/strings-<locale>-<hash>.js`):
 * the first paint carries one language, not both.
 */
export function loadStrings(locale: Locale): Promise<AppStrings> {
  const url = new URL(PARLEY_STRINGS[locale], import.meta.url).href; // next to the app, under /widget/
  return (import(url) as Promise<{ S: AppStrings }>).then((m) => m.S);
}
