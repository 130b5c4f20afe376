/** An agent's capacity as typed: empty is the desk's default (null); else a whole number from 1 to 100. */
export const MAX_CAPACITY = 100;

/** The capacity, null for "the desk default", or undefined when the text is not a valid capacity. */
export function parseCapacity(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= 1 && value <= MAX_CAPACITY ? value : undefined;
}
