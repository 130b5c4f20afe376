/**
 * The initials the server gives an agent who chose none ("Mina Park" → "MP", "김민아" → "김민"): the same rule as the
 * server's `initialsOf`, so the profile's preview shows what colleagues will see before it is saved.
 */
export function derivedInitials(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const letters = words.length > 1 ? words.slice(0, 2).map((w) => [...w][0]) : [...(words[0] ?? '?')].slice(0, 2);
  return letters.join('').toUpperCase();
}
