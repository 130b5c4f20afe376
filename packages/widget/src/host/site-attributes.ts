import { ATTRIBUTE_KEY, MAX_ATTRIBUTE_KEY, MAX_ATTRIBUTE_VALUE, MAX_SITE_ATTRIBUTES } from '@parley/protocol/visit';

export type SiteAttributes = Record<string, string | number | boolean | null>;

/**
 * `Parley.setAttributes()` input as the server takes it, or a reason for the console. The server checks again and
 * answers `invalid_input`; checking here tells the site owner at once, where they call it.
 */
export function readAttributes(input: unknown): { ok: true; attributes: SiteAttributes } | { ok: false; reason: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, reason: 'setAttributes() takes an object' };
  const entries = Object.entries(input);
  if (entries.length > MAX_SITE_ATTRIBUTES) return { ok: false, reason: `at most ${MAX_SITE_ATTRIBUTES} attributes` };
  const attributes: SiteAttributes = {};
  for (const [key, value] of entries) {
    if (key.length > MAX_ATTRIBUTE_KEY || !ATTRIBUTE_KEY.test(key)) return { ok: false, reason: `"${key.slice(0, 50)}" is not a key (a letter, then letters, digits, _ . -; at most ${MAX_ATTRIBUTE_KEY})` };
    const fits = value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length <= MAX_ATTRIBUTE_VALUE);
    if (!fits) return { ok: false, reason: `${key}: a string of at most ${MAX_ATTRIBUTE_VALUE} characters, a number, a boolean or null` };
    attributes[key] = value as SiteAttributes[string];
  }
  return { ok: true, attributes };
}
