/**
 * Text for one row of an agent's ticket list (subjects and previews): one line, without the invisible characters
 * that make a row read differently from what it holds. Bidi embeddings, overrides, isolates and marks can reorder
 * what follows them (`invoice_\u202Egpj.exe` shows as "invoice_exe.jpg"), and zero-width characters can hide inside
 * or between words ("Pay\u200BPal"). Message bodies never pass through here: they keep every character.
 * Every step is a single character class or a slice, so the work is linear in the text.
 */

// U+061C and U+200E–U+200F marks, U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates;
// U+200B–U+200D zero-width space, non-joiner and joiner, U+2060 word joiner, U+FEFF zero-width no-break space.
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

/** Anything `listLine` would change: an invisible character, whitespace other than one space, or at either end. */
const UNCLEAN = /[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]|[^\S ]|\s\s|^\s|\s$/;

/** `text` without invisible controls, its whitespace runs (newlines included) collapsed to one space, trimmed. */
export function listLine(text: string): string {
  // Nearly every subject and preview is clean already (they are cleaned when written): no new strings for them.
  if (!UNCLEAN.test(text)) return text;
  return text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** `line` cut to at most `max` UTF-16 units with an ellipsis, never between the two halves of a surrogate pair. */
export function clip(line: string, max: number): string {
  if (line.length <= max) return line;
  let end = max - 1;
  const code = line.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${line.slice(0, end)}…`;
}
