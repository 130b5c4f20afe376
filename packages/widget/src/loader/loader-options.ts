import type { Locale } from '../app/i18n.ts';
import { detectLocale } from '../app/locale.ts';
import { isDeskId } from '../app/desk-id.ts';
import { readIdentity, type VisitorIdentity } from '../app/identity.ts';

/** What the site owner's `<script src="https://HOST/widget.js" data-desk="..." data-locale="...">` asks for. */
export interface LoaderOptions {
  desk: string;
  locale: Locale;
  /** Origin of the Parley server (the script's own origin): the frame and its API live there. */
  base: string;
  /**
   * The visitor as identified by the site (`data-user-token`, or the legacy `data-user-id` + `data-user-hash`), else
   * `null`; replaced by `Parley.identify()` / `Parley.logout()`.
   */
  identity: VisitorIdentity | null;
}

export type ScriptTag = Pick<HTMLScriptElement, 'src' | 'getAttribute'>;

/** The loader's own script tag. `currentScript` is only set while the script first runs: call this first. */
export function findLoaderScript(doc: Document): ScriptTag | null {
  const current = doc.currentScript;
  if (current && current.tagName === 'SCRIPT') return current as HTMLScriptElement;
  return doc.querySelector<HTMLScriptElement>('script[src$="/widget.js"][data-desk]');
}

/** `null` when `data-desk` is missing or not an id, or the script has no usable `src`. */
export function readLoaderOptions(script: ScriptTag, pageUrl: string, browserLanguage: string | undefined): LoaderOptions | null {
  const desk = script.getAttribute('data-desk');
  if (!isDeskId(desk)) return null;
  let base: string;
  try {
    base = new URL(script.src, pageUrl).origin;
  } catch {
    return null;
  }
  if (!/^https?:/.test(base)) return null;
  return {
    desk,
    base,
    locale: detectLocale(script.getAttribute('data-locale'), browserLanguage),
    identity: readIdentityAttributes(script),
  };
}

/** The identity of the script tag: `data-user-token`, else both `data-user-id` and `data-user-hash` (see `readIdentity`). */
export function readIdentityAttributes(script: Pick<ScriptTag, 'getAttribute'>): VisitorIdentity | null {
  return readIdentity({
    token: script.getAttribute('data-user-token') ?? undefined,
    userId: script.getAttribute('data-user-id'),
    hash: script.getAttribute('data-user-hash'),
  });
}
