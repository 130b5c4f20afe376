/**
 * Auto-linking of message text, as data: the text is split into plain runs and links, which components render
 * as text nodes and `<a>` elements (never HTML). Only literal `http://` / `https://` URLs are picked up, and
 * every href is re-checked by `safeHref`, which allows only http:, https: and mailto: after the browser's own
 * URL parsing (so `JaVaScRiPt:`, `java\tscript:`, leading spaces or control characters cannot sneak through).
 */

import { trimUrl } from './trim-url.ts';

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

export const SAFE_PROTOCOLS: readonly string[] = ['http:', 'https:', 'mailto:'];

/** Characters stripped before parsing, as the URL parser itself does (C0 controls, space, tab, newline). */
const HIDDEN = /[\u0000-\u0020\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/;

/**
 * `raw` as a normalized href when its scheme is http:, https: or mailto: (and an http(s) URL has a host and no
 * credentials, the `https://bank.example@evil.example` disguise); null for anything else, including relative
 * URLs. Safe to put in `href` as is.
 */
export function safeHref(raw: string): string | null {
  // A URL cannot contain these unescaped; a scheme split by them ("java\nscript:") is an obfuscation attempt.
  const trimmed = raw.trim();
  if (HIDDEN.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (!SAFE_PROTOCOLS.includes(url.protocol)) return null;
  if (url.protocol !== 'mailto:' && (url.hostname === '' || url.username !== '' || url.password !== '')) return null;
  return url.href;
}

/** One local part, one `@`, a domain of letters, digits, dots and hyphens: no two quantifiers compete for a character. */
const PLAIN_ADDRESS = /^[^\s@?#&/\\:,;<>"'%]+@[A-Za-z0-9.-]+$/;
/** The domain ends with a dot and a top-level domain of two letters or more, after at least one character. */
const DOMAIN_END = /[A-Za-z0-9.-]\.[A-Za-z]{2,}$/;

/**
 * An e-mail address as a `mailto:` href, or null when it does not look like a single plain address (a contact
 * field is visitor-controlled: no `?cc=`, no extra recipients, no spaces).
 */
export function mailtoHref(email: string | null | undefined): string | null {
  if (!email || email.length > 254 || !PLAIN_ADDRESS.test(email) || !DOMAIN_END.test(email)) return null;
  return safeHref(`mailto:${email}`);
}

/**
 * A candidate: `http://` or `https://` (any case) followed by printable ASCII except quotes, backquotes, angle
 * brackets and backslashes; it ends at whitespace or non-ASCII text (Korean particles are often written right
 * after a URL: "https://example.com에서"). One greedy character class with nothing after it: the regex never
 * backtracks, and each match resumes where the previous one ended, so the scan is linear in the text.
 */
const CANDIDATE = /\bhttps?:\/\/[!#-&(-;=?-\[\]-_a-~]+/gi;

/** `text` as plain runs and http(s) links; concatenating every part's `text` gives `text` back. */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let plain = '';
  let index = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    const url = trimUrl(match[0]);
    const href = safeHref(url);
    if (href === null) continue;
    plain += text.slice(index, start);
    if (plain !== '') parts.push({ kind: 'text', text: plain });
    plain = '';
    parts.push({ kind: 'link', text: url, href });
    index = start + url.length;
  }
  plain += text.slice(index);
  if (plain !== '') parts.push({ kind: 'text', text: plain });
  return parts;
}
