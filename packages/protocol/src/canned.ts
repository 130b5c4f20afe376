/**
 * Canned responses: saved replies an agent inserts with `/shortcut` in the composer. Desk-wide ones (admins keep them)
 * and personal ones (each agent's own). Their text may hold placeholders filled when inserted:
 * `{{contact.name}}`, `{{contact.email}}`, `{{agent.name}}`, `{{ticket.number}}`, `{{desk.name}}`, each with an
 * optional fallback for an empty value: `{{contact.name | there}}`.
 */

export interface CannedResponse {
  id: string;
  deskId: string;
  /** null: desk-wide; else the agent whose personal response it is. */
  ownerId: string | null;
  shortcut: string;
  title: string;
  text: string;
  createdAt: string;
  updatedAt: string;
}

export const CANNED_SHORTCUT = /^[\p{L}\p{N}][\p{L}\p{N}_-]{0,31}$/u;

export const PLACEHOLDERS = ['contact.name', 'contact.email', 'agent.name', 'ticket.number', 'desk.name'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Partial<Record<Placeholder, string | null>>;

const PLACEHOLDER = /\{\{\s*([a-z]+\.[a-z]+)\s*(?:\|\s*([^}]*?)\s*)?\}\}/g;

/**
 * The text with its placeholders filled: a known placeholder with no value takes its fallback (or nothing); an unknown
 * one stays as written, so a typo is visible before sending.
 */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(PLACEHOLDER, (whole, name: string, fallback: string | undefined) => {
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) return whole;
    const value = values[name as Placeholder];
    return value !== null && value !== undefined && value.trim() !== '' ? value : (fallback ?? '');
  });
}

/** The responses whose shortcut or title starts with (or contains) what was typed after `/`, best first. */
export function matchCanned<T extends Pick<CannedResponse, 'shortcut' | 'title'>>(all: readonly T[], query: string): T[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [...all];
  const rank = (c: T) => {
    const shortcut = c.shortcut.toLowerCase();
    const title = c.title.toLowerCase();
    if (shortcut.startsWith(q)) return 0;
    if (title.startsWith(q)) return 1;
    if (shortcut.includes(q) || title.includes(q)) return 2;
    return 3;
  };
  return all
    .map((c) => ({ c, r: rank(c) }))
    .filter((x) => x.r < 3)
    .sort((a, b) => a.r - b.r || a.c.shortcut.localeCompare(b.c.shortcut))
    .map((x) => x.c);
}
