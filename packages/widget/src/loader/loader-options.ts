import type { Locale } from '../app/i18n.ts';
import { detectLocale } from '../app/locale.ts';
import { isDeskId } from '../app/desk-id.ts';

/** What the site owner's `<script src="https://HOST/widget.js" data-desk="..." data-locale="...">` asks for. */
export interface LoaderOptions {
  desk: string;
  locale: Locale;
  /** Origin of the Parley server (the script's own origin): the frame and its API live there. */
  base: string;
  /**
   * The visitor as the site identifies them, unchecked: `{ token }` (`data-user-token`), the legacy
   * `{ userId, hash }`, or the argument of `Parley.identify()`; `null` when anonymous (or after `Parley.logout()`).
   * The panel checks it with `readIdentity` when it loads, so the loader carries no JWT code.
   */
  identity: unknown;
}

export type ScriptTag = Pick<HTMLScriptElement, 'src' | 'getAttribute'>;

/** The loader's own script tag. `currentScript` is only set while the script first runs: call this first. */
export function findLoaderScript(doc: Document): ScriptTag | null {
  const current = doc.currentScript;
  return current && current.tagName === 'SCRIPT' ? (current as HTMLScriptElement) : doc.querySelector<HTMLScriptElement>('script[src$="/widget.js"][data-desk]');
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
  return { desk, base, locale: detectLocale(script.getAttribute('data-locale'), browserLanguage), identity: identityAttributes(script) };
}

/**
 * The identity attributes of the script tag as `readIdentity` takes them: `data-user-token` wins (even when it is
 * not a usable token: the visitor is then anonymous), else `data-user-id` and `data-user-hash`; `null` without any.
 */
export function identityAttributes(script: Pick<ScriptTag, 'getAttribute'>): unknown {
  const token = script.getAttribute('data-user-token');
  if (token !== null) return { token };
  const userId = script.getAttribute('data-user-id');
  const hash = script.getAttribute('data-user-hash');
  return userId === null && hash === null ? null : { userId, hash };
}
