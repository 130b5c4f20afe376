/**
 * Where a picker opens in the composer: `/` (canned responses) or `@` (mentions) typed at the start of the text or
 * after a space or a new line, with what follows it up to the caret as the query. A `/` in `and/or` or a URL, or an
 * `@` in an e-mail address, opens nothing.
 */
export type TriggerChar = '/' | '@';

export interface Trigger {
  char: TriggerChar;
  /** Index of the trigger character; the query runs from start + 1 to `end` (the caret). */
  start: number;
  end: number;
  query: string;
}

/** Longest query still looked up (a long run of words after an `@` is prose, not a name). */
export const MAX_TRIGGER_QUERY = 40;

export function findTrigger(text: string, caret: number, char: TriggerChar): Trigger | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf(char);
  if (start < 0) return null;
  if (start > 0 && !/\s/u.test(before.charAt(start - 1))) return null;
  const query = before.slice(start + 1);
  if (query.length > MAX_TRIGGER_QUERY || query.includes('\n')) return null;
  // Shortcuts have no spaces; names do ("@Mina Park"), but a query never starts or ends with one: `@Mina Park ` is
  // a finished mention followed by prose.
  if (char === '/' ? /\s/u.test(query) : /^\s|\s$/u.test(query)) return null;
  return { char, start, end: caret, query };
}

/** The trigger the caret is in: a `/` anywhere, an `@` only where mentions are allowed (notes); the nearer wins. */
export function activeTrigger(text: string, caret: number, mentions: boolean): Trigger | null {
  const slash = findTrigger(text, caret, '/');
  const at = mentions ? findTrigger(text, caret, '@') : null;
  if (slash && at) return slash.start > at.start ? slash : at;
  return slash ?? at;
}

/** `text` with [start, end) replaced by `insert`, and where the caret goes (after the insertion). */
export function replaceRange(text: string, start: number, end: number, insert: string): { text: string; caret: number } {
  return { text: text.slice(0, start) + insert + text.slice(end), caret: start + insert.length };
}
