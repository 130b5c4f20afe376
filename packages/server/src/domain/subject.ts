/** A ticket's subject from its first message: the first line, trimmed to fit a list row. */
export function subjectFromText(text: string, max = 80): string {
  const first = text.split('\n').find((l) => l.trim()) ?? text;
  const line = first.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line || 'New conversation';
}
