/** The one-line preview shown in ticket lists. */
export function previewOf(text: string, max = 140): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A message's preview: its text, or the names of its files when it has no text. */
export function previewOfMessage(m: { text: string; attachments: ReadonlyArray<{ name: string }> }): string {
  return previewOf(m.text || m.attachments.map((a) => `📎 ${a.name}`).join(' '));
}
