import type { TicketSearch } from '../store/types.ts';

export const MAX_SEARCH_WORDS = 8;

/**
 * What an agent typed in the search box, as the store searches it: `#123` is ticket 123 only; `123` is ticket 123
 * or the word 123; anything else is words (lower-cased, split on white space). Null when nothing is left to search.
 */
export function parseSearch(text: string | undefined): TicketSearch | null {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return null;
  const numbered = /^#(\d{1,15})$/.exec(trimmed);
  if (numbered) return { words: [], number: Number(numbered[1]) };
  const words = [...new Set(trimmed.toLowerCase().split(/\s+/u))].filter((w) => w.length > 0).slice(0, MAX_SEARCH_WORDS);
  const number = /^\d{1,15}$/.test(trimmed) ? Number(trimmed) : null;
  return { words, number };
}
