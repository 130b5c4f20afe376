import type { Locale } from './i18n.ts';
import { detectLocale } from './locale.ts';
import { isDeskId } from './desk-id.ts';
import { readIdentity, type VisitorIdentity } from './identity.ts';

export interface FrameParams {
  desk: string;
  locale: Locale;
  /** The site's verified visitor, when it gave one (absent: anonymous). */
  identity?: VisitorIdentity | null;
  /** Created before the visitor opened it (preloaded on intent): start nothing until the panel opens. */
  closed?: boolean;
}

/**
 * Read `#desk=...&locale=...[&utoken=...][&closed=1]` (or the legacy `&uid=...&uhash=...`), set by the loader. `null` when the
 * desk is missing or not an id; an unusable identity is left out (anonymous).
 */
export function parseFrameParams(hash: string, browserLanguage: string | undefined): FrameParams | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const desk = params.get('desk');
  if (!isDeskId(desk)) return null;
  const result: FrameParams = { desk, locale: detectLocale(params.get('locale'), browserLanguage) };
  const identity = readIdentity({ token: params.get('utoken') ?? undefined, userId: params.get('uid'), hash: params.get('uhash') });
  if (identity) result.identity = identity;
  if (params.get('closed') === '1') result.closed = true;
  return result;
}

/**
 * The fragment the loader puts on the frame URL. The identity travels in the fragment, never the query string:
 * fragments are not sent to servers nor in `Referer`.
 */
export function frameHash(params: FrameParams): string {
  const fields: Record<string, string> = { desk: params.desk, locale: params.locale };
  const identity = params.identity;
  if (identity && 'token' in identity) fields['utoken'] = identity.token;
  else if (identity) {
    fields['uid'] = identity.userId;
    fields['uhash'] = identity.hash;
  }
  if (params.closed) fields['closed'] = '1';
  return '#' + new URLSearchParams(fields).toString();
}
