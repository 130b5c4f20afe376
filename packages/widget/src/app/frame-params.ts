import type { Locale } from './i18n.ts';
import { detectLocale } from './locale.ts';
import { isDeskId } from './desk-id.ts';

export interface FrameParams {
  desk: string;
  locale: Locale;
}

/** Read `#desk=...&locale=...` (set by the loader). `null` when the desk is missing or not an id. */
export function parseFrameParams(hash: string, browserLanguage: string | undefined): FrameParams | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const desk = params.get('desk');
  if (!isDeskId(desk)) return null;
  return { desk, locale: detectLocale(params.get('locale'), browserLanguage) };
}

/** The fragment the loader puts on the frame URL. */
export function frameHash(params: FrameParams): string {
  return '#' + new URLSearchParams({ desk: params.desk, locale: params.locale }).toString();
}
