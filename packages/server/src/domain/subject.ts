import { clip, listLine } from '../lib/list-text.ts';

const UNTITLED = 'New conversation';

/**
 * A ticket's subject from its first message: the first line with something visible on it, without invisible
 * controls (see list-text.ts), trimmed to fit a list row.
 */
export function subjectFromText(text: string, max = 80): string {
  for (const raw of text.split('\n')) {
    const line = listLine(raw);
    if (line !== '') return clip(line, max);
  }
  return UNTITLED;
}

/** An agent's subject as stored: one line without invisible controls; null when nothing visible is left. */
export function subjectFromEdit(subject: string): string | null {
  const line = listLine(subject);
  return line === '' ? null : line;
}
